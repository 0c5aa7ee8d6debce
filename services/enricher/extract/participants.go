package extract

import (
	"sort"
	"strings"
)

func (d *doc) rangeHasPunct(from, to int) bool {
	for k := from; k < to; k++ {
		if d.toks[k].Kind == tPunct {
			return true
		}
	}
	return false
}

func (d *doc) rangeHas(from, to int, words ...string) bool {
	for k := from; k < to; k++ {
		if contains(words, d.toks[k].Key) {
			return true
		}
	}
	return false
}

// clauseBreak reports a semicolon, a dash, a subordinate or relative clause
// between tokens.
func (d *doc) clauseBreak(from, to int) bool {
	for k := from; k < to; k++ {
		switch d.toks[k].Key {
		case "which", "who":
			// A relative clause set off by commas ("Egypt, which has
			// mediated, condemned …") is an aside: look past it.
			if end := d.asideEnd(k, to); end > 0 {
				k = end
				continue
			}
			return true
		case "but", "while", "whereas", "because", "although", "when", "if", "unless", "whether":
			return true
		case "after", "before":
			// "… before travelling to Brussels" keeps the subject
			if k+1 >= len(d.toks) || !strings.HasSuffix(d.toks[k+1].Key, "ing") {
				return true
			}
		}
		switch d.toks[k].Text {
		case ";", "\u2013", "\u2014", "(", ")":
			return true
		}
	}
	return false
}

// asideEnd returns the comma closing a relative clause that opens with ",
// which" or ", who" at k, when it closes before to; 0 otherwise.
func (d *doc) asideEnd(k, to int) int {
	if k == 0 || d.toks[k-1].Text != "," {
		return 0
	}
	for j := k + 1; j < to; j++ {
		switch d.toks[j].Text {
		case ",":
			return j
		case ";", "\u2013", "\u2014", "(", ")", ".":
			return 0
		}
	}
	return 0
}

// auxiliaries and speech verbs that show an agent starts a new clause.
var clauseVerbs = map[string]bool{"will": true, "would": true, "has": true, "have": true, "had": true, "is": true,
	"was": true, "were": true, "are": true, "can": true, "could": true, "may": true, "might": true, "must": true,
	"should": true, "did": true, "does": true}

// newClauseBefore reports whether agent a opens a new clause after the
// trigger: "…, saying it …", "… and Pete Hegseth said …", or a comma that
// does not continue a list.
func (d *doc) newClauseBefore(a *agent, from int) bool {
	for k := from; k < a.T0; k++ {
		if d.toks[k].Text != "," {
			continue
		}
		if k+1 < len(d.toks) && !d.startsAgent(k+1) && d.toks[k+1].Key != "and" {
			return true
		}
		if d.attributionAfter(k) {
			return true // "…, the UK Maritime Trade Operations agency said."
		}
	}
	if a.T1 < len(d.toks) {
		k := d.toks[a.T1].Key
		if _, speech := d.lx.speech[k]; speech || clauseVerbs[k] {
			return a.T0 > from
		}
	}
	return false
}

// attributionAfter reports a trailing ", X said" clause after the comma at k.
func (d *doc) attributionAfter(k int) bool {
	for j := k + 1; j < len(d.toks) && j <= k+8 && d.toks[j].Sent == d.toks[k].Sent; j++ {
		if d.toks[j].Kind == tPunct {
			return false
		}
		if _, ok := d.lx.speech[d.toks[j].Key]; ok {
			return true
		}
	}
	return false
}

func (d *doc) startsAgent(k int) bool {
	s := d.toks[k].Sent
	for _, a := range d.agents[s] {
		if a.T0 == k || (k+1 == a.T0 && (d.toks[k].Key == "the" || d.toks[k].Key == "a")) {
			return true
		}
	}
	return false
}

// bothBefore reports "both countries" / "both sides" / "each other" between tokens.
func (d *doc) bothBefore(from, to int) bool {
	for k := from; k < to && k+1 < len(d.toks); k++ {
		if d.toks[k].Key == "both" && (d.toks[k+1].Key == "countries" || d.toks[k+1].Key == "sides" || d.toks[k+1].Key == "nations") {
			return true
		}
	}
	return false
}

