package extract

import (
	"strings"

	"github.com/tidings-news/tidings/pkg/events"
)

// trigger is a matched CAMEO pattern.
type trigger struct {
	p      *pattern
	T0, T1 int // the words the pattern matched
	neg    bool
}

// extractEvents codes what the sentences report in CAMEO.
func (d *doc) extractEvents() []events.Event {
	var out []events.Event
	seen := map[string]int{}
	for s := range d.sents {
		trigs := d.triggersIn(s)
		if len(trigs) == 0 {
			continue
		}
		times := d.findTimex(s)
		for ti, tr := range trigs {
			if d.demanded(trigs[:ti], tr) {
				continue // "urged Moscow to accept …": the appeal is the event
			}
			limit := len(d.toks)
			if ti+1 < len(trigs) {
				limit = trigs[ti+1].T0
			}
			ev, ok := d.codeEvent(s, tr, times, limit)
			if !ok {
				continue
			}
			// one event per sentence, code and actors; for violence, per root:
			// "launched a drone attack on …" is one attack
			key := ev.Code + "|" + refKey(ev.Actors) + "|" + itoa(s)
			if ev.RootCode >= "18" {
				key = ev.RootCode + "|" + refKey(ev.Actors) + "|" + itoa(s)
			}
			if i, dup := seen[key]; dup {
				if len(out[i].Targets) == 0 && len(ev.Targets) > 0 {
					out[i].Targets = ev.Targets
					if ev.Location != nil && (out[i].Location == nil || out[i].RootCode >= "18") {
						out[i].Location = ev.Location
					}
				}
				continue
			}
			seen[key] = len(out)
			out = append(out, ev)
		}
	}
	return out
}

// eventAgents copies the agents of sentence s for coding events: an unnamed
// speaker stands for the body or person inside it ("the Kyiv government"
// acts as Kyiv, "Mr Marsh's office" as Ivo Marsh).
func (d *doc) eventAgents(s int) []agent {
	as := append([]agent(nil), d.agents[s]...)
	for i := range as {
		a := &as[i]
		if a.Ent >= 0 || a.Name == "" {
			continue
		}
		for _, m := range d.mentions {
			if m.Ent >= 0 && m.Kind != kindPronoun && m.Start >= a.Start && m.End <= a.End {
				a.Ent, a.Name = m.Ent, ""
				break
			}
		}
	}
	return as
}

// agentIndex finds a (an agent of d.agents) in the copy as.
func agentIndex(as []agent, a *agent) int {
	for i := range as {
		if as[i].T0 == a.T0 && as[i].T1 == a.T1 {
			return i
		}
	}
	return -1
}

// demanded reports an infinitive trigger ("to accept") governed by an
// earlier appeal or demand of the same sentence.
func (d *doc) demanded(earlier []trigger, tr trigger) bool {
	if tr.T0 == 0 || d.toks[tr.T0-1].Key != "to" {
		return false
	}
	for _, e := range earlier {
		if root := e.p.Code[:2]; root == "02" || root == "10" {
			return true
		}
	}
	return false
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}

func refKey(rs []events.Ref) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteString(r.Name)
		b.WriteByte(';')
	}
	return b.String()
}

