package peerbench_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jdkato/prose/v3"

	"github.com/tidings-news/tidings/cmd/tidings/internal/fixtures"
	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
	"github.com/tidings-news/tidings/services/enricher/extract"
	"github.com/tidings-news/tidings/services/enricher/extract/ids"
	"github.com/tidings-news/tidings/services/parser"
)

// corpus is the seed articles when ../shared is there, else generated ones.
func corpus(tb testing.TB) (names, texts []string, what string) {
	tb.Helper()
	paths, _ := filepath.Glob(filepath.Join(stagetest.Shared(), "corpus", "seeds", "*.txt"))
	if len(paths) > 0 {
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				tb.Fatal(err)
			}
			names, texts = append(names, filepath.Base(p)), append(texts, string(b))
		}
		return names, texts, "the seed articles"
	}
	for _, a := range fixtures.Generate(8, 3) {
		names, texts = append(names, a.Name), append(texts, a.Text)
	}
	return names, texts, "generated articles (../shared absent)"
}

func tidings(tb testing.TB, x *extract.Extractor, name, text string) *events.EnrichedArticle {
	doc := &events.Document{SchemaVersion: events.SchemaVersion, ID: events.DocumentID([]byte(text)), Source: name, MediaType: events.MediaText}
	art, err := parser.Parse(doc, []byte(text))
	if err != nil {
		tb.Fatal(err)
	}
	rec, err := x.Extract(context.Background(), art)
	if err != nil {
		tb.Fatal(err)
	}
	return rec
}

// proseRecord is prose's NER output in the record format score.py reads:
// one entity per distinct name and type (prose has no aliases, quotes or events).
func proseRecord(tb testing.TB, name, text string) map[string]any {
	doc, err := prose.NewDocument(text, prose.WithSegmentation(false), prose.WithTagging(true), prose.WithExtraction(true))
	if err != nil {
		tb.Fatal(err)
	}
	type key struct{ name, typ string }
	seen := map[key]bool{}
	var ents []map[string]any
	for _, e := range doc.Entities() {
		t := map[string]string{"PERSON": "PERSON", "GPE": "LOC", "ORG": "ORG"}[e.Label]
		if t == "" || seen[key{e.Text, t}] {
			continue
		}
		seen[key{e.Text, t}] = true
		ents = append(ents, map[string]any{"id": strings.ToLower(t + ":" + e.Text), "name": e.Text, "type": t,
			"mentions": []map[string]string{{"text": e.Text}}})
	}
	return map[string]any{"source": name, "entities": ents, "quotes": []any{}, "events": []any{}}
}

// oneCore runs the benchmark on one core (GOMAXPROCS=1 until it ends) and
// returns an extractor that has enriched the corpus's first article once (the
// model decodes on first use), with the corpus.
func oneCore(b *testing.B) (x *extract.Extractor, names, texts []string, what string) {
	prev := runtime.GOMAXPROCS(1)
	b.Cleanup(func() { runtime.GOMAXPROCS(prev) })
	names, texts, what = corpus(b)
	x, err := extract.New(extract.Options{Registry: ids.NewMemoryRegistry()})
	if err != nil {
		b.Fatal(err)
	}
	tidings(b, x, names[0], texts[0])
	return x, names, texts, what
}

// BenchmarkExtractVsProse parses and enriches each article (Tidings) and runs
// prose v3's tagger and NER on the same text, on one core (GOMAXPROCS=1), and
// reports both rates and their ratio, by wall time and by the process's CPU
// time (user plus system: a machine busy with other work inflates it far
// less than the wall time).
func BenchmarkExtractVsProse(b *testing.B) {
	x, names, texts, what := oneCore(b)
	var ours, peer rates
	for range b.N {
		ours.add(measure(len(texts), func(i int) { tidings(b, x, names[i], texts[i]) }))
		peer.add(measure(len(texts), func(i int) { proseRecord(b, names[i], texts[i]) }))
	}
	ours.div(b.N)
	peer.div(b.N)
	b.ReportMetric(ours.wall, "tidings-articles/s")
	b.ReportMetric(ours.cpu, "tidings-articles/cpu-s")
	b.ReportMetric(peer.wall, "prose-articles/s")
	b.ReportMetric(ours.wall/peer.wall, "speed-ratio")
	fmt.Printf("\nextraction on %s, GOMAXPROCS=%d, %d rounds:\n  tidings parse+enrich %8.0f articles/s, %8.0f articles per CPU-second\n"+
		"  prose v3 tag+NER     %8.1f articles/s, %8.1f articles per CPU-second\n  ratio                %8.1fx (CPU: %.1fx)\n",
		what, runtime.GOMAXPROCS(0), b.N, ours.wall, ours.cpu, peer.wall, peer.cpu, ours.wall/peer.wall, ours.cpu/peer.cpu)
}

// rates are articles per second of wall time and of CPU time.
type rates struct{ wall, cpu float64 }

func (r *rates) add(o rates) { r.wall, r.cpu = r.wall+o.wall, r.cpu+o.cpu }
func (r *rates) div(n int)   { r.wall, r.cpu = r.wall/float64(n), r.cpu/float64(n) }

// measure runs fn over n articles for 15 rounds (over a second with prose,
// so the harness runs the benchmark once).
func measure(n int, fn func(i int)) rates {
	const rounds = 15
	start, cpu0 := time.Now(), stagetest.ProcessCPU()
	for range rounds {
		for i := range n {
			fn(i)
		}
	}
	done := float64(rounds * n)
	return rates{wall: done / time.Since(start).Seconds(), cpu: done / (stagetest.ProcessCPU() - cpu0).Seconds()}
}

// TestWritePeerRecords writes prose's records for the seeds to
// $TIDINGS_PEER_OUT, so that `make eval` scores the peer beside Tidings.
func TestWritePeerRecords(t *testing.T) {
	out := stagetest.Getenv(t, "TIDINGS_PEER_OUT", "the file to write prose's records to (make eval sets it)")
	names, texts, _ := corpus(t)
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	enc := json.NewEncoder(f)
	order := make([]int, len(names))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return names[order[a]] < names[order[b]] })
	for _, i := range order {
		if err := enc.Encode(proseRecord(t, names[i], texts[i])); err != nil {
			t.Fatal(err)
		}
	}
}

// TestTidingsFindsWhatProseFinds is a sanity check on generated articles:
// every person prose names is among Tidings' entities or their mentions.
func TestTidingsFindsWhatProseFinds(t *testing.T) {
	x, err := extract.New(extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range fixtures.Generate(5, 17) {
		rec := tidings(t, x, a.Name, a.Text)
		known := map[string]bool{}
		for _, e := range rec.Entities {
			known[e.Name] = true
			for _, m := range e.Mentions {
				known[m.Text] = true
			}
		}
		for _, e := range proseRecord(t, a.Name, a.Text)["entities"].([]map[string]any) {
			if e["type"] == "PERSON" && strings.Count(e["name"].(string), " ") == 1 && !known[e["name"].(string)] {
				t.Errorf("%s: prose found person %q, Tidings did not", a.Name, e["name"])
			}
		}
	}
}
