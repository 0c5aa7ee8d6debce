package extract

import (
	"context"
	"fmt"
	"sync"
	"testing"
)

// registryContract checks what every Registry must do.
func registryContract(t *testing.T, reg Registry) {
	t.Helper()
	ctx := context.Background()
	resolve := func(c Candidate) string {
		t.Helper()
		if c.Key == "" {
			c.Key = foldKey(c.Name)
		}
		id, err := reg.Resolve(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	first := resolve(Candidate{Type: "PERSON", Name: "Sébastien Moreau", First: "sebastien", Surname: "moreau", Role: "defence minister"})
	if first != "per:sebastien-moreau" {
		t.Errorf("first id %q", first)
	}
	same := []Candidate{
		{Type: "PERSON", Name: "Sebastien Moreau", First: "sebastien", Surname: "moreau"},
		{Type: "PERSON", Name: "Sebastien Moreaux", First: "sebastien", Surname: "moreaux", Role: "defence minister"},
		{Type: "PERSON", Name: "Moreau", Surname: "moreau"},
	}
	for _, c := range same {
		if got := resolve(c); got != first {
			t.Errorf("%q resolved to %q, want %q", c.Name, got, first)
		}
	}
	other := []Candidate{
		{Type: "PERSON", Name: "Claire Moreau", First: "claire", Surname: "moreau"},
		{Type: "PERSON", Name: "Sebastien Morel", First: "sebastien", Surname: "morel", Role: "mayor"},
		{Type: "ORG", Name: "Moreau"},
	}
	for _, c := range other {
		if got := resolve(c); got == first {
			t.Errorf("%q wrongly merged with %q", c.Name, first)
		}
	}
	if a, b := resolve(Candidate{Type: "LOC", Name: "Ukraine"}), resolve(Candidate{Type: "LOC", Name: "Ukraine"}); a != b || a != "loc:ukraine" {
		t.Errorf("place ids %q %q", a, b)
	}
	// a person known by "Sir" and given name, before and after the full name
	k1 := resolve(Candidate{Type: "PERSON", Name: "Sir Ambrose", First: "ambrose"})
	k2 := resolve(Candidate{Type: "PERSON", Name: "Ambrose Tillery", First: "ambrose", Surname: "tillery"})
	k3 := resolve(Candidate{Type: "PERSON", Name: "Sir Ambrose", Key: "sir ambrose x", First: "ambrose"})
	if k1 != k2 || k2 != k3 {
		t.Errorf("given-name ids %q %q %q", k1, k2, k3)
	}
	// transliterated given names
	if a, b := resolve(Candidate{Type: "PERSON", Name: "Dmitri Orlovsky", First: "dmitri", Surname: "orlovsky"}),
		resolve(Candidate{Type: "PERSON", Name: "Dmitry Orlovskiy", First: "dmitry", Surname: "orlovskiy"}); a != b {
		t.Errorf("transliterations: %q %q", a, b)
	}
	// a person first seen by surname keeps that id when the full name comes
	s1 := resolve(Candidate{Type: "PERSON", Name: "Quillfeather", Surname: "quillfeather"})
	s2 := resolve(Candidate{Type: "PERSON", Name: "Edna Quillfeather", First: "edna", Surname: "quillfeather"})
	if s1 != s2 {
		t.Errorf("surname then full name: %q %q", s1, s2)
	}
}

func TestMemoryRegistry(t *testing.T) {
	registryContract(t, NewMemoryRegistry())
}

func TestMemoryRegistryConcurrent(t *testing.T) {
	reg := NewMemoryRegistry()
	var wg sync.WaitGroup
	ids := make([]string, 16)
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := "Anneliese Brandt"
			if i%2 == 1 {
				name = "Annelíese Brandt"
			}
			id, err := reg.Resolve(context.Background(), Candidate{Type: "PERSON", Name: name, Key: foldKey(name), First: "anneliese", Surname: "brandt"})
			if err != nil {
				t.Error(err)
			}
			ids[i] = id
		}()
	}
	wg.Wait()
	for _, id := range ids {
		if id != ids[0] {
			t.Fatalf("ids differ: %v", ids)
		}
	}
}

func TestSurnameCloseness(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{{"moreau", "moraeu", false}, {"lindqvist", "lindquist", true}, {"kovalenko", "kovalenka", true}, {"smith", "smyth", true}, {"lee", "lea", false},
		{"moreau", "morel", false}, {"brandt", "brandt", true}} {
		if got := surnameClose(c.a, c.b); got != c.want {
			t.Errorf("surnameClose(%s, %s) = %v", c.a, c.b, got)
		}
	}
}

func TestCrossArticleIDsThroughExtract(t *testing.T) {
	reg := NewMemoryRegistry()
	x, err := New(Options{Registry: reg})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for i, body := range []string{
		"French defence minister Sébastien Moreau met Ivo Marsh in Lyon.",
		"Sebastien Moreaux and Ivo Marsh spoke in Brussels.",
	} {
		rec, err := x.Extract(context.Background(), mustArticle(fmt.Sprint(i), body))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range rec.Entities {
			if e.Type == "PERSON" {
				ids[e.ID] = true
			}
		}
	}
	if len(ids) != 2 || !ids["per:sebastien-moreau"] || !ids["per:ivo-marsh"] {
		t.Errorf("ids across articles: %v", ids)
	}
}
