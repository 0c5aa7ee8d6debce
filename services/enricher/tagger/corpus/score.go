package corpus

import (
	"fmt"
	"io"
)

// Scored are the entity types scored (CoNLL's PER, ORG, LOC; MISC is not).
var Scored = []string{"PER", "ORG", "LOC"}

// Counts are true positives, false positives and false negatives per type.
type Counts map[string]*[3]int

// Add compares predicted and gold spans (byte offsets and type) of one
// document; only the Scored types count.
func (c Counts) Add(pred, gold []Mention) {
	key := func(m Mention) [3]any { return [3]any{m.Start, m.End, m.Type} }
	g := map[[3]any]bool{}
	for _, m := range gold {
		if scored(m.Type) {
			g[key(m)] = true
		}
	}
	seen := map[[3]any]bool{}
	for _, m := range pred {
		if !scored(m.Type) || seen[key(m)] {
			continue
		}
		seen[key(m)] = true
		if g[key(m)] {
			c.at(m.Type)[0]++
		} else {
			c.at(m.Type)[1]++
		}
	}
	for k := range g {
		if !seen[k] {
			c.at(k[2].(string))[2]++
		}
	}
}

func (c Counts) at(t string) *[3]int {
	if c[t] == nil {
		c[t] = &[3]int{}
	}
	return c[t]
}

func scored(t string) bool {
	for _, s := range Scored {
		if s == t {
			return true
		}
	}
	return false
}

// PRF is precision, recall and F1 of counts.
func PRF(tp, fp, fn int) (p, r, f float64) {
	if tp+fp > 0 {
		p = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		r = float64(tp) / float64(tp+fn)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

// Micro sums the counts of every scored type.
func (c Counts) Micro() (tp, fp, fn int) {
	for _, t := range Scored {
		if x := c[t]; x != nil {
			tp, fp, fn = tp+x[0], fp+x[1], fn+x[2]
		}
	}
	return tp, fp, fn
}

// Print writes one line: micro F1 then F1 per type.
func (c Counts) Print(w io.Writer, name string) {
	_, _, f := PRF(c.Micro())
	fmt.Fprintf(w, "%-6s F1 %.4f", name, f)
	for _, t := range Scored {
		x := c.at(t)
		_, _, ft := PRF(x[0], x[1], x[2])
		fmt.Fprintf(w, "  %s %.4f", t, ft)
	}
	fmt.Fprintln(w)
}
