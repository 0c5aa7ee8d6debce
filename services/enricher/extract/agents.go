package extract

import "sort"

// agent is someone or something that can say or do things in a sentence:
// a linked mention, a pronoun or an unnamed speaker.
type agent struct {
	T0, T1  int
	Start   int
	End     int
	Ent     int // entity, -1 for an unnamed speaker or an unresolved pronoun
	Name    string
	Pronoun bool
	Prep    bool // follows a preposition: not a subject
	Initial bool
	Mention int  // index into doc.mentions, -1 for unnamed speakers
	RoleT0  int  // first token of a title before the name, -1 if none
	Poss    bool // a possessor ("the president's first prime minister"), not the head of its phrase
}

var prepositions = map[string]bool{"with": true, "by": true, "to": true, "from": true, "of": true, "for": true,
	"including": true, "on": true, "at": true, "against": true, "about": true, "between": true, "in": true,
	"into": true, "over": true, "among": true, "than": true, "like": true}

// buildAgents lists each sentence's agents outside quotes, resolves
// pronouns and computes each sentence's subject.
func (d *doc) buildAgents() {
	d.agents = make([][]agent, len(d.sents))
	for mi, m := range d.mentions {
		if m.Quote >= 0 || (m.Ent < 0 && m.Kind != kindPronoun) || d.insideOther(mi) || d.qualifiesName(mi) {
			continue
		}
		a := agent{T0: m.T0, T1: m.T1, Start: m.Start, End: m.End, Ent: m.Ent, Pronoun: m.Kind == kindPronoun,
			Initial: d.toks[m.T0].Initial, Mention: mi}
		// a title before the name belongs to the agent ("the Home Secretary Priya Venn")
		t0 := m.T0
		a.RoleT0 = -1
		if m.RoleT1 > 0 && m.RoleT1 <= m.T0 {
			t0 = m.RoleT0
			a.RoleT0 = m.RoleT0
		}
		if m.Honor != "" && m.HonorT0 >= 0 && m.HonorT0 < t0 {
			t0 = m.HonorT0
		}
		if t0 > 0 && (d.toks[t0-1].Key == "the" || d.toks[t0-1].Key == "a") {
			t0--
		}
		if j := t0 - 1; j >= 0 && d.toks[j].Sent == m.Sent {
			a.Prep = prepositions[d.toks[j].Key]
		}
		a.Initial = a.Initial || d.toks[t0].Initial
		a.T0 = t0
		a.Poss = m.T1 < len(d.toks) && d.toks[m.T1].Kind == tPoss && m.Kind != kindPronoun
		d.agents[m.Sent] = append(d.agents[m.Sent], a)
	}
	for _, u := range d.unnamed {
		if u.Quote >= 0 {
			continue
		}
		a := agent{T0: u.T0, T1: u.T1, Start: u.Start, End: u.End, Ent: -1, Name: d.body[u.Start:u.End],
			Initial: d.toks[u.T0].Initial, Mention: -1, RoleT0: -1}
		if j := u.T0 - 1; j >= 0 && d.toks[j].Sent == u.Sent {
			a.Prep = prepositions[d.toks[j].Key]
		}
		d.agents[u.Sent] = append(d.agents[u.Sent], a)
	}
	d.subjects = make([]int, len(d.sents))
	for s := range d.agents {
		as := d.agents[s]
		sort.Slice(as, func(i, j int) bool { return as[i].Start < as[j].Start })
		for i := range as {
			if as[i].Pronoun {
				as[i].Ent = d.resolvePronoun(s, i)
				if as[i].Ent >= 0 {
					mi := as[i].Mention
					d.mentions[mi].Ent = as[i].Ent
				}
			}
		}
		d.subjects[s] = d.subjectOf(s)
	}
}

// insideOther reports whether mention mi lies inside a longer linked
// mention or an unnamed speaker ("Russian" in "the Russian president").
func (d *doc) insideOther(mi int) bool {
	m := d.mentions[mi]
	for j, o := range d.mentions {
		if j != mi && o.Ent >= 0 && o.Start <= m.Start && o.End >= m.End && o.End-o.Start > m.End-m.Start {
			return true
		}
	}
	for _, u := range d.unnamed {
		if u.Start <= m.Start && u.End >= m.End {
			return true
		}
	}
	return false
}

// cataphoraOpeners open a clause whose pronoun points at the main clause's
// subject: "Asked whether he …, Sir Alan said".
var cataphoraOpeners = map[string]bool{"asked": true, "speaking": true, "after": true, "when": true, "while": true,
	"as": true, "although": true, "if": true, "before": true, "since": true, "despite": true, "following": true,
	"having": true, "addressing": true, "responding": true, "answering": true, "writing": true, "once": true}

// cataphor returns the named person right after the opening clause of
// sentence s when the pronoun at token t lies inside that clause.
func (d *doc) cataphor(s, t int) int {
	sp := d.sents[s]
	i0 := d.tokenAt(sp.Start)
	if i0 >= len(d.toks) || !cataphoraOpeners[d.toks[i0].Key] {
		return -1
	}
	for _, a := range d.agents[s] {
		if a.T0 < t && !a.Pronoun && d.isPerson(a.Ent) {
			return -1 // the pronoun has an antecedent in its own clause
		}
	}
	comma := -1
	for k := i0; k < len(d.toks) && d.toks[k].Start < sp.End; k++ {
		if d.toks[k].Text == "," && d.toks[k].Quote < 0 {
			comma = k
			break
		}
	}
	if comma < 0 || t > comma {
		return -1
	}
	for _, a := range d.agents[s] {
		if a.T0 > comma && !a.Pronoun && d.isPerson(a.Ent) {
			if a.T0 <= comma+3 || (a.RoleT0 > comma && a.RoleT0 <= comma+3) {
				return a.Ent
			}
			return -1
		}
	}
	return -1
}

