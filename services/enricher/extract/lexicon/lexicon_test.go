package lexicon

import (
	"strings"
	"testing"

	"github.com/tidings-news/tidings/services/enricher/extract/fold"
)

func TestLexiconLoads(t *testing.T) {
	lx := mustLexicon(t)
	if len(lx.gaz) < 500 || len(lx.roles) < 50 || lx.Given.Len() < 400 || len(lx.cameo) < 150 || len(lx.Patterns) < 100 {
		t.Errorf("tables look short: gaz %d roles %d given %d cameo %d patterns %d",
			len(lx.gaz), len(lx.roles), lx.Given.Len(), len(lx.cameo), len(lx.Patterns))
	}
}

func TestGazetteerEntries(t *testing.T) {
	lx := mustLexicon(t)
	cases := []struct {
		surface, canon, typ, country string
		upper                        bool
	}{
		{"Britain", "United Kingdom", "LOC", "United Kingdom", false},
		{"UK", "United Kingdom", "LOC", "United Kingdom", true},
		{"U.S.", "United States", "LOC", "United States", true},
		{"Kiev", "Kyiv", "LOC", "Ukraine", false},
		{"Washington, D.C.", "Washington DC", "LOC", "United States", false},
		{"French", "French", "NORP", "France", false},
		{"Ukrainians", "Ukrainian", "NORP", "Ukraine", false},
		{"Europeans", "European", "NORP", "Europe", false},
		{"NATO", "Nato", "ORG", "", true},
		{"the Kremlin", "Kremlin", "ORG", "Russia", false},
		{"No 10", "Downing Street", "ORG", "United Kingdom", false},
		{"White House", "White House", "ORG", "United States", false},
		{"Black Sea", "Black Sea", "LOC", "", false},
	}
	for _, c := range cases {
		e := lx.LookupGaz(fold.Key(c.surface), c.upper)
		if e == nil || e.Canon != c.canon || e.Type != c.typ || e.Country != c.country {
			t.Errorf("%q: got %+v, want %s %s %s", c.surface, e, c.canon, c.typ, c.country)
		}
	}
	if e := lx.LookupGaz("us", false); e != nil {
		t.Errorf("lower-case \"us\" must not be the United States: %+v", e)
	}
}

func TestRolesHonorificsAndNames(t *testing.T) {
	lx := mustLexicon(t)
	for phrase, canon := range map[string]string{"PM": "prime minister", "Defence Secretary": "defence secretary",
		"secretary-general": "secretary general", "Defense Minister": "defence minister"} {
		if r, ok := lx.roles[fold.Key(phrase)]; !ok || r.Canon != canon || !r.Standalone {
			t.Errorf("role %q: %+v", phrase, r)
		}
	}
	if r := lx.roles["spokesman"]; r.Standalone {
		t.Error("spokesman must not stand alone as a person's role mention")
	}
	for w, style := range map[string]string{"Sir": "given", "Mr": "surname", "Admiral": "rank"} {
		if lx.Honor[w].Style != HonorStyle(style) {
			t.Errorf("honorific %s: %q", w, lx.Honor[w])
		}
	}
	for _, n := range []string{"amelia", "volodymyr", "sebastien", "giorgia", "jd"} {
		if !lx.Given.Has(fold.Fold(n)) {
			t.Errorf("given name %q missing", n)
		}
	}
	for _, w := range []string{"speaking", "meanwhile", "the", "asked"} {
		if !lx.Stop.Has(w) {
			t.Errorf("sentence opener %q missing", w)
		}
	}
	for n, g := range map[string]byte{"greta": 'f', "amelia": 'f', "ivo": 'm', "volodymyr": 'm'} {
		if lx.Gender[n] != g {
			t.Errorf("gender of %s: %q", n, lx.Gender[n])
		}
	}
	if v := lx.Speech["saying"]; !v.Participle || v.Lemma != "say" {
		t.Errorf("saying: %+v", v)
	}
}

func TestCameoTable(t *testing.T) {
	lx := mustLexicon(t)
	for code, c := range lx.cameo {
		root := code[:2]
		if _, ok := lx.cameo[root]; !ok {
			t.Errorf("%s has no root row", code)
		}
		want := 4
		switch {
		case root <= "05":
			want = 1
		case root <= "09":
			want = 2
		case root <= "14":
			want = 3
		}
		if c.QuadClass != want {
			t.Errorf("%s quad class %d, want %d", code, c.QuadClass, want)
		}
		if c.Goldstein < -10 || c.Goldstein > 10 || c.Label == "" {
			t.Errorf("%s: %+v", code, c)
		}
	}
	for trig, ps := range lx.Patterns {
		for _, p := range ps {
			if _, ok := lx.cameo[p.Code]; !ok {
				t.Errorf("pattern %q codes unknown %s", trig, p.Code)
			}
			if fold.Key(trig) != trig || strings.Count(trig, " ") > 1 {
				t.Errorf("trigger %q must be one word's key (a hyphenated word's key has a space where its hyphen was)", trig)
			}
		}
	}
}

func TestWordLists(t *testing.T) {
	lx := mustLexicon(t)
	checks := []struct {
		name string
		set  Words
		want []string
	}{
		{"organisation heads", lx.OrgHeads, []string{"Group", "Headquarters", "Institute", "Ministry", "Corp"}},
		{"place heads", lx.LocHeads, []string{"House", "Square", "Airport"}},
		{"organisation nouns", lx.OrgNouns, []string{"agency", "militia", "party"}},
		{"place nouns", lx.LocNouns, []string{"region", "province", "city"}},
		{"not names", lx.NotNames, []string{"brexit", "christmas", "covid"}},
		{"unnamed speakers", lx.Speakers, []string{"spokesman", "official", "backbencher"}},
	}
	for _, c := range checks {
		for _, w := range c.want {
			if !c.set.Has(w) {
				t.Errorf("%s: %q missing", c.name, w)
			}
		}
	}
	for k := range lx.Given.All() {
		if lx.Stop.Has(k) {
			t.Errorf("%q is both a given name and a sentence opener", k)
		}
	}
}

// TestGazetteerHasNoConflicts checks that one surface form never names two
// different things (the first entry would silently win).
func TestGazetteerHasNoConflicts(t *testing.T) {
	lx := mustLexicon(t)
	for k, es := range lx.gaz {
		for _, e := range es[1:] {
			if e.Canon != es[0].Canon || e.Type != es[0].Type {
				if e.Upper == es[0].Upper {
					t.Errorf("%q names both %s %s and %s %s", k, es[0].Type, es[0].Canon, e.Type, e.Canon)
				}
			}
		}
	}
}

func mustLexicon(t *testing.T) *Lexicon {
	t.Helper()
	lx, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return lx
}
