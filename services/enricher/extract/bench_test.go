package extract_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/tidings-news/tidings/pkg/stage/stagetest"
	"github.com/tidings-news/tidings/services/enricher/extract"
	"github.com/tidings-news/tidings/services/enricher/extract/extracttest"
	"github.com/tidings-news/tidings/services/enricher/extract/layer"
	"github.com/tidings-news/tidings/services/enricher/extract/spans"
)

// BenchmarkExtract measures one extraction of a ~550-word news article
// written for the purpose, reporting articles per second on one goroutine.
func BenchmarkExtract(b *testing.B) {
	x, err := extract.New(extract.Options{})
	if err != nil {
		b.Fatal(err)
	}
	a := extracttest.BenchArticle(b)
	ctx := context.Background()
	b.SetBytes(int64(len(a.Body)))
	b.ReportAllocs()
	b.ResetTimer()
	start, cpu0 := time.Now(), stagetest.ProcessCPU()
	for b.Loop() {
		if _, err := x.Extract(ctx, a); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "articles/s")
	// CPU time per article stays meaningful on a busy machine, where wall time does not.
	if cpu := stagetest.ProcessCPU() - cpu0; cpu > 0 {
		b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/article")
	}
}

// BenchmarkPasses measures each pass alone on the fixture (the layers
// before it are built once, outside the timing; the layers a pass may
// change are copied each time, and copy-only measures that copying).
func BenchmarkPasses(b *testing.B) {
	lx, a := extracttest.Lexicon(b), extracttest.BenchArticle(b)
	passes := extract.Passes(lx, nil, nil)
	ctx := context.Background()
	for k, p := range append([]layer.Pass{nil}, passes...) {
		name := "copy-only" // the baseline: copying the layers a pass may change
		if p != nil {
			name = p.Name()
		}
		b.Run(name, func(b *testing.B) {
			before := layer.NewDoc(a)
			upTo := k - 1 // the passes before this one
			if p == nil {
				upTo = len(passes) // every layer, to copy
			}
			for _, q := range passes[:upTo] {
				if err := q.Run(ctx, before); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportAllocs()
			cpu0 := stagetest.ProcessCPU()
			for b.Loop() {
				d := *before
				d.Toks = slices.Clone(before.Toks)
				d.Mentions = slices.Clone(before.Mentions)
				d.Roles, d.Unnamed, d.Entities = slices.Clone(before.Roles), slices.Clone(before.Unnamed), cloneEntities(before.Entities)
				d.Agents = cloneAgents(before.Agents)
				if p == nil {
					continue
				}
				if err := p.Run(ctx, &d); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64((stagetest.ProcessCPU()-cpu0).Nanoseconds())/1e3/float64(b.N), "cpu-µs/op")
		})
	}
}

func cloneEntities(es []*layer.Entity) []*layer.Entity {
	out := make([]*layer.Entity, len(es))
	for i, e := range es {
		c := *e
		c.Ments = slices.Clone(e.Ments)
		out[i] = &c
	}
	return out
}

func cloneAgents(as [][]layer.Agent) [][]layer.Agent {
	out := make([][]layer.Agent, len(as))
	for i := range as {
		out[i] = slices.Clone(as[i])
	}
	return out
}

// BenchmarkRecognisers extracts the fixture with the trained tagger (the
// default) and with the rules alone (the baseline, same run), reporting
// articles per second and CPU time per article of each.
func BenchmarkRecognisers(b *testing.B) {
	lx, a := extracttest.Lexicon(b), extracttest.BenchArticle(b)
	for _, c := range []struct {
		name  string
		names spans.Recogniser
	}{{"rules-baseline", spans.NewRules(lx)}, {"tagger", nil}} {
		b.Run(c.name, func(b *testing.B) {
			x, err := extract.New(extract.Options{Recogniser: c.names})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := x.Extract(context.Background(), a); err != nil { // the model decodes on first use
				b.Fatal(err)
			}
			b.ResetTimer()
			start, cpu0 := time.Now(), stagetest.ProcessCPU()
			for b.Loop() {
				if _, err := x.Extract(context.Background(), a); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "articles/s")
			b.ReportMetric(float64((stagetest.ProcessCPU()-cpu0).Microseconds())/float64(b.N), "cpu-µs/article")
		})
	}
}
