package allinone_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
)

// Odd inputs each get a clear, visible outcome: rejected with a reason,
// stored and marked, or stored with whatever could be read.
func TestOddArticlesGetClearOutcomes(t *testing.T) {
	p := start(t, t.TempDir())
	french := "Le ministre des Affaires étrangères a rencontré ses homologues européens à Bruxelles mardi. " +
		"« Nous devons agir ensemble », a-t-il déclaré devant la presse, avant de partir pour Berlin. " +
		"Les discussions porteront sur l'énergie, la sécurité et le commerce pendant les prochaines semaines."
	odd := "BREAKING!!! ... — — “Unclosed quote said the man ,, ;; ?? Prime Minister Ada Quill met Leo Sorn in Oslo on Monday…\n\n" +
		"''' \"\" «» ‘ ’ “ ” (((  ))) [[[ ]]]\n\n" + strings.Repeat("!?", 200)
	huge := bytes.Repeat([]byte("Officials met in Geneva on Tuesday to discuss the plan. "), 700_000) // ~39 MB > 32 MiB limit
	var big strings.Builder                                                                           // ~1.2 MB: a claim check at every hop
	for i := 0; big.Len() < 1_200_000; i++ {
		fmt.Fprintf(&big, "Paragraph %d. The minister met officials in Geneva on Tuesday to discuss the plan, a spokesman said.\n\n", i)
	}
	inputs := map[string][]byte{
		"big.txt":    []byte(big.String()),
		"empty.txt":  {},
		"blank.md":   []byte("  \n\n\t\n"),
		"huge.txt":   huge,
		"french.txt": []byte(french),
		"odd.txt":    []byte(odd),
		"photo.txt":  {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0},
		"notes.docx": []byte("not a format Tidings reads"),
	}
	for name, data := range inputs {
		if err := os.WriteFile(filepath.Join(p.Inbox(), name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	failed := filepath.Join(p.Inbox(), "failed")
	waitFor(t, "rejects and records", 60*time.Second, func() bool {
		return len(files(t, failed)) == 10 && count(t, p.Store()) == 3
	})
	for name, reason := range map[string]string{"empty.txt": "empty", "blank.md": "empty", "huge.txt": "too_large",
		"photo.txt": "binary", "notes.docx": "unsupported_extension"} {
		b, err := os.ReadFile(filepath.Join(failed, name+".reason"))
		if err != nil {
			t.Errorf("%s: no reason file: %v", name, err)
			continue
		}
		if !strings.Contains(string(b), reason) {
			t.Errorf("%s.reason = %q, want it to name %q", name, b, reason)
		}
	}
	recs := map[string]*events.EnrichedArticle{}
	for _, r := range export(t, p.Store()) {
		recs[r.Source] = r
	}
	if b := recs["big.txt"]; b == nil || len(b.Body) < 1_000_000 || !b.Enriched {
		t.Fatalf("1.2 MB article: want stored whole and enriched")
	}
	fr := recs["french.txt"]
	if fr == nil || fr.Language != "fr" || fr.Enriched || len(fr.Entities) != 0 {
		t.Fatalf("french article: want stored, language fr, not enriched; got %+v", fr)
	}
	o := recs["odd.txt"]
	if o == nil || !o.Enriched {
		t.Fatalf("odd-punctuation article: want stored and enriched; got %+v", o)
	}
	for _, e := range o.Entities {
		for _, m := range e.Mentions {
			if o.Body[m.Start:m.End] != m.Text {
				t.Errorf("mention %q does not match the body at [%d,%d)", m.Text, m.Start, m.End)
			}
		}
	}
	if !scrape(t, p, `tidings_fetcher_rejects_total{reason="too_large"} 1`) {
		t.Error("/metrics does not count the too-large reject")
	}
}
