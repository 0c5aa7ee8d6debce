package cameo

import (
	"cmp"
	"slices"
	"strings"

	"github.com/tidings-news/tidings/services/enricher/extract/layer"
	"github.com/tidings-news/tidings/services/enricher/extract/lexicon"
)

// findActors returns who acts: the subject group before the trigger in its
// clause, a nationality or body modifying a nominal trigger ("Russian air
// attack"), the parties of "talks between X and Y", the one asked to act
// ("urged the minister to resign"), "both countries", and coordinated
// subjects ("Ivo Marsh and Greta Lindqvist will host").
func (c *coder) findActors(f *frame) []*layer.Agent {
	if f.tr.p.Nominal {
		// a noun: what modifies it acts ("Russian air strikes", "talks
		// between X and Y"); the clause's subject only when the noun has its
		// own target ("increased pressure on Russia"), never otherwise
		// ("avoiding a strike that had threatened profits")
		return c.nominalActors(f)
	}
	return c.subjectActors(f)
}

// subjectActors returns the subject group acting on the trigger.
func (c *coder) subjectActors(f *frame) []*layer.Agent {
	d, tr, as := c.d, f.tr, f.as
	var actors []*layer.Agent
	before := c.subjectBefore(f)
	if tr.T0 >= 2 && d.Toks[tr.T0-1].Key == "to" {
		// "pressure on the general to accept", "urged the minister to resign": the
		// one right before "to" is who would act
		for i := range as {
			if as[i].T1 == tr.T0-1 && as[i].Ent >= 0 && !f.isLoc(&as[i]) {
				before = i
			}
		}
	}
	if before < 0 && d.Toks[tr.T0].Initial && strings.HasSuffix(d.Toks[tr.T0].Key, "ing") {
		// "Speaking at a briefing in Oslo, Ivo Marsh said …"
		if i := c.subjectIndex(f, len(d.Toks)); i >= 0 {
			actors = append(actors, &as[i])
		}
	}
	if len(actors) == 0 && (before < 0 || c.bothBefore(as[before].T1, tr.T0)) {
		if pair := c.bothSides(f.s, tr.T0); len(pair) > 0 {
			return pair
		}
	}
	if len(actors) == 0 && before >= 0 {
		actors = c.coordinated(as, before)
	}
	if len(actors) == 0 {
		if a := c.forcesOf(f); a != nil {
			actors = append(actors, a)
		}
	}
	return actors
}

// subjectBefore returns the index in f.as of the subject acting on the
// trigger: the sentence's subject for a speech participle ("…, warning
// that …"), else the closest agent before the trigger in its clause; -1 if none.
func (c *coder) subjectBefore(f *frame) int {
	d, tr, as := c.d, f.tr, f.as
	if sv, ok := c.lx.Speech[d.Toks[tr.T0].Key]; ok && sv.Participle {
		return c.subjectIndex(f, tr.T0)
	}
	for i := len(as) - 1; i >= 0; i-- {
		if as[i].T1 > tr.T0 || f.isLoc(&as[i]) || as[i].Ent < 0 {
			continue
		}
		if c.clauseBreak(as[i].T1, tr.T0) {
			break
		}
		if as[i].Prep {
			continue
		}
		return i
	}
	return -1
}

// nominalActors returns the modifier right before a nominal trigger ("US
// strikes"), else the parties after "talks between".
func (c *coder) nominalActors(f *frame) []*layer.Agent {
	tr, as := f.tr, f.as
	for i := len(as) - 1; i >= 0; i-- {
		if as[i].T1 <= tr.T0 && as[i].T1 >= tr.T0-2 && !f.isLoc(&as[i]) && as[i].Ent >= 0 && (!as[i].Prep || as[i].T1 == tr.T0) &&
			!c.rangeHasPunct(as[i].T1, tr.T0) && !c.rangeHas(as[i].T1, tr.T0, "for", "of", "to", "with") {
			return []*layer.Agent{&as[i]}
		}
	}
	var actors []*layer.Agent
	if tr.T1 > 0 && c.d.Toks[tr.T1-1].Key == "between" {
		for i := range as {
			if as[i].T0 >= tr.T1 && as[i].T0 <= tr.T1+6 && !f.isLoc(&as[i]) && as[i].Ent >= 0 {
				actors = append(actors, &as[i])
			}
		}
	}
	return actors
}

// coordinated returns agent before and those joined to it by "and" or
// commas before it: "Ivo Marsh and Greta Lindqvist".
func (c *coder) coordinated(as []layer.Agent, before int) []*layer.Agent {
	actors := []*layer.Agent{&as[before]}
	sawAnd := false
	for i := before - 1; i >= 0; i-- {
		gapOK, and := true, false
		for k := as[i].T1; k < actors[len(actors)-1].T0; k++ {
			switch kk := c.d.Toks[k].Key; {
			case kk == "and":
				and = true
			case c.d.Toks[k].Text == "," || kk == "the" || kk == "both":
			default:
				gapOK = false
			}
		}
		if !gapOK || as[i].Ent < 0 || !(and || sawAnd) {
			break
		}
		sawAnd = sawAnd || and
		actors = append(actors, &as[i])
	}
	slices.Reverse(actors) // in the order of the text
	return actors
}

