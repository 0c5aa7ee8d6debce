package lookup_test

import (
	"testing"

	"github.com/tidings-news/tidings/services/enricher/extract/extracttest"
	"github.com/tidings-news/tidings/services/enricher/extract/lexicon"
	"github.com/tidings-news/tidings/services/enricher/extract/lookup"
)

func TestLongestMatches(t *testing.T) {
	lx := extracttest.Lexicon(t)
	d := extracttest.Doc(t, "Mr. Smith of the United States of America met Deputy Prime Minister Lee and the PM in the Kremlin.", "quotemarks")
	at := func(text string) int {
		for i, tk := range d.Toks {
			if tk.Text == text {
				return i
			}
		}
		t.Fatalf("no token %q", text)
		return -1
	}
	if e, n := lookup.Gaz(d, lx, at("United")); e == nil || e.Canon != "United States" || n != 4 {
		t.Errorf("gazetteer: %+v %d", e, n)
	}
	if e, n := lookup.Gaz(d, lx, at("the")+2*0); e != nil && e.Canon != "United States" {
		t.Errorf("gazetteer from \"the\": %+v %d", e, n)
	}
	if r, n := lookup.Role(d, lx, at("Deputy")); r.Canon != "deputy prime minister" || n != 3 {
		t.Errorf("role: %+v %d", r, n)
	}
	if _, n := lookup.Role(d, lx, at("PM")); n != 1 {
		t.Errorf("PM in capitals is a title")
	}
	if h, n := lookup.Honor(d, lx, at("Mr")); h != lexicon.HonorSurname || n != 2 {
		t.Errorf("honorific with its full stop: %q %d", h, n)
	}
	if e := lookup.Nationality(lx.LookupGaz("nato", false)); e != "Nato" {
		t.Errorf("an organisation stands for itself: %q", e)
	}
}
