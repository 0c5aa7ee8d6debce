package cameo

import (
	"strings"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/enricher/extract/agents"
	"github.com/tidings-news/tidings/services/enricher/extract/fold"
	"github.com/tidings-news/tidings/services/enricher/extract/layer"
	"github.com/tidings-news/tidings/services/enricher/extract/lexicon"
	"github.com/tidings-news/tidings/services/enricher/extract/timex"
)

// frame is what one trigger's event is built from.
type frame struct {
	s       int
	tr      trigger
	as      []layer.Agent // the sentence's agents, for events
	loc     *layer.Agent
	actors  []*layer.Agent
	targets []*layer.Agent
}

func (f *frame) isLoc(a *layer.Agent) bool { return f.loc != nil && a.Mention == f.loc.Mention }

// codeEvents builds the events of one trigger, one per actor and target.
// Targets are looked for before token limit (the next trigger).
func (c *coder) codeEvents(s int, tr trigger, times []timex.Expr, limit int) []events.Event {
	code, ok := c.adjustCode(tr)
	if !ok || c.hypothetical(tr) {
		return nil
	}
	row, ok := c.lx.Cameo(code)
	if !ok {
		return nil
	}
	f := &frame{s: s, tr: tr, as: c.eventAgents(s)}
	f.loc = c.locationOf(s, tr)
	passive := c.isPassive(tr)
	f.actors = c.findActors(f)
	f.targets = c.findTargets(f, limit)
	if tr.p.Nominal && len(f.actors) == 0 && len(f.targets) > 0 && tr.p.Target == lexicon.TargetPrep {
		f.actors = c.subjectActors(f)       // "increased pressure on Russia": the noun's own target
		f.targets = c.findTargets(f, limit) // not the actor again ("a meeting with his counterparts from France")
	}
	if passive {
		// "Marsh has been accused …": the subject undergoes; "by X" acts
		f.actors, f.targets = c.byAgents(f, limit), f.actors
	}
	if tr.p.Target == lexicon.TargetSubject {
		f.actors, f.targets = f.targets, f.actors // "came under fire from X"
		c.placeFromTargets(f)
	}
	f.actors, f.targets = c.introduced(f.actors), c.introduced(f.targets)
	if len(f.actors) == 0 && !(passive && len(f.targets) > 0) {
		return nil
	}
	if tr.p.Object && !c.addressed(f) {
		return nil // "told reporters": no one is addressed
	}
	if tr.p.Directive && !c.directive(f) {
		return nil // "told Radio Red the group was armed": a statement
	}
	if forceRoot(code[:2]) && !c.forceEvent(f) {
		return nil // "the Brewers rallied", "Romania beat Lithuania 2-1"
	}
	if code[:2] >= RootAssault {
		for _, a := range f.targets {
			if e := c.d.Entities[a.Ent]; e.Type == layer.Loc && e.Kind == lexicon.KindCity {
				f.loc = a
				break
			}
		}
	}
	var out []events.Event
	for _, p := range c.pairs(f) {
		ev := c.build(f, p, code, row, times)
		if len(ev.Actors) == 1 && len(ev.Targets) == 1 && ev.Actors[0].Name == ev.Targets[0].Name {
			continue // "Russian forces attacked Russia's …": no one acts on itself
		}
		out = append(out, ev)
	}
	return out
}

// directive reports "to" or a quotation right after the target: "told
// Putin to accept", "told Putin “over to you”".
func (c *coder) directive(f *frame) bool {
	if len(f.targets) == 0 {
		return false
	}
	k := f.targets[len(f.targets)-1].T1
	return k < len(c.d.Toks) && (c.d.Toks[k].Key == "to" || c.d.Toks[k].Quote >= 0 || isOpeningQuote(c.d.Toks[k].Text))
}

func isOpeningQuote(s string) bool { return s == "\u201c" || s == "\"" || s == "\u2018" }

// forceRoot reports the roots of protest and force (14, 18, 19, 20).
func forceRoot(root string) bool {
	return root == RootProtest || root >= RootAssault
}

// forceEvent reports that a protest or use of force is one: not in a
// sentence about sport (a score, an inning, a goal), and with a target or
// a place, or an actor that is a state, a people or a government body.
func (c *coder) forceEvent(f *frame) bool {
	if c.sports(f.s) {
		return false
	}
	if len(f.targets) > 0 || f.loc != nil {
		return true
	}
	for _, a := range f.actors {
		if a.Ent < 0 {
			continue
		}
		e := c.d.Entities[a.Ent]
		if e.Type == layer.Loc || e.Type == layer.Norp || e.Kind == lexicon.KindGov || e.Kind == lexicon.KindIntl {
			return true
		}
	}
	return false
}

