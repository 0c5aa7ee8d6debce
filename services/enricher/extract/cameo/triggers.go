package cameo

import (
	"slices"
	"strings"

	"github.com/tidings-news/tidings/services/enricher/extract/layer"
	"github.com/tidings-news/tidings/services/enricher/extract/lexicon"
)

// matchPattern matches p at token i and returns the end token.
func (c *coder) matchPattern(p *lexicon.Pattern, i int) (int, bool) {
	d := c.d
	j := i + 1
	s := d.Toks[i].Sent
	for k := 1; k < len(p.Steps); k++ {
		step := p.Steps[k]
		if step == nil {
			continue
		}
		gap := p.Steps[k-1] == nil
		found := false
		for skipped := 0; j < len(d.Toks) && d.Toks[j].Sent == s && d.Toks[j].Quote < 0; j++ {
			if d.IsWord(j) {
				if slices.Contains(step, d.Toks[j].Key) {
					found = true
					j++
					break
				}
				skipped++
				if !gap || skipped > 4 {
					break
				}
			} else if !gap {
				break
			}
		}
		if !found {
			return 0, false
		}
	}
	return j, true
}

// triggersIn returns the best pattern match at each word of sentence s outside quotes.
func (c *coder) triggersIn(s int) []trigger {
	d := c.d
	var out []trigger
	sp := d.Sents[s]
	for i := d.TokenAt(sp.Start); i < len(d.Toks) && d.Toks[i].Start < sp.End; i++ {
		t := d.Toks[i]
		if t.Quote >= 0 || !d.IsWord(i) || (t.Cap && !t.Initial) || t.Class&lexicon.ClassTrigger == 0 {
			continue
		}
		var best *trigger
		for _, p := range c.lx.Patterns[t.Key] {
			end, ok := c.matchPattern(p, i)
			if !ok {
				continue
			}
			if best == nil || len(p.Steps) > len(best.p.Steps) {
				best = &trigger{p: p, T0: i, T1: end}
			}
		}
		if best == nil || (!best.p.Nominal && c.nominalUse(i)) {
			continue
		}
		if n := len(out); n > 0 && i < out[n-1].T1 {
			continue // inside the words of the previous trigger ("air attack")
		}
		for k := i - 1; k >= 0 && k >= i-3 && d.Toks[k].Sent == s; k-- {
			if c.lx.Cues.Negations.In(d.Toks[k].Class) || strings.HasSuffix(d.Toks[k].Key, "n t") {
				best.neg = true
			}
		}
		out = append(out, *best)
	}
	return out
}

// nominalUse reports a verb pattern's trigger used as a noun: "an immediate
// and full 30-day halt", "the fighting".
func (c *coder) nominalUse(t int) bool {
	d, cues := c.d, &c.lx.Cues
	for j := t - 1; j >= 0 && j >= t-5 && d.Toks[j].Sent == d.Toks[t].Sent; j-- {
		cl := d.Toks[j].Class
		switch {
		case cues.NounDeterminers.In(cl):
			return true
		case j == t-1 && strings.HasSuffix(d.Toks[t].Key, "ing") && cues.GerundPreps.In(cl):
			return true // "deter X from attacking", "accused of using": not an event of its own
		case !d.IsWord(j) || d.Toks[j].Cap || cues.ClauseVerbs.In(cl) || cues.VerbMarkers.In(cl):
			return false
		}
		if cl&(lexicon.ClassTrigger|lexicon.ClassSpeech) != 0 {
			return false
		}
	}
	return false
}

// isPassive reports a trigger in the passive ("has been accused", "was
// attacked"): a participle the lexicon lists after a form of "be".
func (c *coder) isPassive(tr trigger) bool {
	d, t := c.d, tr.T0
	if !tr.p.Passive[d.Toks[t].Key] || (t+1 < len(d.Toks) && d.Toks[t+1].Key == "to") {
		return false // "prepared to", "expected to": an adjective, not a passive
	}
	for j := t - 1; j >= 0 && j >= t-2; j-- {
		if c.lx.Cues.BeForms.In(d.Toks[j].Class) {
			return true
		}
	}
	return false
}

// hypothetical reports a trigger that reports no event: after a modal of
// possibility ("could attack"), in a condition ("if Russia attacks"), or
// an infinitive of what someone wants or tries ("wants to meet").
func (c *coder) hypothetical(tr trigger) bool {
	d, cues := c.d, &c.lx.Cues
	s := d.Toks[tr.T0].Sent
	for k := tr.T0 - 1; k >= 0 && d.Toks[k].Sent == s; k-- {
		t := d.Toks[k]
		if t.Kind == layer.Punct && t.Text != "-" {
			return false // a condition stays within its clause
		}
		switch {
		case tr.T0-k <= 3 && cues.HypotheticalModals.In(t.Class):
			return true
		case cues.Conditionals.In(t.Class):
			return true
		case k == tr.T0-2 && d.Toks[k+1].Key == "to" && cues.DesireVerbs.In(t.Class):
			return true
		}
	}
	return false
}
