// Package idstest holds the conformance test every ids.Registry must pass.
package idstest

import (
	"context"
	"sync"
	"testing"

	"github.com/tidings-news/tidings/services/enricher/extract/fold"
	"github.com/tidings-news/tidings/services/enricher/extract/ids"
)

// Contract checks what every ids.Registry must do: spelling variants of a
// person resolve to the first id, other people do not, places keep their
// slug, a person known by "Sir" and given name and by full name is one, and
// transliterated given names agree.
func Contract(t *testing.T, reg ids.Registry) {
	t.Helper()
	ctx := context.Background()
	resolve := func(c ids.Candidate) string {
		t.Helper()
		if c.Key == "" {
			c.Key = fold.Key(c.Name)
		}
		id, err := reg.Resolve(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	first := resolve(ids.Candidate{Type: "PERSON", Name: "Sébastien Moreau", First: "sebastien", Surname: "moreau", Role: "defence minister"})
	if first != "per:sebastien-moreau" {
		t.Errorf("first id %q", first)
	}
	same := []ids.Candidate{
		{Type: "PERSON", Name: "Sebastien Moreau", First: "sebastien", Surname: "moreau"},
		{Type: "PERSON", Name: "Sebastien Moreaux", First: "sebastien", Surname: "moreaux", Role: "defence minister"},
		{Type: "PERSON", Name: "Moreau", Surname: "moreau"},
	}
	for _, c := range same {
		if got := resolve(c); got != first {
			t.Errorf("%q resolved to %q, want %q", c.Name, got, first)
		}
	}
	other := []ids.Candidate{
		{Type: "PERSON", Name: "Claire Moreau", First: "claire", Surname: "moreau"},
		{Type: "PERSON", Name: "Sebastien Morel", First: "sebastien", Surname: "morel", Role: "mayor"},
		{Type: "ORG", Name: "Moreau"},
	}
	for _, c := range other {
		if got := resolve(c); got == first {
			t.Errorf("%q wrongly merged with %q", c.Name, first)
		}
	}
	if a, b := resolve(ids.Candidate{Type: "LOC", Name: "Ukraine"}), resolve(ids.Candidate{Type: "LOC", Name: "Ukraine"}); a != b || a != "loc:ukraine" {
		t.Errorf("place ids %q %q", a, b)
	}
	// a person known by "Sir" and given name, before and after the full name
	k1 := resolve(ids.Candidate{Type: "PERSON", Name: "Sir Ambrose", First: "ambrose"})
	k2 := resolve(ids.Candidate{Type: "PERSON", Name: "Ambrose Tillery", First: "ambrose", Surname: "tillery"})
	k3 := resolve(ids.Candidate{Type: "PERSON", Name: "Sir Ambrose", Key: "sir ambrose x", First: "ambrose"})
	if k1 != k2 || k2 != k3 {
		t.Errorf("given-name ids %q %q %q", k1, k2, k3)
	}
	// transliterated given names
	if a, b := resolve(ids.Candidate{Type: "PERSON", Name: "Dmitri Orlovsky", First: "dmitri", Surname: "orlovsky"}),
		resolve(ids.Candidate{Type: "PERSON", Name: "Dmitry Orlovskiy", First: "dmitry", Surname: "orlovskiy"}); a != b {
		t.Errorf("transliterations: %q %q", a, b)
	}
	// a person first seen by surname keeps that id when the full name comes
	s1 := resolve(ids.Candidate{Type: "PERSON", Name: "Quillfeather", Surname: "quillfeather"})
	s2 := resolve(ids.Candidate{Type: "PERSON", Name: "Edna Quillfeather", First: "edna", Surname: "quillfeather"})
	if s1 != s2 {
		t.Errorf("surname then full name: %q %q", s1, s2)
	}
}

// Concurrently resolves n candidates at once, the i-th with regs[i%len(regs)]
// and cands[i/len(regs)%len(cands)], and fails the test unless every id is
// the same one, which it returns.
func Concurrently(t *testing.T, n int, regs []ids.Registry, cands []ids.Candidate) string {
	t.Helper()
	got := make([]string, n)
	var wg sync.WaitGroup
	for i := range got {
		wg.Go(func() {
			id, err := regs[i%len(regs)].Resolve(context.Background(), cands[i/len(regs)%len(cands)])
			if err != nil {
				t.Error(err)
			}
			got[i] = id
		})
	}
	wg.Wait()
	for _, id := range got {
		if id != got[0] {
			t.Fatalf("resolvers disagree: %v", got)
		}
	}
	return got[0]
}
