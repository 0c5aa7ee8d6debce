package evaluate

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/tidings-news/tidings/services/enricher/extract"
	"github.com/tidings-news/tidings/services/enricher/extract/ids"
	"github.com/tidings-news/tidings/services/enricher/tagger"
	"github.com/tidings-news/tidings/services/enricher/tagger/model"
)

func TestZZDiff(t *testing.T) {
	f, _ := os.Open("/tmp/eng.testa")
	docs, _ := ReadCoNLL(f)
	x, _ := extract.New(extract.Options{Registry: ids.NewMemoryRegistry()})
	tg, _ := tagger.NewLazy(model.Bytes()).Tagger()
	lost, gained := 0, 0
	for i, d := range docs {
		b := Build(d)
		if !b.Prose {
			continue
		}
		gold := map[span]bool{}
		for _, m := range b.Mentions {
			if st := spanType(m.Type); st != "" {
				gold[span{m.Start, m.End, st}] = true
			}
		}
		var sents [][]tagger.Token
		for _, r := range b.Regions {
			sents = append(sents, tagger.Tokenize(b.Text[r.Start:r.End], r.Start))
		}
		alone := map[span]bool{}
		for k, sps := range tg.Tag(sents) {
			for _, sp := range sps {
				if st := spanType(sp.Type); st != "" {
					alone[span{sents[k][sp.Start].Start, sents[k][sp.End-1].End, st}] = true
				}
			}
		}
		a, _ := Extract(context.Background(), x, fmt.Sprintf("conll_%03d.txt", i), []byte(b.Text))
		rec := FromEnriched(a)
		pipe := map[span]bool{}
		for sp := range NewSpanScorer().predicted([]byte(b.Text), &rec) {
			if st := spanType(sp.typ); st != "" {
				pipe[span{sp.start, sp.end, st}] = true
			}
		}
		for g := range gold {
			if alone[g] && !pipe[g] {
				lost++
				other := ""
				for p := range pipe {
					if p.start < g.end && g.start < p.end {
						other += fmt.Sprintf(" [%s %s]", b.Text[p.start:p.end], p.typ)
					}
				}
				fmt.Printf("LOST %03d %s %q ->%s | %q\n", i, g.typ, b.Text[g.start:g.end], other, b.Text[max(0, g.start-40):min(len(b.Text), g.end+30)])
			}
			if !alone[g] && pipe[g] {
				gained++
			}
		}
	}
	fmt.Println("lost", lost, "gained", gained)
}
