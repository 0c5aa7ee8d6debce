package entities

import (
	"strings"

	"github.com/tidings-news/tidings/services/enricher/extract/fold"
	"github.com/tidings-news/tidings/services/enricher/extract/layer"
)

// findOrgByHead returns the organisation of the article whose multi-word
// name starts with the word key ("Brookings" for "Brookings Institution").
func (l *linker) findOrgByHead(key string) int {
	found := -1
	for ei, e := range l.d.Entities {
		if e.Type != layer.Org {
			continue
		}
		words := strings.Fields(fold.Key(e.Name))
		if len(words) < 2 || words[0] != key || l.lx.Cues.GenericOrgWords.Has(key) {
			continue
		}
		if found >= 0 {
			return -1 // ambiguous
		}
		found = ei
	}
	return found
}

// findOrgByInitials returns the organisation whose capitalised words'
// initials spell key ("pjhq" for "Permanent Joint Headquarters").
func (l *linker) findOrgByInitials(key string) int {
	for ei, e := range l.d.Entities {
		if e.Type != layer.Org {
			continue
		}
		var b strings.Builder
		for _, w := range strings.Fields(e.Name) {
			if r := w[0]; r >= 'A' && r <= 'Z' {
				b.WriteByte(r + 'a' - 'A')
			}
		}
		if b.Len() >= 2 && b.String() == key {
			return ei
		}
	}
	return -1
}

// findPerson returns the person whose surname (or, with byFirst, given name)
// matches, preferring the one mentioned last before pos.
func (l *linker) findPerson(first, surname string, pos int, byFirst bool) int {
	best, bestPos := -1, -1
	for ei, e := range l.d.Entities {
		if e.Type != layer.Person {
			continue
		}
		ok := false
		switch {
		case byFirst:
			ok = e.First == first && first != ""
		case first == "":
			ok = e.Surname == surname || (len(surname) >= 6 && fold.EditDistance(e.Surname, surname, 1) <= 1)
		default:
			ok = (e.Surname == surname || (len(surname) >= 6 && fold.EditDistance(e.Surname, surname, 1) <= 1)) &&
				fold.GivenCompatible(e.First, first)
		}
		if !ok {
			continue
		}
		p := l.lastPosBefore(e, pos)
		if best < 0 || p > bestPos {
			best, bestPos = ei, p
		}
	}
	return best
}

// uniquePersonByFirst returns the one person whose given name is first, or
// -1 when none or several have it.
func (l *linker) uniquePersonByFirst(first string) int {
	found := -1
	for ei, e := range l.d.Entities {
		if e.Type != layer.Person || e.First != first || first == "" {
			continue
		}
		if found >= 0 {
			return -1
		}
		found = ei
	}
	return found
}

func (l *linker) lastPosBefore(e *layer.Entity, pos int) int {
	p := -1
	for _, mi := range e.Ments {
		if s := l.d.Mentions[mi].Start; s < pos && s > p {
			p = s
		}
	}
	return p
}

func (l *linker) mentionsBefore(e *layer.Entity, pos int) int {
	n := 0
	for _, mi := range e.Ments {
		if l.d.Mentions[mi].Start < pos {
			n++
		}
	}
	return n
}

// firstPersonMention returns the offset of e's first name mention outside quotes.
func (l *linker) firstPersonMention(e *layer.Entity) int {
	first := -1
	for _, mi := range e.Ments {
		mm := l.d.Mentions[mi]
		if mm.Kind != layer.KindPronoun && mm.Kind != layer.KindRole && mm.Quote < 0 && (first < 0 || mm.Start < first) {
			first = mm.Start
		}
	}
	return first
}

// inSentenceBefore reports a mention of e, not a possessor, earlier in m's sentence.
func (l *linker) inSentenceBefore(e *layer.Entity, m *layer.Mention) bool {
	for _, mi := range e.Ments {
		o := l.d.Mentions[mi]
		if o.Sent == m.Sent && o.Start < m.Start && !(o.T1 < len(l.d.Toks) && l.d.Toks[o.T1].Kind == layer.Poss) {
			return true
		}
	}
	return false
}
