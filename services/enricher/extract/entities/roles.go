package entities

import (
	"cmp"
	"slices"
	"strings"

	"github.com/tidings-news/tidings/services/enricher/extract/layer"
	"github.com/tidings-news/tidings/services/enricher/extract/lookup"
)

// linkRoles links "the prime minister", "the PM", "the US president" to the
// person who holds the office in the article.
func (l *linker) linkRoles() {
	d := l.d
	for ri := range d.Roles {
		rh := &d.Roles[ri]
		if rh.Used || d.Toks[rh.T0].Quote >= 0 {
			continue
		}
		// the determiner and an optional nationality or body before the title:
		// "the US president", "the Nato chief"
		t0 := rh.T0
		nat := ""
		if t0 > 0 && d.IsWord(t0-1) {
			if e, n := lookup.Gaz(d, l.lx, t0-1); e != nil && n == 1 {
				nat = lookup.Nationality(e)
				t0--
			}
		}
		if !rh.Role.Standalone && (nat == "" || !l.lx.Cues.GenericRoles.Has(rh.Role.Canon)) {
			continue // "the leader" alone says too little; "the Ukrainian leader" does not
		}
		if t0 == 0 || d.Toks[t0-1].Key != "the" || !d.SameRun(t0) {
			continue
		}
		t0--
		if rh.T1 < len(d.Toks) && d.CapWord(rh.T1) && d.SameRun(rh.T1) {
			continue
		}
		d.AddMention(layer.Mention{T0: t0, T1: rh.T1, Type: layer.Person, Kind: layer.KindRole, Role: rh.Role.Canon, Nat: nat,
			RoleT0: rh.T0, RoleT1: rh.T1})
		mi := len(d.Mentions) - 1
		if ei := l.roleHolder(&d.Mentions[mi]); ei >= 0 {
			l.attach(mi, ei, layer.KindRole)
			e := d.Entities[ei]
			if e.Role == "" {
				e.Role = rh.Role.Canon
			}
			if e.Nat == "" && nat != "" {
				e.Nat = nat
			}
		}
	}
}

// roleHolder picks the person a title used alone refers to: someone the
// article gave that title; else, in a lead, the first person named after it;
// else the person mentioned last with no other title.
func (l *linker) roleHolder(m *layer.Mention) int {
	if l.lx.Cues.GenericRoles.Has(m.Role) {
		return l.genericHolder(m)
	}
	natOK := func(e *layer.Entity) bool { return m.Nat == "" || e.Nat == "" || e.Nat == m.Nat }
	if ei := l.sameTitleHolder(m, natOK); ei >= 0 {
		return ei // "the premier" is Premier Li's, though a prime minister was named since
	}
	best, bestPos := -1, -2
	for ei, e := range l.d.Entities {
		if e.Type == layer.Person && e.Role == m.Role && natOK(e) {
			p := l.lastPosBefore(e, m.Start)
			if p < 0 && e.Nat != m.Nat {
				continue // named only later, and of another country
			}
			if p > bestPos {
				best, bestPos = ei, p
			}
		}
	}
	if best >= 0 {
		return best
	}
	firstPerson := l.firstPersonNamed()
	if firstPerson < 0 || firstPerson > m.Start {
		return l.leadHolder(m, natOK)
	}
	return l.salientHolder(m, natOK, firstPerson)
}

// sameTitleHolder returns the person last named before m whom the article
// gave the very title m uses, written the same way; -1 if none.
func (l *linker) sameTitleHolder(m *layer.Mention, natOK func(*layer.Entity) bool) int {
	text := strings.Join(l.d.TokenKeys(m.RoleT0, m.RoleT1), " ")
	best, bestPos := -1, -1
	for ei, e := range l.d.Entities {
		if e.Type != layer.Person || e.Role != m.Role || e.RoleText != text || !natOK(e) {
			continue
		}
		if p := l.lastPosBefore(e, m.Start); p > bestPos {
			best, bestPos = ei, p
		}
	}
	return best
}

// genericHolder resolves "the Ukrainian leader", "the Nato chief": whoever
// holds an office for that country or body.
func (l *linker) genericHolder(m *layer.Mention) int {
	best, bestPos := -1, -1
	for ei, e := range l.d.Entities {
		if e.Type == layer.Person && e.Nat == m.Nat && e.Role != "" {
			if p := l.lastPosBefore(e, m.Start); p > bestPos {
				best, bestPos = ei, p
			}
		}
	}
	return best
}

// firstPersonNamed returns the offset of the first person's name outside quotes, -1 if none.
func (l *linker) firstPersonNamed() int {
	first := -1
	for i := range l.d.Mentions {
		if mm := &l.d.Mentions[i]; mm.Type == layer.Person && mm.Kind != layer.KindPronoun && mm.Kind != layer.KindRole && mm.Ent >= 0 && mm.Quote < 0 {
			if first < 0 || mm.Start < first {
				first = mm.Start
			}
		}
	}
	return first
}

// leadHolder resolves a title before any name: the first person named
// after it, nearby.
func (l *linker) leadHolder(m *layer.Mention, natOK func(*layer.Entity) bool) int {
	for _, mm := range l.sorted() {
		if mm.Start > m.Start && mm.Type == layer.Person && mm.Ent >= 0 && mm.Quote < 0 && mm.Kind == layer.KindName && mm.Sent <= m.Sent+3 {
			if e := l.d.Entities[mm.Ent]; (e.Role == "" || e.Role == m.Role) && natOK(e) {
				return mm.Ent
			}
		}
	}
	return -1
}

// salientHolder resolves a title to the person mentioned last, without
// another title, and not the subject of the title's own sentence
// ("Kasyanov, who opposes the president").
func (l *linker) salientHolder(m *layer.Mention, natOK func(*layer.Entity) bool, firstPerson int) int {
	best, bestPos := -1, -1
	for ei, e := range l.d.Entities {
		if e.Type != layer.Person || (e.Role != "" && e.Role != m.Role) || e.Former == m.Role || !natOK(e) || l.inSentenceBefore(e, m) {
			continue
		}
		if m.Nat == "" && l.mentionsBefore(e, m.Start) < 2 && l.firstPersonMention(e) != firstPerson {
			continue // only a salient person takes an unexplained, unqualified title
		}
		if p := l.lastPosBefore(e, m.Start); p > bestPos {
			best, bestPos = ei, p
		}
	}
	return best
}

// sorted returns the mentions found before linking in text order (titles
// used alone, added while linking, are not among them).
func (l *linker) sorted() []layer.Mention {
	if l.byStart == nil {
		l.byStart = append(l.d.MentionBuf[:0], l.d.Mentions...)
		l.d.MentionBuf = l.byStart[:0] // for the next document (see layer.Doc)
		// Mentions in strictly increasing order need no sort (any sort
		// leaves them as they are); ties keep the order the sort gives them.
		if !strictlyByStart(l.byStart) {
			slices.SortFunc(l.byStart, func(a, b layer.Mention) int { return cmp.Compare(a.Start, b.Start) })
		}
	}
	return l.byStart
}

// strictlyByStart reports mentions each starting after the one before.
func strictlyByStart(ms []layer.Mention) bool {
	for i := 1; i < len(ms); i++ {
		if ms[i].Start <= ms[i-1].Start {
			return false
		}
	}
	return true
}
