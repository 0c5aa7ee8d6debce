package extract_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
	"github.com/tidings-news/tidings/services/enricher/extract"
	"github.com/tidings-news/tidings/services/enricher/extract/layer"
)

// TestDebugDump prints what the extractor finds in $TIDINGS_DUMP (a text
// file); it is a development aid and skips without the variable.
func TestDebugDump(t *testing.T) {
	path := stagetest.Getenv(t, "TIDINGS_DUMP", "a text file to dump what the extractor finds in")
	body, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	x, err := extract.New(extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := x.Extract(context.Background(), &events.Article{Body: string(body)})
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + dump(rec))
}

// dump renders a record compactly for reading.
func dump(rec *events.EnrichedArticle) string {
	var b strings.Builder
	for _, e := range rec.Entities {
		var ms []string
		for _, m := range e.Mentions {
			s := m.Text
			if m.Kind != string(layer.KindName) {
				s += "/" + m.Kind
			}
			ms = append(ms, s)
		}
		fmt.Fprintf(&b, "E %s %s %s: %s\n", e.ID, e.Type, e.Name, strings.Join(ms, " | "))
	}
	for _, q := range rec.Quotes {
		sp := "-"
		if q.Speaker != nil {
			sp = q.Speaker.Name
		}
		fmt.Fprintf(&b, "Q [%s] %s partial=%v: %.70s\n", sp, q.Cue, q.Partial, q.Text)
	}
	for _, ev := range rec.Events {
		names := func(rs []events.Ref) string {
			var out []string
			for _, r := range rs {
				out = append(out, r.Name)
			}
			return strings.Join(out, ",")
		}
		loc, tm := "", ""
		if ev.Location != nil {
			loc = ev.Location.Name
		}
		if ev.Time != nil {
			tm = ev.Time.Text + "=" + ev.Time.Date
		}
		fmt.Fprintf(&b, "V %s %s [%s] -> [%s] @%s t=%s future=%v :: %.60s\n", ev.Code, ev.Label, names(ev.Actors), names(ev.Targets), loc, tm, ev.Future, ev.Evidence.Text)
	}
	return b.String()
}
