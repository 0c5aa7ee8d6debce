package timex_test

import (
	"testing"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/enricher/extract/extracttest"
	"github.com/tidings-news/tidings/services/enricher/extract/timex"
)

func TestTimexResolve(t *testing.T) {
	lx := extracttest.Lexicon(t)
	a := &events.Article{Body: "They met on Wednesday evening, will meet next week and met last weekend, yesterday and on 3 March 2025."}
	d, err := extracttest.Until(a, "quotemarks")
	if err != nil {
		t.Fatal(err)
	}
	xs := timex.Find(d, lx, 0)
	pub := extracttest.MustDate(t, "2026-03-12") // Thursday
	want := map[string]string{"on Wednesday evening": "2026-03-11", "next week": "2026-03-19", "last weekend": "2026-03-07",
		"yesterday": "2026-03-11", "on 3 March 2025": "2025-03-03"}
	if len(xs) != len(want) {
		t.Fatalf("found %d expressions: %+v", len(xs), xs)
	}
	for _, x := range xs {
		if got := x.Resolve(&pub, false); got != want[x.Text] {
			t.Errorf("%q resolved to %q, want %q", x.Text, got, want[x.Text])
		}
	}
	for _, x := range xs {
		if x.Text == "on Wednesday evening" {
			if got := x.Resolve(&pub, true); got != "2026-03-18" {
				t.Errorf("future Wednesday: %s", got)
			}
			if got := x.Resolve(nil, false); got != "" {
				t.Errorf("no article date: %q", got)
			}
		}
	}
}
