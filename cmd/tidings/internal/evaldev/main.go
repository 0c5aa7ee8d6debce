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
	"slices"

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

// set is one development set: its gold and texts.
type set struct {
	name  string
	gold  map[string]*evaluate.GoldDoc
	names []string
	texts map[string][]byte
}

func loadSet(dir string) (*set, error) {
	gold, err := evaluate.LoadGold(filepath.Join(dir, "gold.json"))
	if err != nil {
		return nil, err
	}
	s := &set{name: filepath.Base(dir), gold: gold, texts: map[string][]byte{}}
	for n := range gold {
		b, err := os.ReadFile(filepath.Join(dir, "texts", n))
		if err != nil {
			return nil, err
		}
		s.names, s.texts[n] = append(s.names, n), b
	}
	slices.Sort(s.names)
	return s, nil
}

// score extracts (or runs the peer over) every text of s and scores it.
func (s *set) score(records func(name string, text []byte) (*evaluate.Record, error)) (evaluate.Report, error) {
	ev := evaluate.NewEvaluator()
	for _, n := range s.names {
		rec, err := records(n, s.texts[n])
		if err != nil {
			return evaluate.Report{}, fmt.Errorf("%s/%s: %w", s.name, n, err)
		}
		ev.Add(n, s.texts[n], s.gold[n], rec)
	}
	return ev.Report(), nil
}

func run(ctx context.Context, w io.Writer, devdata, shared, taggerDir string, peer bool) error {
	if _, err := os.Stat(filepath.Join(devdata, "conll-dev", "gold.json")); err != nil {
		fmt.Fprintf(w, "eval-dev: %s/conll-dev not found; build the sets with %s/eval/devsets (see its README). Skipping.\n", devdata, shared)
		return nil
	}
	shipped, err := extract.New(extract.Options{Registry: ids.NewMemoryRegistry()})
	if err != nil {
		return err
	}
	heldOut, err := heldOutExtractor(devdata, taggerDir)
	if err != nil {
		return fmt.Errorf("train the held-out model: %w", err)
	}
	extractor := func(x *extract.Extractor) func(string, []byte) (*evaluate.Record, error) {
		return func(name string, text []byte) (*evaluate.Record, error) {
			a, err := evaluate.Extract(ctx, x, name, text)
			if err != nil {
				return nil, err
			}
			r := evaluate.FromEnriched(a)
			return &r, nil
		}
	}
	t := &table{w: w, peer: peer}
	t.header()
	for _, name := range []string{"conll-dev", "conll-test", "polnear-dev"} {
		s, err := loadSet(filepath.Join(devdata, name))
		if err != nil {
			fmt.Fprintf(w, "  %s: not available (%v)\n", name, err)
			continue
		}
		x := shipped
		if name == "conll-dev" {
			x = heldOut // the shipped model was trained on dev too
		}
		ours, err := s.score(extractor(x))
		if err != nil {
			return err
		}
		var theirs *evaluate.Report
		if peer {
			r, err := s.score(proseRecord)
			if err != nil {
				return err
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
// but learns from CoNLL-2003 train alone, so that dev is held out.
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
	m, err := tagger.Train(exs, opts)
	if err != nil {
		return nil, err
	}
	lx, err := lexicon.Load()
	if err != nil {
		return nil, err
	}
	return extract.New(extract.Options{Registry: ids.NewMemoryRegistry(), Recogniser: spans.NewTagged(lx, tagger.NewLazy(m.Encode()))})
}
