package quotes_test

import (
	"os"
	"strings"
	"testing"

	"github.com/tidings-news/tidings/services/enricher/extract/extracttest"
)

func TestZZProbe(t *testing.T) {
	raw, _ := os.ReadFile("/tmp/probe.txt")
	for _, body := range strings.Split(string(raw), "\n===\n") {
		rec := extracttest.Text(t, body)
		t.Logf("BODY: %.60s", body)
		for _, q := range rec.Quotes {
			sp := ""
			if q.Speaker != nil {
				sp = q.Speaker.Name
			}
			t.Logf("   Q %.40q -> %q (%s) partial=%v", q.Text, sp, q.Cue, q.Partial)
		}
	}
}
