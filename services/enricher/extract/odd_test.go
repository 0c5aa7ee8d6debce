package extract_test

import (
	"strings"
	"testing"

	"github.com/tidings-news/tidings/services/enricher/extract/extracttest"
)

// TestOddInputs: empty, blank, table-like and all-capitals bodies come
// back enriched with what they hold and nothing invented.
func TestOddInputs(t *testing.T) {
	for name, c := range map[string]struct {
		body                     string
		entities, quotes, events int // at most
	}{
		"empty":        {"", 0, 0, 0},
		"blank":        {" \n\t\n ", 0, 0, 0},
		"league table": {"Team\tP\tW\tD\tL\tPts\nArsenal\t3\t2\t1\t0\t7\nChelsea\t3\t1\t1\t1\t4\nLiverpool\t3\t0\t2\t1\t2\n", 3, 0, 0},
		"results line": {"Results on Saturday: Arsenal 2 Chelsea 1; Liverpool 0 Everton 0; Leeds 3 Fulham 2.", 6, 0, 0},
		"all capitals": {"IVO MARSH MET GRETA LINDQVIST IN OSLO ON MONDAY. RUSSIA ATTACKED KHARKIV. \u201cWE WILL NOT BACK DOWN,\u201d HE SAID.", 4, 0, 0},
	} {
		rec := extracttest.Text(t, c.body)
		if !rec.Enriched || len(rec.Entities) > c.entities || len(rec.Quotes) > c.quotes || len(rec.Events) > c.events {
			t.Errorf("%s: enriched %v, %d entities, %d quotes, %d events; want at most %d, %d, %d",
				name, rec.Enriched, len(rec.Entities), len(rec.Quotes), len(rec.Events), c.entities, c.quotes, c.events)
		}
		for _, e := range rec.Entities {
			for _, m := range e.Mentions {
				if strings.ContainsAny(m.Text, "\t\n") {
					t.Errorf("%s: a name across a tab or line: %q", name, m.Text)
				}
			}
		}
	}
}
