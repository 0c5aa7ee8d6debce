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
	records, err := recordsOf(ctx, o.pred)
	if err != nil {
		return evaluate.Report{}, err
	}
	s := &evaluate.Set{Texts: map[string][]byte{}, Gold: map[string]*evaluate.GoldDoc{}}
	for i, d := range docs {
		b := evaluate.Build(d)
		name := fmt.Sprintf("conll_%03d.txt", i)
		s.Names = append(s.Names, name)
		s.Texts[name] = []byte(b.Text)
		s.Gold[name] = &evaluate.GoldDoc{Mentions: b.Mentions, Regions: b.Regions, Prose: b.Prose}
	}
	return s.Score(records)
}

// evalGold extracts the named files the gold annotates (or reads their
// records from --pred) and scores them; with --pred and no files, every
// gold document.
func evalGold(ctx context.Context, o evalOptions, stderr io.Writer) (evaluate.Report, error) {
	gold, err := evaluate.LoadGold(o.gold)
	if err != nil {
		return evaluate.Report{}, err
	}
	records, err := recordsOf(ctx, o.pred)
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
	s := &evaluate.Set{Texts: map[string][]byte{}, Gold: gold}
	for n := range files {
		s.Names = append(s.Names, n)
	}
	if len(o.files) == 0 && o.pred != "" {
		for n := range gold {
			s.Names = append(s.Names, n)
		}
	}
	if len(s.Names) == 0 {
		return evaluate.Report{}, fmt.Errorf("no document of the gold file named (give the files it annotates)")
	}
	slices.Sort(s.Names)
	for _, n := range s.Names {
		if path, ok := files[n]; ok {
			if s.Texts[n], err = os.ReadFile(path); err != nil {
				return evaluate.Report{}, err
			}
		} else if len(gold[n].Mentions) > 0 {
			return evaluate.Report{}, fmt.Errorf("%s: the gold has spans; name its file", n)
		}
	}
	return s.Score(records)
}

// recordsOf is how eval gets a document's record: from the --pred records
// by source file name (nil for a document they lack), or without --pred
// extracted.
func recordsOf(ctx context.Context, pred string) (evaluate.RecordFunc, error) {
	if pred == "" {
		x, err := evaluate.NewExtractor()
		if err != nil {
			return nil, err
		}
		return evaluate.Extracted(ctx, x), nil
	}
	recs, err := evaluate.ReadRecords(pred)
	if err != nil {
		return nil, err
	}
	byName := map[string]*evaluate.Record{}
	for i := range recs {
		if n := filepath.Base(recs[i].Source); byName[n] == nil {
			byName[n] = &recs[i]
		}
	}
	return func(name string, _ []byte) (*evaluate.Record, error) { return byName[name], nil }, nil
}
