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

// codeEvent builds the event of one trigger. Targets are looked for before
// token limit (the next trigger).
func (c *coder) codeEvent(s int, tr trigger, times []timex.Expr, limit int) (events.Event, bool) {
	code, ok := c.adjustCode(tr)
	if !ok {
		return events.Event{}, false
	}
	row, ok := c.lx.Cameo(code)
	if !ok {
		return events.Event{}, false
	}
	f := &frame{s: s, tr: tr, as: c.eventAgents(s)}
	f.loc = c.locationOf(s, tr)
	passive := c.isPassive(tr.T0)
	f.actors = c.findActors(f)
	f.targets = c.findTargets(f, limit)
	if passive {
		// "Marsh has been accused …": the subject undergoes; "by X" acts
		var by []*layer.Agent
		for _, a := range f.targets {
			if a.T0 > 0 && c.d.Toks[a.T0-1].Key == "by" {
				by = append(by, a)
			}
		}
		f.actors, f.targets = by, f.actors
	}
	if tr.p.Reverse {
		f.actors, f.targets = f.targets, f.actors
		if f.loc == nil {
			for _, a := range f.targets {
				if c.d.Entities[a.Ent].Type == layer.Loc {
					f.loc = a
					break
				}
			}
		}
	}
	if len(f.actors) == 0 && !(passive && len(f.targets) > 0) {
		return events.Event{}, false
	}
	if tr.p.Object && !c.addressed(f) {
		return events.Event{}, false // "told reporters": no one is addressed
	}
	if code[:2] >= RootAssault {
		for _, a := range f.targets {
			if e := c.d.Entities[a.Ent]; e.Type == layer.Loc && e.Kind == lexicon.KindCity {
				f.loc = a
				break
			}
		}
	}
	return c.build(f, code, row, times), true
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
		if code[:2] <= lastCooperativeRoot {
			return codeReject, true
		}
		return "", false
	}
	return code, true
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

// build renders the event.
func (c *coder) build(f *frame, code string, row lexicon.CameoCode, times []timex.Expr) events.Event {
	ev := events.Event{Code: code, RootCode: code[:2], Label: row.Label, QuadClass: row.QuadClass, Goldstein: row.Goldstein}
	ev.Actors = c.refs(f.actors)
	ev.Targets = c.refs(f.targets)
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

func (c *coder) refs(as []*layer.Agent) []events.Ref {
	var out []events.Ref
	seen := map[string]bool{}
	for _, a := range as {
		r := c.refOf(a)
		if seen[r.Name] {
			continue
		}
		seen[r.Name] = true
		out = append(out, r)
	}
	return out
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

// datelineRef returns the dateline's place when the gazetteer knows it.
func (c *coder) datelineRef() (events.Ref, bool) {
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
