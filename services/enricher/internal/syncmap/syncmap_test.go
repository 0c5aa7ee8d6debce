package syncmap

import (
	"sync"
	"testing"
)

func TestMap(t *testing.T) {
	var m Map[string, int]
	if v, ok := m.Get("a"); ok || v != 0 {
		t.Fatalf("empty map: %d %v", v, ok)
	}
	m.Set("a", 1)
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() { m.Update("a", func(v int, ok bool) int { return v + 1 }) })
	}
	wg.Wait()
	if v, ok := m.Get("a"); !ok || v != 51 {
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