// codeEvent builds the event of one trigger.
// Targets are looked for before token limit (the next trigger).
func (d *doc) codeEvent(s int, tr trigger, times []timex, limit int) (events.Event, bool) {
	code := tr.p.Code
	if (code[:2] == "13" || code[:2] == "19") && d.industrialStrike(tr) {
		// "threatened strikes at its plants": industrial action, not force
		if code[:2] == "13" {
			code = "133"
		} else {
			code = "143"
		}
	}
	if tr.neg {
		if code[:2] <= "08" {
			code = "120"
		} else {
			return events.Event{}, false
		}
	}
	row, ok := d.lx.Cameo(code)
	if !ok {
		return events.Event{}, false
	}
	as := d.eventAgents(s)
	loc := d.locationOf(s, tr)
	isLoc := func(a *agent) bool { return loc != nil && a.Mention == loc.Mention }
	var actors, targets []*agent
	passive := d.isPassive(tr.T0)
	// actors: the subject group before the trigger, in the same clause
	before := -1
	if sv, ok := d.lx.speech[d.toks[tr.T0].Key]; ok && sv.Participle {
		// "…, warning that …": the sentence's subject acts
		if a := d.subjectAgent(s, tr.T0); a != nil {
			if i := agentIndex(as, a); i >= 0 && as[i].Ent >= 0 {
				before = i
			}
		}
	} else {
		for i := len(as) - 1; i >= 0; i-- {
			if as[i].T1 > tr.T0 || isLoc(&as[i]) || as[i].Ent < 0 {
				continue
			}
			if d.clauseBreak(as[i].T1, tr.T0) {
				break
			}
			if as[i].Prep {
				continue
			}
			before = i
			break
		}
	}
	if tr.p.Nominal {
		// "Russian air attack", "US strikes": modifiers right before the trigger
		for i := len(as) - 1; i >= 0; i-- {
			if as[i].T1 <= tr.T0 && as[i].T1 >= tr.T0-2 && !isLoc(&as[i]) && as[i].Ent >= 0 && (!as[i].Prep || as[i].T1 == tr.T0) &&
				!d.rangeHasPunct(as[i].T1, tr.T0) && !d.rangeHas(as[i].T1, tr.T0, "for", "of", "to", "with") {
				actors = append(actors, &as[i])
				break
			}
		}
		// "talks between X and Y"
		if len(actors) == 0 && tr.T1 > 0 && d.toks[tr.T1-1].Key == "between" {
			for i := range as {
				if as[i].T0 >= tr.T1 && as[i].T0 <= tr.T1+6 && !isLoc(&as[i]) && as[i].Ent >= 0 {
					actors = append(actors, &as[i])
				}
			}
		}
	}
	if tr.T0 >= 2 && d.toks[tr.T0-1].Key == "to" {
		// "pressure on the general to accept", "urged the minister to resign": the
		// one right before "to" is who would act
		for i := range as {
			if as[i].T1 == tr.T0-1 && as[i].Ent >= 0 && !isLoc(&as[i]) {
				before = i
			}
		}
	}
	if before < 0 && d.toks[tr.T0].Initial && strings.HasSuffix(d.toks[tr.T0].Key, "ing") {
		// "Speaking at a briefing in Oslo, Ivo Marsh said …"
		if a := d.subjectAgent(s, len(d.toks)); a != nil {
			if i := agentIndex(as, a); i >= 0 && as[i].Ent >= 0 {
				actors = append(actors, &as[i])
			}
		}
	}
	if len(actors) == 0 && (before < 0 || d.bothBefore(as[before].T1, tr.T0)) {
		if pair := d.bothSides(s, tr.T0); len(pair) > 0 {
			actors = pair
			before = -1
		}
	}
	if len(actors) == 0 && before >= 0 {
		actors = append(actors, &as[before])
		// coordinated: "Ivo Marsh and Greta Lindqvist will host"
		sawAnd := false
		for i := before - 1; i >= 0; i-- {
			gapOK, and := true, false
			for k := as[i].T1; k < actors[len(actors)-1].T0; k++ {
				switch kk := d.toks[k].Key; {
				case kk == "and":
					and = true
				case d.toks[k].Text == "," || kk == "the" || kk == "both":
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
	}
	// targets: after the trigger, in the same clause
	for i := range as {
		a := &as[i]
		if a.T0 < tr.T0 || a.Ent < 0 || isLoc(a) || containsAgent(actors, a) ||
			(d.link.entities[a.Ent].Type == "LOC" && d.placePrep(a.T0, tr.p.ToLoc)) {
			continue
		}
		if a.T0 >= limit || d.clauseBreak(tr.T0, a.T0) || d.newClauseBefore(a, tr.T1) {
			break
		}
		targets = append(targets, a)
		if len(targets) == 3 {
			break
		}
	}
	if passive {
		// "Marsh has been accused …": the subject undergoes; "by X" acts
		var by []*agent
		for _, a := range targets {
			if a.T0 > 0 && d.toks[a.T0-1].Key == "by" {
				by = append(by, a)
			}
		}
		actors, targets = by, actors
	}
	if tr.p.Reverse {
		actors, targets = targets, actors
		if loc == nil {
			for _, a := range targets {
				if e := d.link.entities[a.Ent]; e.Type == "LOC" {
					loc = a
					break
				}
			}
		}
	}
	if len(actors) == 0 && !(passive && len(targets) > 0) {
		return events.Event{}, false
	}
	if tr.p.Object && (len(targets) == 0 || targets[0].T0 > tr.T1+2 || (targets[0].Prep && targets[0].T0 != tr.T1) ||
		d.link.entities[targets[0].Ent].Kind == "media") {
		return events.Event{}, false // "told reporters": no one is addressed
	}
	if code[:2] >= "18" {
		for _, a := range targets {
			if e := d.link.entities[a.Ent]; e.Type == "LOC" && e.Kind == kindCity {
				loc = a
				break
			}
		}
	}
	ev := events.Event{Code: code, RootCode: code[:2], Label: row.Label, QuadClass: row.QuadClass, Goldstein: row.Goldstein}
	ev.Actors = d.refs(actors)
	ev.Targets = d.refs(targets)
	if loc != nil {
		r := d.refOf(loc)
		ev.Location = &r
	} else if r, ok := d.datelineRef(); ok {
		ev.Location = &r
	}
	ev.Future = d.isFuture(s, tr)
	if x, ok := nearestTimex(times, tr.T0); ok {
		ev.Time = &events.TimeExpr{Text: x.Text, Date: x.resolve(d.a.Published, ev.Future)}
	}
	sp := d.sents[s]
	ev.Evidence = events.Evidence{Text: d.body[sp.Start:sp.End], Start: sp.Start, End: sp.End}
	if ev.Actors == nil {
		ev.Actors = []events.Ref{}
	}
	return ev, true
}

// labourCues in a sentence make its "strike" a stoppage of work.
var labourCues = map[string]bool{"union": true, "unions": true, "workers": true, "staff": true, "employees": true,
	"pay": true, "wages": true, "walkout": true, "walkouts": true, "picket": true, "pickets": true, "plants": true,
	"plant": true, "factory": true, "factories": true, "industrial": true, "employers": true, "nurses": true,
	"doctors": true, "teachers": true, "drivers": true, "dockers": true, "miners": true, "council": true}

// industrialStrike reports a trigger about strikes ("strike", "strikes",
// "striking") in a sentence about work: a union, workers, pay, a plant.
func (d *doc) industrialStrike(tr trigger) bool {
	strike := false
	for k := tr.T0; k < tr.T1 && k < len(d.toks); k++ {
		switch d.toks[k].Key {
		case "strike", "strikes", "striking", "walkout", "walkouts":
			strike = true
		}
	}
	if !strike {
		return false
	}
	sent := d.toks[tr.T0].Sent
	for k := tr.T0; k >= 0 && d.toks[k].Sent == sent; k-- {
		if labourCues[d.toks[k].Key] {
			return true
		}
	}
	for k := tr.T0 + 1; k < len(d.toks) && d.toks[k].Sent == sent; k++ {
		if labourCues[d.toks[k].Key] {
			return true
		}
	}
	return false
}

func (d *doc) refs(as []*agent) []events.Ref {
	var out []events.Ref
	seen := map[string]bool{}
	for _, a := range as {
		r := d.refOf(a)
		if seen[r.Name] {
			continue
		}
		seen[r.Name] = true
		out = append(out, r)
	}
	return out
}

// refOf turns an agent into a reference; a nationality stands for its country.
func (d *doc) refOf(a *agent) events.Ref {
	if a.Ent < 0 {
		return events.Ref{Name: a.Name}
	}
	e := d.link.entities[a.Ent]
	if e.Type == "NORP" && e.Country != "" {
		for _, c := range d.link.entities {
			if c.Type == "LOC" && c.Name == e.Country {
				return events.Ref{ID: c.ID, Name: c.Name}
			}
		}
		return events.Ref{ID: "loc:" + Slug(e.Country), Name: e.Country}
	}
	return events.Ref{ID: e.ID, Name: e.Name}
}

// datelineRef returns the dateline's place when the gazetteer knows it.
func (d *doc) datelineRef() (events.Ref, bool) {
	if d.a.Dateline == "" {
		return events.Ref{}, false
	}
	dl := foldKey(d.a.Dateline)
	for n := len(strings.Fields(dl)); n >= 1; n-- {
		k := strings.Join(strings.Fields(dl)[:n], " ")
		if e := d.lx.lookupGaz(k, true); e != nil && e.Type == "LOC" {
			for _, c := range d.link.entities {
				if c.Type == "LOC" && c.Name == e.Canon {
					return events.Ref{ID: c.ID, Name: c.Name}, true
				}
			}
			return events.Ref{ID: "loc:" + Slug(e.Canon), Name: e.Canon}, true
		}
	}
	return events.Ref{}, false
}
