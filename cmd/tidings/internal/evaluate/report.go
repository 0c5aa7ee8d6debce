package evaluate

import (
	"fmt"
	"io"
)

// Evaluator gathers the scores of documents.
type Evaluator struct {
	spans    *SpanScorer
	entities *EntityScorer
	hasSpans bool
	hasEnts  bool
	quotes   bool
	docs     int
	missing  []string
}

// NewEvaluator returns an empty evaluator.
func NewEvaluator() *Evaluator {
	return &Evaluator{spans: NewSpanScorer(), entities: NewEntityScorer()}
}

// Add scores one document: the bytes of its file (needed when the gold has
// spans), its gold and the record predicted for it (nil: none, every gold
// name missed).
func (e *Evaluator) Add(name string, src []byte, g *GoldDoc, rec *Record) {
	e.docs++
	if rec == nil {
		e.missing = append(e.missing, name)
	}
	if len(g.Mentions) > 0 || len(g.Regions) > 0 {
		e.hasSpans = true
		e.spans.Add(src, g, rec)
	}
	e.quotes = e.quotes || len(g.Quotes) > 0
	e.hasEnts = e.hasEnts || len(g.Entities) > 0
	e.entities.Add(g, rec)
}

// TypeReport is a micro-averaged score and one per type.
type TypeReport struct {
	Micro Score            `json:"micro"`
	Types map[string]Score `json:"types"`
}

// QuoteReport scores quotes: precision, recall and attributed recall (found
// with the right speaker).
type QuoteReport struct {
	Precision        float64 `json:"precision"`
	Recall           float64 `json:"recall"`
	AttributedRecall float64 `json:"attributed_recall"`
	Gold             int     `json:"gold"`
	Pred             int     `json:"pred"`
}

// Report is what tidings eval prints.
type Report struct {
	Documents int                   `json:"documents"`
	Missing   []string              `json:"documents_missing,omitempty"`
	Spans     map[string]TypeReport `json:"spans,omitempty"`
	Entities  *TypeReport           `json:"entities,omitempty"`
	Quotes    *QuoteReport          `json:"quotes,omitempty"`
	NotMapped int                   `json:"mentions_not_mapped,omitempty"`
}

func typeReport(b ByType, types []string) TypeReport {
	r := TypeReport{Micro: b.Micro().Score(), Types: map[string]Score{}}
	for _, t := range types {
		r.Types[t] = b.at(t).Score()
	}
	return r
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Report returns the scores so far.
func (e *Evaluator) Report() Report {
	r := Report{Documents: e.docs, Missing: e.missing, NotMapped: e.spans.NotMapped}
	if e.hasEnts {
		t := typeReport(e.entities.Types, EntityTypes)
		r.Entities = &t
	}
	if e.hasSpans {
		r.Spans = map[string]TypeReport{}
		for view, b := range e.spans.Views {
			r.Spans[view] = typeReport(b, SpanTypes)
		}
	}
	if e.quotes {
		s := e.entities
		r.Quotes = &QuoteReport{Precision: ratio(s.QuotePredOK, s.QuotePred), Recall: ratio(s.QuoteFound, s.QuoteGold),
			AttributedRecall: ratio(s.QuoteAttributed, s.QuoteGold), Gold: s.QuoteGold, Pred: s.QuotePred}
	}
	return r
}

// Print writes the report as a table.
func (r Report) Print(w io.Writer) {
	fmt.Fprintf(w, "%d documents", r.Documents)
	if len(r.Missing) > 0 {
		fmt.Fprintf(w, " (%d with no record)", len(r.Missing))
	}
	fmt.Fprintln(w)
	row := func(label string, s Score) {
		fmt.Fprintf(w, "  %-22s P %.3f  R %.3f  F1 %.3f  (gold %d, pred %d, tp %d)\n", label, s.P, s.R, s.F1, s.Gold, s.Pred, s.TP)
	}
	block := func(title string, t TypeReport, types []string) {
		fmt.Fprintln(w, title)
		row("micro", t.Micro)
		for _, typ := range types {
			row(typ, t.Types[typ])
		}
	}
	if r.Spans != nil {
		for _, v := range []string{ViewAll, ViewProse, ViewProseSentences} {
			block("exact spans, "+v+":", r.Spans[v], SpanTypes)
		}
	}
	if r.Entities != nil {
		block("entities (distinct per document, as shared/eval/score.py):", *r.Entities, EntityTypes)
	}
	if q := r.Quotes; q != nil {
		fmt.Fprintf(w, "quotes: precision %.3f, recall %.3f, attributed recall %.3f (gold %d, pred %d)\n", q.Precision, q.Recall, q.AttributedRecall, q.Gold, q.Pred)
	}
	if r.NotMapped > 0 {
		fmt.Fprintf(w, "%d predicted mentions not found in their file\n", r.NotMapped)
	}
}
