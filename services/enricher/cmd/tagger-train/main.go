// Command tagger-train trains Tidings' entity tagger on CoNLL-2003 English
// train as built by shared/eval/devsets/conll.py and, as auxiliary
// examples, the silver set of PolNeAR train with CoreNLP's labels
// (tagger/silver.py), reports dev figures, and writes the model file that
// the enricher embeds.
//
//	tagger-train -devdata ../devdata -out services/enricher/tagger/model/tagger.bin
//
// Training is deterministic: fixed seed, documents in name order.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/tidings-news/tidings/services/enricher/tagger"
	"github.com/tidings-news/tidings/services/enricher/tagger/corpus"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "tagger-train:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("tagger-train", flag.ContinueOnError)
	devdata := fs.String("devdata", "../devdata", "folder holding conll-train and conll-dev (built by shared/eval/devsets/conll.py)")
	out := fs.String("out", "", "model file to write (none: only report)")
	epochs := fs.Int("epochs", corpus.Epochs, "passes over the training data")
	seed := fs.Uint64("seed", corpus.Seed, "seed of the per-epoch shuffle")
	minCount := fs.Int("min-count", 1, "drop features seen fewer times")
	prune := fs.Float64("prune", corpus.Prune, "drop features whose averaged weights are all below this magnitude")
	gazDir := fs.String("gazetteers", "", "folder of gazetteer lists (NAME.txt, one phrase a line)")
	clusterFile := fs.String("clusters", "", "word clusters (bit path, tab, word per line)")
	devSet := fs.String("dev", "conll-dev", "set scored after training (conll-test only to report, never to tune)")
	everyEpoch := fs.Bool("dev-every-epoch", false, "score dev after every epoch")
	silver := fs.Bool("silver", true, "also learn from the silver set "+corpus.Silver+" under -devdata as auxiliary examples (PolNeAR train with CoreNLP's labels; the shipped recipe)")
	withDev := fs.Bool("final-with-dev", false, "after scoring dev, train the model that is written on train and dev together (the settings chosen on dev; as Flair's published models)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *withDev && *devSet != "conll-dev" {
		return fmt.Errorf("-final-with-dev joins conll-dev to the training data, never %s (test is only reported)", *devSet)
	}
	start := time.Now()
	train, err := corpus.Load(filepath.Join(*devdata, "conll-train"))
	if err != nil {
		return fmt.Errorf("load train: %w", err)
	}
	dev, err := corpus.Load(filepath.Join(*devdata, *devSet))
	if err != nil {
		return fmt.Errorf("load dev: %w", err)
	}
	examples, lost := make([]tagger.Example, 0, len(train)), 0
	for i := range train {
		ex, n := train[i].Example()
		examples = append(examples, ex)
		lost += n
	}
	fmt.Fprintf(stdout, "train: %d documents (%d gold mentions off token boundaries, left out); dev: %d documents\n", len(train), lost, len(dev))
	if *silver {
		exs, lost, err := corpus.SilverExamples(*devdata)
		if err != nil {
			return err
		}
		examples = append(examples, exs...)
		fmt.Fprintf(stdout, "silver (auxiliary): %d documents (%d names off token boundaries, left out)\n", len(exs), lost)
	}
	opts := tagger.TrainOptions{Epochs: *epochs, Seed: *seed, MinCount: *minCount, Prune: float32(*prune), Log: stdout}
	if *gazDir != "" {
		if opts.Gazetteer, err = corpus.ReadGazetteers(*gazDir); err != nil {
			return err
		}
	}
	if *clusterFile != "" {
		if opts.Clusters, err = corpus.ReadClusters(*clusterFile); err != nil {
			return err
		}
	}
	if *everyEpoch {
		opts.Dev = func(ep int, m *tagger.Model) { report(stdout, fmt.Sprintf("epoch %d dev", ep), m, dev) }
	}
	m, err := tagger.Train(examples, opts)
	if err != nil {
		return err
	}
	report(stdout, "dev (held out)", m, dev)
	if *withDev {
		for i := range dev {
			ex, _ := dev[i].Example()
			examples = append(examples, ex)
		}
		opts.Dev = nil
		fmt.Fprintf(stdout, "final model: train and %s, %d documents\n", *devSet, len(examples))
		if m, err = tagger.Train(examples, opts); err != nil {
			return err
		}
	}
	if *out != "" {
		b := m.Encode()
		if err := os.WriteFile(*out, b, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s: %d features, %.1f MB\n", *out, m.Features(), float64(len(b))/1e6)
	}
	fmt.Fprintf(stdout, "took %s\n", time.Since(start).Round(time.Second))
	return nil
}

// report tags docs with m (as the enricher would, through an encoded and
// decoded copy) and prints exact-span F1 on all and on prose documents.
func report(w io.Writer, name string, m *tagger.Model, docs []corpus.Doc) {
	m2, err := tagger.Decode(m.Encode())
	if err != nil {
		fmt.Fprintln(w, "decode:", err)
		return
	}
	tg := tagger.New(m2, 0)
	all, prose := corpus.Counts{}, corpus.Counts{}
	for i := range docs {
		d := &docs[i]
		sents := d.Sentences()
		var pred []corpus.Mention
		for k, spans := range tg.Tag(sents) {
			for _, s := range spans {
				pred = append(pred, corpus.Mention{Start: sents[k][s.Start].Start, End: sents[k][s.End-1].End, Type: s.Type})
			}
		}
		all.Add(pred, d.Mentions)
		if d.Prose {
			prose.Add(pred, d.Mentions)
		}
	}
	fmt.Fprintf(w, "%s (%d features)\n", name, m.Features())
	all.Print(w, "  all")
	prose.Print(w, "  prose")
}
