package ids_test

import (
	"testing"

	"github.com/tidings-news/tidings/services/enricher/extract/fold"
	"github.com/tidings-news/tidings/services/enricher/extract/ids"
	"github.com/tidings-news/tidings/services/enricher/extract/ids/idstest"
)

func TestMemoryRegistry(t *testing.T) {
	idstest.Contract(t, ids.NewMemoryRegistry())
}

func TestMemoryRegistryConcurrent(t *testing.T) {
	var cands []ids.Candidate
	for _, name := range []string{"Anneliese Brandt", "Annelíese Brandt"} {
		cands = append(cands, ids.Candidate{Type: "PERSON", Name: name, Key: fold.Key(name), First: "anneliese", Surname: "brandt"})
	}
	idstest.Concurrently(t, 16, []ids.Registry{ids.NewMemoryRegistry()}, cands)
}
