package parser

import (
	"strings"
	"testing"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
)

// TestLinearTime feeds long runs of the characters the readers treat specially
// and checks that parsing stays fast (no quadratic scans).
func TestLinearTime(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	for _, mt := range fuzzMediaTypes {
		for _, s := range []string{"[", "`", "<", "*", "_", ". ", "X. ", "a.", "…", "(", "\n", "By ", "—", "x\n"} {
			in := strings.Repeat(s, 100000)
			start := time.Now()
			_, _ = Parse(&events.Document{MediaType: mt}, []byte(in))
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("%q x 100000 as %q: %v", s, mt, d)
			}
		}
	}
}