// sports reports a sentence about sport: a score ("2-1", "(5-4)") or a
// word of the game ("homered", "halftime").
func (c *coder) sports(s int) bool {
	d := c.d
	sp := d.Sents[s]
	for i := d.TokenAt(sp.Start); i < len(d.Toks) && d.Toks[i].Start < sp.End; i++ {
		t := d.Toks[i]
		if c.lx.Cues.SportsWords.In(t.Class) || score(t.Text) {
			return true
		}
	}
	return false
}

// score reports a match score written as one token: "2-1", "5-4".
func score(s string) bool {
	a, b, ok := strings.Cut(s, "-")
	return ok && len(a) > 0 && len(b) > 0 && len(a) <= 3 && len(b) <= 3 && digits(a) && digits(b)
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// pair is one actor and one target of an event (either may be nil).
type pair struct{ actor, target *layer.Agent }

// pairs returns one actor–target pair per actor and target; subjects of a
// mutual verb with no target pair up among themselves ("Marsh and
// Lindqvist met": Marsh meets Lindqvist).
func (c *coder) pairs(f *frame) []pair {
	var out []pair
	switch {
	case len(f.targets) == 0 && f.tr.p.Mutual && len(f.actors) >= 2:
		for i, a := range f.actors {
			for _, b := range f.actors[i+1:] {
				out = append(out, pair{a, b})
			}
		}
	case len(f.targets) == 0:
		for _, a := range f.actors {
			out = append(out, pair{actor: a})
		}
	case len(f.actors) == 0:
		for _, t := range f.targets {
			out = append(out, pair{target: t})
		}
	default:
		for _, a := range f.actors {
			for _, t := range f.targets {
				out = append(out, pair{a, t})
			}
		}
	}
	return out
}

// placeFromTargets takes a place among the targets as where it happened.
func (c *coder) placeFromTargets(f *frame) {
	if f.loc != nil {
		return
	}
	for _, a := range f.targets {
		if c.d.Entities[a.Ent].Type == layer.Loc {
			f.loc = a
			return
		}
	}
}

// introduced keeps the participants the article introduces: a person
// named by a surname alone only once, with no title or honorific, is no
// participant ("… said Dravic" in passing).
// It returns as itself when it keeps them all (nothing appends to a frame's
// participants afterwards), else a new slice.
func (c *coder) introduced(as []*layer.Agent) []*layer.Agent {
	var out []*layer.Agent // nil until one is left out
	for i, a := range as {
		if a.Ent >= 0 && c.bareSurname(a.Ent) {
			if out == nil {
				out = append(make([]*layer.Agent, 0, len(as)-1), as[:i]...)
			}
			continue
		}
		if out != nil {
			out = append(out, a)
		}
	}
	if out == nil {
		return as
	}
	return out
}

// bareSurname reports a person known only by one name, mentioned once,
// with no title.
func (c *coder) bareSurname(ei int) bool {
	e := c.d.Entities[ei]
	if e.Type != layer.Person || e.First != "" || e.Role != "" || e.Former != "" {
		return false
	}
	names := 0
	for _, mi := range e.Ments {
		m := c.d.Mentions[mi]
		if m.Honor != "" || m.Role != "" {
			return false
		}
		if m.Kind == layer.KindName || m.Kind == layer.KindAlias {
			names++
		}
	}
	return names <= 1
}

// adjustCode returns the code of a trigger in its sentence: a labour strike
// is not force, a negated cooperative verb is a rejection, and other
// negated verbs make no event.
func (c *coder) adjustCode(tr trigger) (string, bool) {
	code := tr.p.Code
	if (code[:2] == RootThreaten || code[:2] == RootFight) && c.industrialStrike(tr) {
		// "threatened strikes at its plants": industrial action, not force
		if code[:2] == RootThreaten {
			code = codeThreatenStrike
		} else {
			code = codeProtestStrike
		}
	}
	if tr.neg {
		if refusable(code[:2]) {
			return codeReject, true // "would not support": a refusal
		}
		return "", false // "did not attack", "never met": nothing happened
	}
	return code, true
}

// refusable reports the roots whose negation is a refusal to cooperate
// (CAMEO 12): intent (03), diplomatic (05) and material cooperation (06),
// aid (07) and yielding (08); a negated statement, appeal or meeting
// (01, 02, 04) is no event at all.
func refusable(root string) bool {
	return root == RootIntent || (root >= "05" && root <= lastCooperativeRoot)
}

// addressed reports that an "o" pattern ("told X") has its object right
// after the trigger, and that it is not a news organisation.
func (c *coder) addressed(f *frame) bool {
	if len(f.targets) == 0 {
		return false
	}
	t := f.targets[0]
	return t.T0 <= f.tr.T1+2 && !(t.Prep && t.T0 != f.tr.T1) && c.d.Entities[t.Ent].Kind != lexicon.KindMedia
}

// build renders the event of one actor–target pair.
func (c *coder) build(f *frame, p pair, code string, row lexicon.CameoCode, times []timex.Expr) events.Event {
	ev := events.Event{Code: code, RootCode: code[:2], Label: row.Label, QuadClass: row.QuadClass, Goldstein: row.Goldstein}
	if p.actor != nil {
		ev.Actors = []events.Ref{c.refOf(p.actor)}
	}
	if p.target != nil {
		ev.Targets = []events.Ref{c.refOf(p.target)}
	}
	if f.loc != nil {
		r := c.refOf(f.loc)
		ev.Location = &r
	} else if r, ok := c.datelineRef(); ok {
		ev.Location = &r
	}
	ev.Future = c.isFuture(f.s, f.tr)
	if x, ok := timex.Nearest(times, f.tr.T0); ok {
		ev.Time = &events.TimeExpr{Text: x.Text, Date: x.Resolve(c.d.Article.Published, ev.Future)}
	}
	sp := c.d.Sents[f.s]
	ev.Evidence = events.Evidence{Text: c.d.Body[sp.Start:sp.End], Start: sp.Start, End: sp.End}
	if ev.Actors == nil {
		ev.Actors = []events.Ref{}
	}
	return ev
}

// industrialStrike reports a trigger about strikes ("strike", "strikes",
// "striking") in a sentence about work: a union, workers, pay, a plant.
func (c *coder) industrialStrike(tr trigger) bool {
	d := c.d
	strike := false
	for k := tr.T0; k < tr.T1 && k < len(d.Toks); k++ {
		strike = strike || c.lx.Cues.StrikeWords.In(d.Toks[k].Class)
	}
	if !strike {
		return false
	}
	sent := d.Toks[tr.T0].Sent
	for k := tr.T0; k >= 0 && d.Toks[k].Sent == sent; k-- {
		if c.lx.Cues.LabourCues.In(d.Toks[k].Class) {
			return true
		}
	}
	for k := tr.T0 + 1; k < len(d.Toks) && d.Toks[k].Sent == sent; k++ {
		if c.lx.Cues.LabourCues.In(d.Toks[k].Class) {
			return true
		}
	}
	return false
}

// refOf turns an agent into a reference; a nationality stands for its country.
func (c *coder) refOf(a *layer.Agent) events.Ref {
	if a.Ent < 0 {
		return events.Ref{Name: a.Name}
	}
	e := c.d.Entities[a.Ent]
	if e.Type == layer.Norp && e.Country != "" {
		return c.placeRef(e.Country)
	}
	return events.Ref{ID: e.ID, Name: e.Name}
}

// placeRef refers to the place of that canonical name: the article's
// entity when it has one, else the slug id.
func (c *coder) placeRef(name string) events.Ref {
	for _, e := range c.d.Entities {
		if e.Type == layer.Loc && e.Name == name {
			return events.Ref{ID: e.ID, Name: e.Name}
		}
	}
	return events.Ref{ID: "loc:" + fold.Slug(name), Name: name}
}

// datelineRef returns the dateline's place when the gazetteer knows it,
// found on the first call (the article's entities do not change while
// events are coded).
func (c *coder) datelineRef() (events.Ref, bool) {
	if !c.datelineRead {
		c.dateline, c.datelineOK = c.findDateline()
		c.datelineRead = true
	}
	return c.dateline, c.datelineOK
}

func (c *coder) findDateline() (events.Ref, bool) {
	if c.d.Article.Dateline == "" {
		return events.Ref{}, false
	}
	words := strings.Fields(fold.Key(c.d.Article.Dateline))
	for n := len(words); n >= 1; n-- {
		if e := c.lx.LookupGaz(strings.Join(words[:n], " "), true); e != nil && layer.GazType(e) == layer.Loc {
			return c.placeRef(e.Canon), true
		}
	}
	return events.Ref{}, false
}

// eventAgents copies the agents of sentence s for coding events: an unnamed
// speaker stands for the body or person inside it ("the Kyiv government"
// acts as Kyiv, "Mr Marsh's office" as Ivo Marsh).
func (c *coder) eventAgents(s int) []layer.Agent {
	as := append([]layer.Agent(nil), c.d.Agents[s]...)
	for i := range as {
		a := &as[i]
		if a.Ent >= 0 || a.Name == "" {
			continue
		}
		if s < len(c.bySent) {
			for _, mi := range c.bySent[s] {
				if m := c.d.Mentions[mi]; m.Ent >= 0 && m.Kind != layer.KindPronoun && m.Start >= a.Start && m.End <= a.End {
					a.Ent, a.Name = m.Ent, ""
					break
				}
			}
		}
	}
	return as
}

// subjectIndex returns the index in f.as of the subject of f's sentence
// before token limit, -1 if none or not an entity.
func (c *coder) subjectIndex(f *frame, limit int) int {
	a := agents.Subject(c.d, f.s, limit)
	if a == nil {
		return -1
	}
	for i := range f.as {
		if f.as[i].T0 == a.T0 && f.as[i].T1 == a.T1 {
			if f.as[i].Ent >= 0 {
				return i
			}
			return -1
		}
	}
	return -1
}
