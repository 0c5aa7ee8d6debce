package extract_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/enricher/extract"
	"github.com/tidings-news/tidings/services/enricher/extract/extracttest"
)

// TestLargeInputsStayFast guards against quadratic blow-ups on long or
// pathological articles.
func TestLargeInputsStayFast(t *testing.T) {
	fixture := extracttest.Fixture(t)
	x, _ := extract.New(extract.Options{})
	for name, body := range map[string]string{
		"long article":  strings.Repeat(fixture+"\n\n", 20),
		"many names":    strings.Repeat("Mr Aaa Bbb met Ms Ccc Ddd and Sir Eee. Fff said Ggg. ", 800),
		"many quotes":   strings.Repeat("\u201cYes,\u201d he said. \u201cNo\u201d ", 2000),
		"capitals only": strings.Repeat("ALPHA BETA GAMMA The The The ", 2000),
		// ~1 MB of short sentences that each name a place: a check of every
		// mention against every other took over a minute here.
		"many sentences": strings.Repeat("The minister met officials in Geneva on Tuesday, a spokesman said.\n\n", 15000),
	} {
		start := time.Now()
		if _, err := x.Extract(context.Background(), &events.Article{Body: body}); err != nil {
			t.Fatal(err)
		}
		if el := time.Since(start); el > 10*time.Second {
			t.Errorf("%s (%d bytes) took %v", name, len(body), el)
		} else {
			t.Logf("%s (%d bytes): %v", name, len(body), el)
		}
	}
}
