package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/tidings-news/tidings/cmd/tidings/internal/evaluate"
	"github.com/tidings-news/tidings/services/enricher/extract"
	"github.com/tidings-news/tidings/services/enricher/extract/ids"
)

// evalOptions are the flags of tidings eval.
type evalOptions struct {
	conll, gold, pred string
	asJSON            bool
	files             []string
}

// cmdEval extracts annotated documents and scores the records against their
// annotations: a CoNLL column file (--conll) or a gold file (--gold) with
// the documents it annotates.
func cmdEval(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f := newFlags("eval", stderr)
	var o evalOptions
	fs := f.FlagSet()
	fs.StringVar(&o.conll, "conll", "", "a CoNLL-2003 column file (token … NE tag, -DOCSTART- between documents): each document is laid out as an article, extracted and scored on exact spans per type")
	fs.StringVar(&o.gold, "gold", "", "a gold file in the format of shared/eval/score.py ({\"documents\": …}) or FORMAT.md records; name the documents' files after the flags")
	fs.StringVar(&o.pred, "pred", "", "score these records (JSON Lines, e.g. from tidings extract or a peer) instead of extracting")
	fs.BoolVar(&o.asJSON, "json", false, "print the scores as JSON")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage:\n  tidings eval --conll FILE [--json]\n  tidings eval --gold GOLD.json [--pred RECORDS.jsonl] [--json] FILE...\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if code, ok := parse(f, args, stderr); !ok {
		return code
	}
	o.files = fs.Args()
	if (o.conll == "") == (o.gold == "") {
		fmt.Fprintln(stderr, "tidings eval: give --conll FILE or --gold FILE (one of them)")
		return 2
	}
	var rep evaluate.Report
	var err error
	if o.conll != "" {
		rep, err = evalCoNLL(ctx, o)
	} else {
		rep, err = evalGold(ctx, o, stderr)
	}
	if err != nil {
		fmt.Fprintln(stderr, "tidings eval:", err)
		return 1
	}
	if o.asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", " ")
		if err := enc.Encode(rep); err != nil {
			fmt.Fprintln(stderr, "tidings eval:", err)
			return 1
		}
		return 0
	}
	rep.Print(stdout)
	return 0
}

// evalCoNLL lays out every document of a CoNLL file as conll.py does,
// extracts it (or reads its record from --pred, sources conll_NNN.txt) and
// scores it.
func evalCoNLL(ctx context.Context, o evalOptions) (evaluate.Report, error) {
	in, err := os.Open(o.conll)
	if err != nil {
		return evaluate.Report{}, err
	}
	defer in.Close()
	docs, err := evaluate.ReadCoNLL(in)
	if err != nil {
		return evaluate.Report{}, fmt.Errorf("%s: %w", o.conll, err)
	}
	if len(docs) == 0 {
		return evaluate.Report{}, fmt.Errorf("%s: no documents", o.conll)
	}
	preds, err := readPreds(o.pred)
	if err != nil {
		return evaluate.Report{}, err
	}
	x, err := extract.New(extract.Options{Registry: ids.NewMemoryRegistry()})
	if err != nil {
		return evaluate.Report{}, err
	}
	ev := evaluate.NewEvaluator()
	for i, d := range docs {
		b := evaluate.Build(d)
		name := fmt.Sprintf("conll_%03d.txt", i)
		g := &evaluate.GoldDoc{Mentions: b.Mentions, Regions: b.Regions, Prose: b.Prose}
		rec, err := recordFor(ctx, x, preds, name, []byte(b.Text))
		if err != nil {
			return evaluate.Report{}, fmt.Errorf("document %d: %w", i+1, err)
		}
		ev.Add(name, []byte(b.Text), g, rec)
	}
	return ev.Report(), nil
}

// evalGold extracts the named files the gold annotates (or reads their
// records from --pred) and scores them; with --pred and no files, every
// gold document.
func evalGold(ctx context.Context, o evalOptions, stderr io.Writer) (evaluate.Report, error) {
	gold, err := evaluate.LoadGold(o.gold)
	if err != nil {
		return evaluate.Report{}, err
	}
	preds, err := readPreds(o.pred)
	if err != nil {
		return evaluate.Report{}, err
	}
	files := map[string]string{}
	for _, f := range o.files {
		if _, ok := gold[filepath.Base(f)]; !ok {
			fmt.Fprintf(stderr, "tidings eval: %s: not in the gold file, skipped\n", f)
			continue
		}
		files[filepath.Base(f)] = f
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	if len(o.files) == 0 && preds != nil {
		for n := range gold {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return evaluate.Report{}, fmt.Errorf("no document of the gold file named (give the files it annotates)")
	}
	slices.Sort(names)
	x, err := extract.New(extract.Options{Registry: ids.NewMemoryRegistry()})
	if err != nil {
		return evaluate.Report{}, err
	}
	ev := evaluate.NewEvaluator()
	for _, n := range names {
		var src []byte
		if path, ok := files[n]; ok {
			if src, err = os.ReadFile(path); err != nil {
				return evaluate.Report{}, err
			}
		} else if g := gold[n]; len(g.Mentions) > 0 {
			return evaluate.Report{}, fmt.Errorf("%s: the gold has spans; name its file", n)
		}
		rec, err := recordFor(ctx, x, preds, n, src)
		if err != nil {
			return evaluate.Report{}, fmt.Errorf("%s: %w", n, err)
		}
		ev.Add(n, src, gold[n], rec)
	}
	return ev.Report(), nil
}

// readPreds reads --pred records by source file name (nil without --pred).
func readPreds(path string) (map[string]*evaluate.Record, error) {
	if path == "" {
		return nil, nil
	}
	recs, err := evaluate.ReadRecords(path)
	if err != nil {
		return nil, err
	}
	out := map[string]*evaluate.Record{}
	for i := range recs {
		if n := filepath.Base(recs[i].Source); out[n] == nil {
			out[n] = &recs[i]
		}
	}
	return out, nil
}

// recordFor returns the --pred record of a document (nil if it has none),
// or extracts it.
func recordFor(ctx context.Context, x *extract.Extractor, preds map[string]*evaluate.Record, name string, src []byte) (*evaluate.Record, error) {
	if preds != nil {
		return preds[name], nil
	}
	a, err := extractBytes(ctx, x, name, src)
	if err != nil {
		return nil, err
	}
	r := evaluate.FromEnriched(a)
	return &r, nil
}