// forcesOf returns the body or place whose forces act before the trigger
// when no name does: "Police in Georgia arrested …", "troops from Chad".
func (c *coder) forcesOf(f *frame) *layer.Agent {
	d := c.d
	for i := range f.as {
		a := &f.as[i]
		if a.T1 > f.tr.T0 || a.Ent < 0 || a.T0 < 2 || c.clauseBreak(a.T1, f.tr.T0) {
			continue
		}
		if c.lx.Cues.NounPrepositions.In(d.Toks[a.T0-1].Class) || d.Toks[a.T0-1].Key == "in" {
			if c.lx.Cues.ForceNouns.In(d.Toks[a.T0-2].Class) {
				return a
			}
		}
	}
	return nil
}

// findTargets returns the targets of the trigger in its clause, before
// token limit, where the pattern says they stand: the first name after
// the trigger not after a preposition (its object), or the first name
// after one of the pattern's prepositions ("met with X"); with the names
// joined to it by "and" or commas (at most three).
func (c *coder) findTargets(f *frame, limit int) []*layer.Agent {
	p := f.tr.p
	if p.Target == lexicon.TargetNone {
		return nil
	}
	var targets []*layer.Agent
	for i := range f.as {
		a := &f.as[i]
		if a.T0 <= f.tr.T0 || a.Ent < 0 || f.isLoc(a) || containsAgent(f.actors, a) ||
			(c.d.Entities[a.Ent].Type == layer.Loc && c.placePrep(a.T0, p.ToLoc)) {
			continue
		}
		if a.T0 >= limit || c.clauseBreak(f.tr.T0, a.T0) || c.newClauseBefore(a, f.tr.T1) {
			break
		}
		if len(targets) > 0 {
			if !c.joined(targets[len(targets)-1], a) {
				break
			}
			targets = append(targets, a)
		} else if c.targetAt(a, p) {
			targets = append(targets, a)
		}
		if len(targets) == 3 {
			break
		}
	}
	return targets
}

// targetAt reports whether agent a stands where pattern p's target does.
func (c *coder) targetAt(a *layer.Agent, p *lexicon.Pattern) bool {
	prep := ""
	if a.T0 > 0 {
		prep = c.d.Toks[a.T0-1].Key
	}
	if p.Target == lexicon.TargetPrep && slices.Contains(p.Preps, prep) {
		return true
	}
	if p.Target == lexicon.TargetPrep && !p.OrObject {
		return false
	}
	if p.Target == lexicon.TargetSubject {
		return true // "came under fire from X": whoever follows acts
	}
	return !a.Prep
}

// joined reports that agent b is joined to agent a by "and", "or" or
// commas only ("X, Y and Z").
func (c *coder) joined(a, b *layer.Agent) bool {
	for k := a.T1; k < b.T0; k++ {
		switch t := c.d.Toks[k]; {
		case t.Key == "and" || t.Key == "or" || t.Text == "," || t.Key == "the" || t.Key == "both":
		default:
			return false
		}
	}
	return true
}

// byAgents returns the names after "by" following a passive trigger: its
// actors ("was arrested by the police").
func (c *coder) byAgents(f *frame, limit int) []*layer.Agent {
	var by []*layer.Agent
	for i := range f.as {
		a := &f.as[i]
		if a.T0 <= f.tr.T0 || a.Ent < 0 || a.T0 >= limit || c.clauseBreak(f.tr.T0, a.T0) {
			continue
		}
		if (len(by) == 0 && a.T0 > 0 && c.d.Toks[a.T0-1].Key == "by") || (len(by) > 0 && c.joined(by[len(by)-1], a)) {
			by = append(by, a)
		}
	}
	return by
}

func containsAgent(as []*layer.Agent, a *layer.Agent) bool {
	for _, x := range as {
		if x == a || (x.Ent == a.Ent && x.Ent >= 0) {
			return true
		}
	}
	return false
}

// bothBefore reports "both countries" / "both sides" between tokens.
func (c *coder) bothBefore(from, to int) bool {
	for k := from; k < to && k+1 < len(c.d.Toks); k++ {
		if c.d.Toks[k].Key == "both" && c.lx.Cues.BothNouns.In(c.d.Toks[k+1].Class) {
			return true
		}
	}
	return false
}

// bothSides resolves "both countries" before the trigger to the two
// countries the article mentions most (names, nationalities and capitals).
func (c *coder) bothSides(s, trig int) []*layer.Agent {
	d := c.d
	if !c.bothBefore(d.TokenAt(d.Sents[s].Start), trig) {
		return nil
	}
	count := map[string]int{}
	for i := range d.Mentions {
		m := &d.Mentions[i]
		if m.Ent < 0 {
			continue
		}
		e := d.Entities[m.Ent]
		if e.Country != "" && (e.Kind == lexicon.KindCountry || e.Kind == lexicon.KindDemonym || e.Kind == lexicon.KindCity || e.Kind == lexicon.KindGov) {
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
	slices.SortFunc(all, func(a, b kv) int {
		if a.n != b.n {
			return cmp.Compare(b.n, a.n)
		}
		return strings.Compare(a.k, b.k)
	})
	var out []*layer.Agent
	for _, cn := range all[:min(2, len(all))] {
		for ei, e := range d.Entities {
			if e.Type == layer.Loc && e.Name == cn.k {
				out = append(out, &layer.Agent{Ent: ei, Mention: -1, RoleT0: -1, T0: trig, T1: trig})
			}
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}
