package cameo

import (
	"strings"

	"github.com/tidings-news/tidings/services/enricher/extract/layer"
	"github.com/tidings-news/tidings/services/enricher/extract/lexicon"
)

func (c *coder) rangeHasPunct(from, to int) bool {
	for k := from; k < to; k++ {
		if c.d.Toks[k].Kind == layer.Punct {
			return true
		}
	}
	return false
}

func (c *coder) rangeHas(from, to int, words ...string) bool {
	for k := from; k < to; k++ {
		for _, w := range words {
			if c.d.Toks[k].Key == w {
				return true
			}
		}
	}
	return false
}

// clauseBreak reports a semicolon, a dash, a subordinate or relative clause
// between tokens.
func (c *coder) clauseBreak(from, to int) bool {
	cues := &c.lx.Cues
	for k := from; k < to; k++ {
		cl := c.d.Toks[k].Class
		switch {
		case cues.RelativePronouns.In(cl):
			// A relative clause set off by commas ("Egypt, which has
			// mediated, condemned …") is an aside: look past it.
			if end := c.asideEnd(k, to); end > 0 {
				k = end
				continue
			}
			return true
		case cues.Subordinators.In(cl):
			return true
		case cues.TimeSubordinators.In(cl):
			// "… before travelling to Brussels" keeps the subject
			if k+1 >= len(c.d.Toks) || !strings.HasSuffix(c.d.Toks[k+1].Key, "ing") {
				return true
			}
		}
		switch c.d.Toks[k].Text {
		case ";", "\u2013", "\u2014", "(", ")":
			return true
		}
	}
	return false
}

// asideEnd returns the comma closing a relative clause that opens with ",
// which" or ", who" at k, when it closes before to; 0 otherwise.
func (c *coder) asideEnd(k, to int) int {
	if k == 0 || c.d.Toks[k-1].Text != "," {
		return 0
	}
	for j := k + 1; j < to; j++ {
		switch c.d.Toks[j].Text {
		case ",":
			return j
		case ";", "\u2013", "\u2014", "(", ")", ".":
			return 0
		}
	}
	return 0
}

// newClauseBefore reports whether agent a opens a new clause after the
// trigger: "…, saying it …", "… and Pete Hegseth said …", or a comma that
// does not continue a list.
func (c *coder) newClauseBefore(a *layer.Agent, from int) bool {
	d := c.d
	for k := from; k < a.T0; k++ {
		if d.Toks[k].Text != "," {
			continue
		}
		if k+1 < len(d.Toks) && !c.startsAgent(k+1) && d.Toks[k+1].Key != "and" {
			return true
		}
		if c.attributionAfter(k) {
			return true // "…, the UK Maritime Trade Operations agency said."
		}
	}
	if a.T1 < len(d.Toks) {
		if cl := d.Toks[a.T1].Class; cl&lexicon.ClassSpeech != 0 || c.lx.Cues.ClauseVerbs.In(cl) {
			return a.T0 > from
		}
	}
	return false
}

// attributionAfter reports a trailing ", X said" clause after the comma at k.
func (c *coder) attributionAfter(k int) bool {
	d := c.d
	for j := k + 1; j < len(d.Toks) && j <= k+8 && d.Toks[j].Sent == d.Toks[k].Sent; j++ {
		if d.Toks[j].Kind == layer.Punct {
			return false
		}
		if d.Toks[j].Class&lexicon.ClassSpeech != 0 {
			return true
		}
	}
	return false
}

func (c *coder) startsAgent(k int) bool {
	d := c.d
	for _, a := range d.Agents[d.Toks[k].Sent] {
		if a.T0 == k || (k+1 == a.T0 && (d.Toks[k].Key == "the" || d.Toks[k].Key == "a")) {
			return true
		}
	}
	return false
}

// locationOf finds where the event happens: a place after "in"/"at" (or
// "to" for travel) in the sentence, preferring one after the trigger.
func (c *coder) locationOf(s int, tr trigger) *layer.Agent {
	d := c.d
	as := d.Agents[s]
	var best *layer.Agent
	for i := range as {
		a := &as[i]
		if a.Ent < 0 || d.Entities[a.Ent].Type != layer.Loc || !c.placePrep(a.T0, tr.p.ToLoc) {
			continue
		}
		if a.T0 < tr.T0 && (tr.T0-a.T1 > 12 || c.clauseBreak(a.T1, tr.T0)) {
			continue
		}
		if best == nil || (best.T0 < tr.T0 && a.T0 > tr.T0) {
			best = a
		} else if best.T0 > tr.T0 && a.T0 > tr.T0 {
			// keep the first after the trigger, but a city beats its country
			if d.Entities[best.Ent].Kind == lexicon.KindCountry && d.Entities[a.Ent].Kind == lexicon.KindCity {
				best = a
			}
		}
	}
	return best
}

// placePrep reports whether a place at token t follows "in", "at" (or
// "to"), with up to three words between ("in the western Kursk region").
func (c *coder) placePrep(t int, to bool) bool {
	for k := t - 1; k >= 0 && k >= t-4; k-- {
		tk := c.d.Toks[k]
		if c.lx.Cues.LocPreps.In(tk.Class) || (to && tk.Key == "to") {
			return true
		}
		if !c.lx.Cues.PlaceFillers.In(tk.Class) {
			return false
		}
	}
	return false
}

// isFuture reports an event announced for later ("will host", "is expected
// to travel").
func (c *coder) isFuture(s int, tr trigger) bool {
	d := c.d
	for k := tr.T0 - 1; k >= 0 && k >= tr.T0-4 && d.Toks[k].Sent == s; k-- {
		cl := d.Toks[k].Class
		if c.lx.Cues.FutureModals.In(cl) || (c.lx.Cues.FutureBefore.In(cl) && k+1 < len(d.Toks) && d.Toks[k+1].Key == "to") {
			return true
		}
	}
	return false
}