// qualifiesName reports a body, place or nationality that only qualifies a
// title before a name: "Kremlin" in "Kremlin spokesman Ivan Sorokin".
func (d *doc) qualifiesName(mi int) bool {
	m := d.mentions[mi]
	if m.Type == "PERSON" {
		return false
	}
	for _, o := range d.mentions {
		if o.Type == "PERSON" && o.RoleT1 > o.RoleT0 && o.RoleT0 >= m.T1 && o.RoleT0 <= m.T1+1 {
			return true
		}
	}
	return false
}

func (d *doc) isPerson(ei int) bool {
	return ei >= 0 && d.link.entities[ei].Type == "PERSON"
}

// resolvePronoun resolves the i-th agent of sentence s, a pronoun: to the
// subject of its own sentence when a name comes before it, otherwise to the
// subject of the closest earlier sentence that has a person as subject.
func (d *doc) resolvePronoun(s, i int) int {
	as := d.agents[s]
	want := pronounGender(d.toks[as[i].T0].Key)
	fits := func(ei int) bool { return d.isPerson(ei) && d.genderFits(ei, want) }
	if d.objectPronoun(as[i].T0) {
		// "X accused her": an object pronoun is not its own clause's subject,
		// the first plain agent before it in the sentence.
		for j := 0; j < i; j++ {
			if !as[j].Pronoun && !as[j].Prep && !as[j].Poss && as[j].Ent >= 0 {
				subj, inner := as[j].Ent, fits
				fits = func(ei int) bool { return ei != subj && inner(ei) }
				break
			}
		}
	}
	if ei := d.cataphor(s, as[i].T0); ei >= 0 && fits(ei) {
		return ei
	}
	if !as[i].Initial {
		for j := 0; j < i; j++ {
			if !as[j].Pronoun && !as[j].Prep && !as[j].Poss && fits(as[j].Ent) {
				return as[j].Ent
			}
		}
		for j := 0; j < i; j++ {
			if fits(as[j].Ent) {
				return as[j].Ent
			}
		}
	}
	for p := s - 1; p >= 0 && p >= s-6; p-- {
		if fits(d.subjects[p]) {
			return d.subjects[p]
		}
		for _, a := range d.agents[p] {
			if fits(a.Ent) && !a.Prep {
				return a.Ent
			}
		}
	}
	return -1
}

// objectPrepositions follow an object "her" ("accused her of"), not a possessive one ("her budget").
var objectPrepositions = map[string]bool{"of": true, "to": true, "for": true, "with": true, "that": true, "and": true,
	"as": true, "in": true, "on": true, "at": true, "from": true, "by": true, "about": true, "after": true, "before": true}

// objectPronoun reports whether the pronoun at token t is an object: "him",
// or "her" before a preposition or punctuation.
func (d *doc) objectPronoun(t int) bool {
	switch d.toks[t].Key {
	case "him":
		return true
	case "her":
		return t+1 >= len(d.toks) || d.toks[t+1].Kind != tWord || objectPrepositions[d.toks[t+1].Key]
	}
	return false
}

// pronounGender is 'm' for he/him/his, 'f' for she/her.
func pronounGender(k string) byte {
	switch k {
	case "he", "him", "his":
		return 'm'
	case "she", "her":
		return 'f'
	}
	return 0
}

// genderFits reports whether entity ei may be called by a pronoun of gender
// want: only a known, different gender rules it out.
func (d *doc) genderFits(ei int, want byte) bool {
	g := d.link.entities[ei].Gender
	return want == 0 || g == 0 || g == want
}

// subjectOf returns the person who is the subject of sentence s: an opening
// pronoun, else the first named person not after a preposition.
func (d *doc) subjectOf(s int) int {
	as := d.agents[s]
	if len(as) > 0 && as[0].Pronoun && as[0].Initial && d.isPerson(as[0].Ent) {
		return as[0].Ent
	}
	for _, a := range as {
		if !a.Pronoun && !a.Prep && !a.Poss && d.isPerson(a.Ent) {
			return a.Ent
		}
	}
	for _, a := range as {
		if !a.Prep && d.isPerson(a.Ent) {
			return a.Ent
		}
	}
	return -1
}

// subjectAgent returns the agent that is the subject of sentence s before
// token limit: an opening pronoun, else the first person or unnamed speaker
// not after a preposition, else the first place or body.
func (d *doc) subjectAgent(s, limit int) *agent {
	as := d.agents[s]
	for pass := 0; pass < 2; pass++ {
		for i := range as {
			a := &as[i]
			if a.T0 >= limit {
				break
			}
			if a.Prep || (a.Pronoun && a.Ent < 0) {
				continue
			}
			if a.Pronoun && !a.Initial {
				continue
			}
			if pass == 0 && ((a.Ent >= 0 && !d.isPerson(a.Ent)) || a.Poss) {
				continue
			}
			return a
		}
	}
	for i := range as {
		if as[i].T0 < limit && as[i].Pronoun && as[i].Ent >= 0 {
			return &as[i]
		}
	}
	return nil
}
