package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/tidings-news/tidings/cmd/tidings/internal/evaluate"
)

// table prints rows of figures: what, Tidings, prose v3, target.
type table struct {
	w    io.Writer
	peer bool
}

func (t *table) header() {
	fmt.Fprintf(t.w, "%-58s %-40s %-40s %s\n", "figure", "Tidings", "prose v3", "target")
	fmt.Fprintln(t.w, strings.Repeat("-", 150))
}

// footnote explains the dev rows.
const footnote = "† the shipped tagger learned from CoNLL-2003 train and dev (settings chosen on dev): dev is scored with\n" +
	"  the same recipe without dev (CoNLL train and the PolNeAR silver set; here, ~1 min), so that it stays held out;\n" +
	"  test is only ever scored"

func (t *table) row(what, ours, theirs, target string) {
	if !t.peer && theirs == "" {
		theirs = "-"
	}
	fmt.Fprintf(t.w, "%-58s %-40s %-40s %s\n", what, ours, theirs, target)
}

// perType renders "F1 (PER a, ORG b, LOC c)".
func perType(r evaluate.TypeReport, types []string) string {
	parts := make([]string, len(types))
	for i, typ := range types {
		parts[i] = fmt.Sprintf("%s %.3f", typ[:3], r.Types[typ].F1)
	}
	return fmt.Sprintf("%.3f (%s)", r.Micro.F1, strings.Join(parts, " "))
}

var conllTargets = map[string]string{"conll-test all": "≥ 0.85", "conll-test prose": "≥ 0.88"}

func (t *table) set(name string, ours evaluate.Report, theirs *evaluate.Report) {
	peer := func(f func(evaluate.Report) string) string {
		if theirs == nil {
			return ""
		}
		return f(*theirs)
	}
	if strings.HasPrefix(name, "conll") {
		label := map[string]string{"conll-dev": "CoNLL-2003 dev (testa)†", "conll-test": "CoNLL-2003 test (testb)"}[name]
		for _, v := range []string{evaluate.ViewAll, evaluate.ViewProse} {
			what := fmt.Sprintf("%s, %s documents: exact-span F1", label, v)
			f := func(r evaluate.Report) string { return perType(r.Spans[v], evaluate.SpanTypes) }
			t.row(what, f(ours), peer(f), conllTargets[name+" "+v])
		}
		return
	}
	ent := func(r evaluate.Report) string { return perType(*r.Entities, evaluate.EntityTypes) }
	t.row("PolNeAR dev: entity agreement with CoreNLP (F1)", ent(ours), peer(ent), "≥ 0.80")
	if q := ours.Quotes; q != nil {
		t.row("PolNeAR dev: quote precision", fmt.Sprintf("%.3f", q.Precision), "no quotes", "≥ 0.92")
		t.row("PolNeAR dev: quotes attributed (recall)", fmt.Sprintf("%.3f", q.AttributedRecall), "no quotes", "≥ 0.85")
	}
}

// seedFigures are score.py's figures for the seeds, with the targets.
var seedFigures = []struct{ key, label, target string }{
	{"entity_f1", "seeds: entity F1", "≥ 0.92"},
	{"role_linking", "seeds: role mentions linked", "≥ 0.80"},
	{"crossdoc_f1", "seeds: cross-document id F1", "≥ 0.95"},
	{"quote_precision", "seeds: quote precision", "≥ 0.90"},
	{"quote_attributed_recall", "seeds: quotes attributed", "≥ 0.90"},
	{"event_recall", "seeds: event recall", "≥ 0.75"},
	{"event_precision_lower_bound", "seeds: event precision (lower bound)", ""},
}

// seeds extracts the seed articles (one registry across them, as tidings
// extract), scores them and prose v3 with shared/eval/score.py and prints
// its figures.
func (t *table) seeds(ctx context.Context, shared string) error {
	paths, _ := filepath.Glob(filepath.Join(shared, "corpus", "seeds", "*.txt"))
	if len(paths) == 0 {
		t.row("seeds", "not found under "+shared, "", "")
		return nil
	}
	x, err := evaluate.NewExtractor()
	if err != nil {
		return err
	}
	var ours, theirs []any
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		a, err := evaluate.Extract(ctx, x, p, b)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		ours = append(ours, a)
		if t.peer {
			r, err := proseRecord(filepath.Base(p), b)
			if err != nil {
				return err
			}
			theirs = append(theirs, r)
		}
	}
	gold := filepath.Join(shared, "corpus", "seeds.gold.json")
	o, err := scorePy(filepath.Join(shared, "eval", "score.py"), gold, ours)
	if err != nil {
		return err
	}
	var p map[string]any
	if t.peer {
		if p, err = scorePy(filepath.Join(shared, "eval", "score.py"), gold, theirs); err != nil {
			return err
		}
	}
	for _, f := range seedFigures {
		peer := ""
		if v, ok := p[f.key].(float64); ok && f.key == "entity_f1" {
			peer = fmt.Sprintf("%.3f", v)
		} else if t.peer {
			peer = "n/a"
		}
		t.row(f.label, fmt.Sprintf("%.3f", o[f.key]), peer, f.target)
	}
	return nil
}

// scorePy runs shared/eval/score.py over records and returns its summary.
func scorePy(script, gold string, recs []any) (map[string]any, error) {
	f, err := os.CreateTemp("", "tidings-eval-*.jsonl")
	if err != nil {
		return nil, err
	}
	defer os.Remove(f.Name())
	enc := json.NewEncoder(f)
	for _, r := range recs {
		if err := enc.Encode(r); err != nil {
			return nil, err
		}
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	out, err := exec.Command("python3", script, "--gold", gold, "--pred", f.Name(), "--json").Output()
	if err != nil {
		return nil, fmt.Errorf("score.py: %w", err)
	}
	var m map[string]any
	if err := json.Unmarshal(out, &m); err != nil {
		return nil, fmt.Errorf("score.py output: %w", err)
	}
	return m, nil
}
