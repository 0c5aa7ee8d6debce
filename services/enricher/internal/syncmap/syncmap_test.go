package syncmap

import (
	"context"
	"sync"
	"testing"
)

func TestMap(t *testing.T) {
	var m Map[string, int]
	ctx := context.Background()
	if v, ok, err := m.Load(ctx, "a"); ok || v != 0 || err != nil {
		t.Fatalf("empty map: %d %v %v", v, ok, err)
	}
	if err := m.Store(ctx, "a", 1); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() { m.Update("a", func(v int, ok bool) int { return v + 1 }) })
	}
	wg.Wait()
	if v, ok, _ := m.Load(ctx, "a"); !ok || v != 51 {
		t.Errorf("after 50 updates: %d %v, want 51", v, ok)
	}
	first := func(id int) int {
		return m.Update("b", func(v int, ok bool) int {
			if ok {
				return v
			}
			return id
		})
	}
	if a, b := first(7), first(9); a != 7 || b != 7 {
		t.Errorf("first writer wins: %d %d, want 7 7", a, b)
	}
}
