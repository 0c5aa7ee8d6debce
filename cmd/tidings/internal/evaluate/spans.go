package evaluate

import (
	"bytes"
	"slices"
	"strings"
)

// SpanTypes are the types scored on exact spans (CoNLL's criterion).
var SpanTypes = []string{"PER", "ORG", "LOC"}

// Span views: every document, prose documents, and only the sentences of
// running text (no headlines, datelines, tables or lists) in any document.
const (
	ViewAll            = "all"
	ViewProse          = "prose"
	ViewProseSentences = "prose-sentences"
)

// spanType maps a record's or a corpus's type to PER, ORG or LOC ("" for the others).
func spanType(t string) string {
	switch strings.ToUpper(t) {
	case "PERSON", "PER":
		return "PER"
	case "ORG", "ORGANIZATION", "ORGANISATION":
		return "ORG"
	case "LOC", "GPE", "LOCATION", "FACILITY", "GSP":
		return "LOC"
	}
	return ""
}

// Counts are true positives, false positives and false negatives.
type Counts struct{ TP, FP, FN int }

// Score is precision, recall and F1 with the counts behind them.
type Score struct {
	P    float64 `json:"p"`
	R    float64 `json:"r"`
	F1   float64 `json:"f1"`
	Gold int     `json:"gold"`
	Pred int     `json:"pred"`
	TP   int     `json:"tp"`
}

// Score computes P, R and F1.
func (c Counts) Score() Score {
	s := Score{Gold: c.TP + c.FN, Pred: c.TP + c.FP, TP: c.TP}
	if s.Pred > 0 {
		s.P = float64(c.TP) / float64(s.Pred)
	}
	if s.Gold > 0 {
		s.R = float64(c.TP) / float64(s.Gold)
	}
	if s.P+s.R > 0 {
		s.F1 = 2 * s.P * s.R / (s.P + s.R)
	}
	return s
}

// ByType holds counts per type; Micro sums them.
type ByType map[string]*Counts

func (b ByType) at(t string) *Counts {
	if b[t] == nil {
		b[t] = &Counts{}
	}
	return b[t]
}

// Micro sums the counts of every type.
func (b ByType) Micro() Counts {
	var c Counts
	for _, x := range b {
		c.TP, c.FP, c.FN = c.TP+x.TP, c.FP+x.FP, c.FN+x.FN
	}
	return c
}

type span struct {
	start, end int
	typ        string
}

// SpanScorer scores names on exact spans per type, as
// shared/eval/devsets/ner_score.py does.
type SpanScorer struct {
	Views map[string]ByType
	// NotMapped counts predicted mentions no paragraph of the file holds.
	NotMapped int
}

// NewSpanScorer returns an empty scorer.
func NewSpanScorer() *SpanScorer {
	return &SpanScorer{Views: map[string]ByType{ViewAll: {}, ViewProse: {}, ViewProseSentences: {}}}
}

// Add scores one document: its file's bytes (src), its gold and the record
// predicted for it (nil: none).
func (s *SpanScorer) Add(src []byte, g *GoldDoc, rec *Record) {
	pred := map[span]bool{}
	if rec != nil {
		for sp := range s.predicted(src, rec) {
			if t := spanType(sp.typ); t != "" {
				pred[span{sp.start, sp.end, t}] = true
			}
		}
	}
	gold := map[span]bool{}
	for _, m := range g.Mentions {
		if t := spanType(m.Type); t != "" {
			gold[span{m.Start, m.End, t}] = true
		}
	}
	for view, counts := range s.Views {
		if view == ViewProse && !g.Prose {
			continue
		}
		keep := func(sp span) bool { return view != ViewProseSentences || inside(sp, g.Regions, "prose") }
		for sp := range gold {
			if keep(sp) {
				if pred[sp] {
					counts.at(sp.typ).TP++
				} else {
					counts.at(sp.typ).FN++
				}
			}
		}
		for sp := range pred {
			if keep(sp) && !gold[sp] {
				counts.at(sp.typ).FP++
			}
		}
	}
}

func inside(sp span, regions []Region, kind string) bool {
	for _, r := range regions {
		if r.Kind == kind && r.Start <= sp.start && sp.end <= r.End {
			return true
		}
	}
	return false
}

// predicted returns the record's names in the file's byte offsets: mentions
// with offsets (names and aliases; pronouns and titles are no names) are
// moved from the body to the file by locating each body paragraph in it;
// without offsets, every whole-word occurrence of an entity's names is one,
// longest first and not overlapping (ner_score.py's reading of a peer).
func (s *SpanScorer) predicted(src []byte, rec *Record) map[span]bool {
	out := map[span]bool{}
	hasOffsets := false
	for _, e := range rec.Entities {
		for _, m := range e.Mentions {
			hasOffsets = hasOffsets || hasSpan(m)
		}
	}
	if rec.Body != "" && hasOffsets {
		paras := bodyMap([]byte(rec.Body), src)
		for _, e := range rec.Entities {
			for _, m := range e.Mentions {
				if m.Kind == "pronoun" || m.Kind == "role" || !hasSpan(m) {
					continue
				}
				mapped := false
				for _, p := range paras {
					if p.start <= m.Start && m.End <= p.end {
						out[span{m.Start + p.shift, m.End + p.shift, strings.ToUpper(e.Type)}] = true
						mapped = true
						break
					}
				}
				if !mapped {
					s.NotMapped++
				}
			}
		}
		return out
	}
	return occurrences(src, rec)
}

type paraShift struct{ start, end, shift int }

// bodyMap locates each paragraph of the body in the file.
func bodyMap(body, src []byte) []paraShift {
	var out []paraShift
	cur, pos := 0, 0
	for _, para := range bytes.Split(body, []byte("\n\n")) {
		if len(bytes.TrimSpace(para)) > 0 {
			at := -1
			if i := bytes.Index(src[min(cur, len(src)):], para); i >= 0 {
				at = cur + i
			} else {
				at = bytes.Index(src, para)
			}
			if at >= 0 {
				out = append(out, paraShift{pos, pos + len(para), at - pos})
				cur = at + len(para)
			}
		}
		pos += len(para) + 2
	}
	return out
}

func isWordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// occurrences reads a record without offsets: each whole-word occurrence of
// an entity's name or mention texts, longest first, not overlapping.
func occurrences(src []byte, rec *Record) map[span]bool {
	var cands []span
	seen := map[span]bool{}
	for _, e := range rec.Entities {
		words := map[string]bool{e.Name: true}
		for _, m := range e.Mentions {
			words[m.Text] = true
		}
		for w := range words {
			if w == "" {
				continue
			}
			for off := 0; ; {
				i := bytes.Index(src[off:], []byte(w))
				if i < 0 {
					break
				}
				a, b := off+i, off+i+len(w)
				if (a == 0 || !isWordByte(src[a-1])) && (b == len(src) || !isWordByte(src[b])) {
					sp := span{a, b, strings.ToUpper(e.Type)}
					if !seen[sp] {
						seen[sp] = true
						cands = append(cands, sp)
					}
				}
				off = a + 1
			}
		}
	}
	slices.SortFunc(cands, func(x, y span) int {
		if d := (y.end - y.start) - (x.end - x.start); d != 0 {
			return d
		}
		if x.start != y.start {
			return x.start - y.start
		}
		return strings.Compare(x.typ, y.typ)
	})
	out := map[span]bool{}
	var taken []span
	for _, c := range cands {
		free := true
		for _, t := range taken {
			if c.start < t.end && t.start < c.end {
				free = false
				break
			}
		}
		if free {
			taken = append(taken, c)
			out[c] = true
		}
	}
	return out
}