// bothSides resolves "both countries" before the trigger to the two
// countries the article mentions most (names, nationalities and capitals).
func (d *doc) bothSides(s, trig int) []*agent {
	sp := d.sents[s]
	if !d.bothBefore(d.tokenAt(sp.Start), trig) {
		return nil
	}
	count := map[string]int{}
	for _, m := range d.mentions {
		if m.Ent < 0 {
			continue
		}
		e := d.link.entities[m.Ent]
		if e.Country != "" && (e.Kind == kindCountry || e.Kind == kindDemonym || e.Kind == kindCity || e.Kind == "gov") {
			count[e.Country]++
		}
	}
	type kv struct {
		k string
		n int
	}
	var all []kv
	for k, n := range count {
		all = append(all, kv{k, n})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].n > all[j].n || (all[i].n == all[j].n && all[i].k < all[j].k) })
	var out []*agent
	for _, c := range all[:min(2, len(all))] {
		for ei, e := range d.link.entities {
			if e.Type == "LOC" && e.Name == c.k {
				out = append(out, &agent{Ent: ei, Mention: -1, RoleT0: -1, T0: trig, T1: trig})
			}
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

func nearestTimex(xs []timex, tok int) (timex, bool) {
	best, bestD := timex{}, -1
	for _, x := range xs {
		dist := x.T0 - tok
		if dist < 0 {
			dist = -dist * 2 // prefer expressions after the trigger
		}
		if bestD < 0 || dist < bestD {
			best, bestD = x, dist
		}
	}
	return best, bestD >= 0
}

var locPreps = map[string]bool{"in": true, "at": true, "near": true, "outside": true, "across": true}

// placeFillers may stand between a preposition and a place ("in the western Kursk region").
var placeFillers = map[string]bool{"the": true, "western": true, "eastern": true, "northern": true, "southern": true,
	"central": true, "north": true, "south": true, "east": true, "west": true, "capital": true, "city": true,
	"occupied": true, "port": true, "town": true, "of": true, "nearby": true, "annexed": true, "embattled": true}

// locationOf finds where the event happens: a place after "in"/"at" (or
// "to" for travel) in the sentence, preferring one after the trigger.
func (d *doc) locationOf(s int, tr trigger) *agent {
	as := d.agents[s]
	var best *agent
	for i := range as {
		a := &as[i]
		if a.Ent < 0 || d.link.entities[a.Ent].Type != "LOC" {
			continue
		}
		if !d.placePrep(a.T0, tr.p.ToLoc) {
			continue
		}
		if a.T0 < tr.T0 && (tr.T0-a.T1 > 12 || d.clauseBreak(a.T1, tr.T0)) {
			continue
		}
		if best == nil || (best.T0 < tr.T0 && a.T0 > tr.T0) {
			best = a
		} else if best.T0 > tr.T0 && a.T0 > tr.T0 {
			// keep the first after the trigger, but a city beats its country
			if d.link.entities[best.Ent].Kind == kindCountry && d.link.entities[a.Ent].Kind == kindCity {
				best = a
			}
		}
	}
	return best
}

// placePrep reports whether a place at token t follows "in", "at" (or
// "to"), with up to three words between ("in the western Kursk region").
func (d *doc) placePrep(t int, to bool) bool {
	for k := t - 1; k >= 0 && k >= t-4; k-- {
		key := d.toks[k].Key
		if locPreps[key] || (to && key == "to") {
			return true
		}
		if !placeFillers[key] {
			return false
		}
	}
	return false
}

// isFuture reports an event announced for later ("will host", "is expected
// to travel").
func (d *doc) isFuture(s int, tr trigger) bool {
	for k := tr.T0 - 1; k >= 0 && k >= tr.T0-4 && d.toks[k].Sent == s; k-- {
		key := d.toks[k].Key
		if futureModals[key] || (futureBefore[key] && k+1 < len(d.toks) && d.toks[k+1].Key == "to") {
			return true
		}
	}
	return false
}

func containsAgent(as []*agent, a *agent) bool {
	for _, x := range as {
		if x == a || (x.Ent == a.Ent && x.Ent >= 0) {
			return true
		}
	}
	return false
}
