// Command evaldev prints the development table of `make eval-dev`: Tidings
// and prose v3 (a peer Go NLP library) on CoNLL-2003 dev and test (exact
// spans, all and prose documents, per type), PolNeAR dev (entity agreement
// with CoreNLP, quotes) and the seed articles (shared/eval/score.py), one
// row per figure with the target beside it.
//
//	go run ./cmd/tidings/internal/evaldev -devdata ../devdata -shared ../shared
//
// The corpora are built outside the repository (shared/eval/devsets); it
// says so and exits 0 when they are absent.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/tidings-news/tidings/cmd/tidings/internal/evaluate"
	"github.com/tidings-news/tidings/services/enricher/extract"
	"github.com/tidings-news/tidings/services/enricher/extract/ids"
	"github.com/tidings-news/tidings/services/enricher/extract/lexicon"
	"github.com/tidings-news/tidings/services/enricher/extract/spans"
	"github.com/tidings-news/tidings/services/enricher/tagger"
	"github.com/tidings-news/tidings/services/enricher/tagger/corpus"
)

func main() {
	devdata := flag.String("devdata", "../devdata", "folder of the development sets (conll-dev, conll-test, polnear-dev)")
	shared := flag.String("shared", "../shared", "folder holding corpus/seeds and eval/score.py")
	noPeer := flag.Bool("no-peer", false, "leave prose v3 out (it takes a minute)")
	taggerDir := flag.String("tagger", "services/enricher/tagger", "the tagger's folder: its gazetteers and clusters train the held-out model that scores CoNLL dev")
	flag.Parse()
	if err := run(context.Background(), os.Stdout, *devdata, *shared, *taggerDir, !*noPeer); err != nil {
		fmt.Fprintln(os.Stderr, "eval-dev:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, w io.Writer, devdata, shared, taggerDir string, peer bool) error {
	if _, err := os.Stat(filepath.Join(devdata, "conll-dev", "gold.json")); err != nil {
		fmt.Fprintf(w, "eval-dev: %s/conll-dev not found; build the sets with %s/eval/devsets (see its README). Skipping.\n", devdata, shared)
		return nil
	}
	shipped, err := evaluate.NewExtractor()
	if err != nil {
		return err
	}
	heldOut, err := heldOutExtractor(devdata, taggerDir)
	if err != nil {
		return fmt.Errorf("train the held-out model: %w", err)
	}
	t := &table{w: w, peer: peer}
	t.header()
	for _, name := range []string{"conll-dev", "conll-test", "polnear-dev"} {
		s, err := evaluate.LoadSet(filepath.Join(devdata, name))
		if err != nil {
			fmt.Fprintf(w, "  %s: not available (%v)\n", name, err)
			continue
		}
		x := shipped
		if name == "conll-dev" {
			x = heldOut // the shipped model was trained on dev too
		}
		ours, err := s.Score(evaluate.Extracted(ctx, x))
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		var theirs *evaluate.Report
		if peer {
			r, err := s.Score(proseRecord)
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			theirs = &r
		}
		t.set(name, ours, theirs)
	}
	if err := t.seeds(ctx, shared); err != nil {
		return err
	}
	fmt.Fprintln(w, footnote)
	return nil
}

// heldOutExtractor is an extractor whose tagger follows the shipped recipe
// but learns from CoNLL-2003 train and the silver set (PolNeAR train) alone,
// so that CoNLL dev is held out.
func heldOutExtractor(devdata, taggerDir string) (*extract.Extractor, error) {
	docs, err := corpus.Load(filepath.Join(devdata, "conll-train"))
	if err != nil {
		return nil, err
	}
	opts, err := corpus.Recipe(taggerDir)
	if err != nil {
		return nil, err
	}
	exs, _ := corpus.Examples(docs)
	silver, _, err := corpus.SilverExamples(devdata)
	if err != nil {
		return nil, err
	}
	m, err := tagger.Train(append(exs, silver...), opts)
	if err != nil {
		return nil, err
	}
	lx, err := lexicon.Load()
	if err != nil {
		return nil, err
	}
	return extract.New(extract.Options{Registry: ids.NewMemoryRegistry(), Recogniser: spans.NewTagged(lx, tagger.NewLazy(m.Encode()))})
}
