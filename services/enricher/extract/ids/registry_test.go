package ids_test

import (
	"context"
	"sync"
	"testing"

	"github.com/tidings-news/tidings/services/enricher/extract/fold"
	"github.com/tidings-news/tidings/services/enricher/extract/ids"
	"github.com/tidings-news/tidings/services/enricher/extract/ids/idstest"
)

func TestMemoryRegistry(t *testing.T) {
	idstest.Contract(t, ids.NewMemoryRegistry())
}

func TestMemoryRegistryConcurrent(t *testing.T) {
	reg := ids.NewMemoryRegistry()
	var wg sync.WaitGroup
	got := make([]string, 16)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := "Anneliese Brandt"
			if i%2 == 1 {
				name = "Annelíese Brandt"
			}
			id, err := reg.Resolve(context.Background(), ids.Candidate{Type: "PERSON", Name: name, Key: fold.Key(name), First: "anneliese", Surname: "brandt"})
			if err != nil {
				t.Error(err)
			}
			got[i] = id
		}()
	}
	wg.Wait()
	for _, id := range got {
		if id != got[0] {
			t.Fatalf("ids differ: %v", got)
		}
	}
}
