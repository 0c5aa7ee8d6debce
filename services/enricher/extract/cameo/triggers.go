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
		t := &d.Toks[i]
		if t.Quote >= 0 || !d.IsWord(i) || (t.Cap && !t.Initial) || t.Class&lexicon.ClassTrigger == 0 {
			continue
		}
		var best trigger // best.p nil: no pattern matched
		for _, p := range c.lx.Patterns[t.Key] {
			end, ok := c.matchPattern(p, i)
			if !ok {
				continue
			}
			if best.p == nil || len(p.Steps) > len(best.p.Steps) {
				best = trigger{p: p, T0: i, T1: end}
			}
		}
		if best.p == nil || (!best.p.Nominal && (c.nominalUse(i) || !c.verbalUse(i, best.p))) {
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
		out = append(out, best)
	}
	return out
}

// nominalUse reports a verb pattern's trigger used as a noun: "an immediate
// and full 30-day halt", "the fighting", "the king's request", "China's
// rising demand", "three Mexican states", "in the child kidnap case".
func (c *coder) nominalUse(t int) bool {
	d, cues := c.d, &c.lx.Cues
	if t > 0 && c.norpAt(t-1) {
		return true // "Mexican states": a nationality qualifies a noun
	}
	for j := t - 1; j >= 0 && j >= t-5 && d.Toks[j].Sent == d.Toks[t].Sent; j-- {
		cl := d.Toks[j].Class
		switch {
		case cues.NounDeterminers.In(cl) || d.Toks[j].Kind == layer.Poss:
			return true
		case j == t-1 && strings.HasSuffix(d.Toks[t].Key, "ing") && cues.GerundPreps.In(cl):
			return true // "deter X from attacking", "accused of using": not an event of its own
		case j < t-1 && cues.Prepositions.In(cl) && d.Toks[t-1].Kind == layer.Word && !d.Toks[t-1].Cap:
			return true // "for peace deal support": a noun after a preposition and a noun
		case !d.IsWord(j) || d.Toks[j].Cap || cues.ClauseVerbs.In(cl) || cues.VerbMarkers.In(cl):
			return false
		}
		if cl&(lexicon.ClassTrigger|lexicon.ClassSpeech) != 0 {
			return false
		}
	}
	return false
}

// verbalUse reports that a trigger whose form is also a common noun
// ("support", "attacks", "calls"; the lexicon's noun-verb-forms) stands
// where a verb does: after a name or pronoun, a modal or auxiliary, "to", a
// relative pronoun or "and", past adverbs and negations.
func (c *coder) verbalUse(t int, p *lexicon.Pattern) bool {
	d, cues := c.d, &c.lx.Cues
	if !cues.NounVerbForms.In(d.Toks[t].Class) || d.Toks[t].Initial {
		return true
	}
	j := t - 1
	for j >= 0 && (cues.CueFillers.In(d.Toks[j].Class) || cues.Negations.In(d.Toks[j].Class) || strings.HasSuffix(d.Toks[j].Key, "ly")) {
		j--
	}
	if j < 0 || d.Toks[j].Sent != d.Toks[t].Sent {
		return true
	}
	prev := d.Toks[j]
	switch {
	case cues.ClauseVerbs.In(prev.Class) || cues.HypotheticalModals.In(prev.Class) || cues.FutureModals.In(prev.Class) ||
		cues.RelativePronouns.In(prev.Class) || prev.Key == "to" || prev.Key == "and" || prev.Key == "that" || prev.Key == "who":
		return true
	case prev.Cap || c.lx.Cues.Pronouns.In(prev.Class) || prev.Key == "they" || prev.Key == "we" || prev.Key == "i":
		return true // a name or a subject pronoun
	}
	return c.agentEndsAt(j)
}

// agentEndsAt reports a mention ending at token j (a name, however written).
func (c *coder) agentEndsAt(j int) bool {
	for i := range c.d.Mentions {
		if c.d.Mentions[i].T1 == j+1 {
			return true
		}
	}
	return false
}

// norpAt reports a nationality or group name ending at token i.
func (c *coder) norpAt(i int) bool {
	for k := range c.d.Mentions {
		if m := &c.d.Mentions[k]; m.T1 == i+1 && m.Type == layer.Norp {
			return true
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
