package agents

import "github.com/tidings-news/tidings/services/enricher/extract/layer"

// cataphor returns the named person right after the opening clause of
// sentence s when the pronoun at token t lies inside that clause.
func (p *pass) cataphor(d *layer.Doc, s, t int) int {
	sp := d.Sents[s]
	i0 := d.TokenAt(sp.Start)
	if i0 >= len(d.Toks) || !p.lx.Cues.CataphoraOpeners.In(d.Toks[i0].Class) {
		return -1
	}
	for _, a := range d.Agents[s] {
		if a.T0 < t && !a.Pronoun && d.IsPerson(a.Ent) {
			return -1 // the pronoun has an antecedent in its own clause
		}
	}
	comma := -1
	for k := i0; k < len(d.Toks) && d.Toks[k].Start < sp.End; k++ {
		if d.Toks[k].Text == "," && d.Toks[k].Quote < 0 {
			comma = k
			break
		}
	}
	if comma < 0 || t > comma {
		return -1
	}
	for _, a := range d.Agents[s] {
		if a.T0 > comma && !a.Pronoun && d.IsPerson(a.Ent) {
			if a.T0 <= comma+3 || (a.RoleT0 > comma && a.RoleT0 <= comma+3) {
				return a.Ent
			}
			return -1
		}
	}
	return -1
}

// resolvePronoun resolves the i-th agent of sentence s, a pronoun: to the
// subject of its own sentence when a name comes before it, otherwise to the
// subject of the closest earlier sentence that has a person as subject.
func (p *pass) resolvePronoun(d *layer.Doc, s, i int) int {
	as := d.Agents[s]
	want := pronounGender(d.Toks[as[i].T0].Key)
	fits := func(ei int) bool { return d.IsPerson(ei) && genderFits(d, ei, want) }
	if p.objectPronoun(d, as[i].T0) {
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
	if ei := p.cataphor(d, s, as[i].T0); ei >= 0 && fits(ei) {
		return ei
	}
	if !as[i].Initial {
		for j := 0; j < i; j++ {
			if !as[j].Pronoun && !as[j].Prep && !as[j].Poss && fits(as[j].Ent) {
				return as[j].Ent
			}
		}
		for j := 0; j < i; j++ {
			if as[j].Pronoun && !as[j].Prep && fits(as[j].Ent) {
				return as[j].Ent // "she said she would": the earlier pronoun's person
			}
		}
	}
	for ps := s - 1; ps >= 0 && ps >= s-6; ps-- {
		if fits(d.Subjects[ps]) {
			return d.Subjects[ps]
		}
		for _, a := range d.Agents[ps] {
			if fits(a.Ent) && !a.Prep {
				return a.Ent
			}
		}
		// no subject: the person named last in the sentence, even as an
		// object ("the floor went to Daniel Okafor. “…,” he said")
		for i := len(d.Agents[ps]) - 1; i >= 0; i-- {
			if a := d.Agents[ps][i]; fits(a.Ent) && !a.Poss {
				return a.Ent
			}
		}
	}
	return -1
}

// objectPronoun reports whether the pronoun at token t is an object: "him",
// or "her" before a preposition or punctuation.
func (p *pass) objectPronoun(d *layer.Doc, t int) bool {
	switch d.Toks[t].Key {
	case "him":
		return true
	case "her":
		return t+1 >= len(d.Toks) || d.Toks[t+1].Kind != layer.Word || p.lx.Cues.ObjectPrepositions.In(d.Toks[t+1].Class)
	}
	return false
}

// subjectPronoun reports a pronoun that can only be a subject.
func subjectPronoun(k string) bool { return k == "he" || k == "she" }

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
func genderFits(d *layer.Doc, ei int, want byte) bool {
	g := d.Entities[ei].Gender
	return want == 0 || g == 0 || g == want
}

// subjectOf returns the person who is the subject of sentence s: the first
// person or resolved pronoun not after a preposition nor a modifier ("the
// Clinton campaign").
func subjectOf(d *layer.Doc, s int) int {
	as := d.Agents[s]
	for _, a := range as {
		if !a.Prep && !a.Poss && d.IsPerson(a.Ent) && (!a.Pronoun || a.Ent >= 0) {
			return a.Ent // the first person not after a preposition, a pronoun too
		}
	}
	for _, a := range as {
		if !a.Prep && d.IsPerson(a.Ent) {
			return a.Ent
		}
	}
	return -1
}

// Subject returns the agent that is the subject of sentence s before
// token limit: an opening pronoun, else the first person or unnamed speaker
// not after a preposition, else the first place or body; nil if none.
func Subject(d *layer.Doc, s, limit int) *layer.Agent {
	as := d.Agents[s]
	for pass := 0; pass < 2; pass++ {
		for i := range as {
			a := &as[i]
			if a.T0 >= limit {
				break
			}
			if a.Prep || (a.Pronoun && a.Ent < 0) {
				continue
			}
			if a.Pronoun && !a.Initial && !subjectPronoun(d.Toks[a.T0].Key) {
				continue // "… accused her": an object
			}
			if pass == 0 && ((a.Ent >= 0 && !d.IsPerson(a.Ent)) || a.Poss) {
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
