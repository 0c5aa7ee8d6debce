// Package entities is the extraction pass that links mentions into one
// entity per real-world entity of the article: gazetteer names by their
// canonical name, full personal names, surnames and "Sir" + given name to
// the full name ("Mr Marsh", "Sir Alan"), acronyms and short names of
// organisations ("NRA", "Brookings"), and titles used alone ("the prime
// minister", "the PM", "the US president") to the person who holds the
// office in the article.
package entities

import (
	"context"
	"strings"

	"github.com/tidings-news/tidings/services/enricher/extract/fold"
	"github.com/tidings-news/tidings/services/enricher/extract/layer"
	"github.com/tidings-news/tidings/services/enricher/extract/lexicon"
)

// Run is the entities pass: it writes the entity layer and links each
// mention to its entity.
func Run(_ context.Context, d *layer.Doc, lx *lexicon.Lexicon) error {
	l := &linker{d: d, lx: lx, byKey: map[string]int{}}
	l.linkNames()
	l.linkSingles()
	l.surnamesNotPlaces()
	l.fullNamesNotPlaces()
	l.linkRoles()
	l.genders()
	return nil
}

// linker resolves mentions to entities within one article.
type linker struct {
	d       *layer.Doc
	lx      *lexicon.Lexicon
	byKey   map[string]int
	byStart []layer.Mention // the recognised mentions in text order, cached by sorted
}

func (l *linker) newEntity(e *layer.Entity, key string) int {
	l.d.Entities = append(l.d.Entities, e)
	id := len(l.d.Entities) - 1
	if key != "" {
		l.byKey[key] = id
	}
	return id
}

func (l *linker) attach(mi, ei int, kind layer.MentionKind) {
	m := &l.d.Mentions[mi]
	m.Ent = ei
	if kind != "" {
		m.Kind = kind
	}
	l.d.Entities[ei].Ments = append(l.d.Entities[ei].Ments, mi)
}

// NameParts returns the folded given name and surname of a name's words
// (initials "j d" for "J.D." become "jd").
func NameParts(keys []string) (first, surname string) {
	if len(keys) == 0 {
		return "", ""
	}
	if len(keys[0]) == 3 && keys[0][1] == ' ' {
		keys[0] = keys[0][:1] + keys[0][2:] // initials: "j d" (J.D.) → "jd"
	}
	if len(keys) == 1 {
		return "", keys[0]
	}
	return keys[0], keys[len(keys)-1]
}

// linkNames builds the entities of gazetteer names, organisations and full
// personal names.
func (l *linker) linkNames() {
	d := l.d
	for i := range d.Mentions {
		m := &d.Mentions[i]
		if m.Kind == layer.KindPronoun || m.Single {
			continue
		}
		switch {
		case m.Gaz != nil:
			key := string(m.Type) + "|" + m.Gaz.Canon
			ei, ok := l.byKey[key]
			if !ok {
				ei = l.newEntity(&layer.Entity{Type: m.Type, Name: m.Gaz.Canon, Country: m.Gaz.Country, Kind: m.Gaz.Kind}, key)
			}
			l.attach(i, ei, "")
		case m.Type == layer.Person:
			keys := l.withoutSuffix(d.TokenKeys(m.T0, m.T1))
			first, sur := NameParts(keys)
			ei := l.findPerson(first, sur, m.Start, false)
			if ei < 0 && len(keys) == 2 {
				if ei = l.findByTail(keys); ei >= 0 {
					l.attach(i, ei, layer.KindAlias) // "Wasserman Schultz" after "Debbie Wasserman Schultz"
					continue
				}
			}
			if ei < 0 {
				ei = l.newEntity(&layer.Entity{Type: layer.Person, Name: m.Canon, First: first, Surname: sur}, "")
			} else if d.Entities[ei].First == "" {
				d.Entities[ei].First, d.Entities[ei].Name = first, m.Canon
			}
			l.attach(i, ei, "")
			l.noteRole(ei, m)
		case m.Tagged && m.Type == layer.Org && m.T1-m.T0 == 1 && l.orgAlias(i):
			// the tagger's one-word organisation: an acronym or short name ("NRA", "Brookings")
		default:
			name := m.Canon
			if m.Type == layer.Org {
				name = l.stripCorporateSuffix(name)
			}
			key := string(m.Type) + "|" + strings.TrimPrefix(fold.Key(name), "the ")
			ei, ok := l.byKey[key]
			if !ok {
				ei = l.newEntity(&layer.Entity{Type: m.Type, Name: name}, key)
			}
			l.attach(i, ei, "")
		}
	}
}

// findByTail returns the one person of the article with three or more
// name words whose last words are keys: a two-word surname written alone.
func (l *linker) findByTail(keys []string) int {
	tail := " " + strings.Join(keys, " ")
	found := -1
	for ei, e := range l.d.Entities {
		if e.Type != layer.Person || e.First == "" || !strings.HasSuffix(fold.Key(e.Name), tail) || strings.Count(fold.Key(e.Name), " ") < 2 {
			continue
		}
		if found >= 0 {
			return -1
		}
		found = ei
	}
	return found
}

// withoutSuffix drops a generational suffix ending a name's words ("jr"):
// the surname is the word before it.
func (l *linker) withoutSuffix(keys []string) []string {
	for len(keys) > 2 && l.lx.Cues.NameSuffixes.Has(keys[len(keys)-1]) {
		keys = keys[:len(keys)-1]
	}
	return keys
}

// orgAlias links mention i, one word, to the organisation of the article
// whose initials or first word it is, if there is one.
func (l *linker) orgAlias(i int) bool {
	key := l.d.Toks[l.d.Mentions[i].T0].Key
	oi := l.findOrgByInitials(key)
	if oi < 0 {
		oi = l.findOrgByHead(key)
	}
	if oi < 0 {
		return false
	}
	l.attach(i, oi, layer.KindAlias)
	return true
}

// linkSingles links one-word names: surnames, "Sir" + given name, acronyms
// and short names of organisations, or new people.
func (l *linker) linkSingles() {
	d := l.d
	counts := map[string]int{}
	for i := range d.Mentions {
		if m := &d.Mentions[i]; m.Single && !m.Initial {
			counts[d.Toks[m.T0].Key]++
		}
	}
	for i := range d.Mentions {
		m := &d.Mentions[i]
		if !m.Single {
			continue
		}
		key := d.Toks[m.T0].Key
		ei := -1
		if m.Honor == lexicon.HonorGiven {
			ei = l.findPerson(key, "", m.Start, true)
		}
		if ei < 0 {
			ei = l.findPerson("", key, m.Start, false)
		}
		if ei < 0 && m.Honor != "" && m.Honor != lexicon.HonorGiven {
			// "Mr Abiy" after "Abiy Ahmed": some names go by the given name
			// (Ethiopian, Icelandic); only when one person has it.
			ei = l.uniquePersonByFirst(key)
		}
		if m.Honor != "" && m.HonorT0 >= 0 && m.HonorT0 < m.T0 {
			m.Start, m.T0 = d.Toks[m.HonorT0].Start, m.HonorT0 // "Mr Marsh", "Sir Alan"
		}
		if ei >= 0 {
			l.attach(i, ei, layer.KindAlias)
			l.noteRole(ei, m)
			continue
		}
		l.linkNewSingle(i, key, counts[key])
	}
}

// linkNewSingle links one-word name i that names nobody yet: an acronym or
// an organisation's short name, or a new person when something says it is one.
func (l *linker) linkNewSingle(i int, key string, count int) {
	d := l.d
	m := &d.Mentions[i]
	if m.Honor == "" && m.Role == "" && d.Toks[m.T0].Upper {
		// an acronym: "PJHQ" after "Permanent Joint Headquarters", or an organisation named twice
		oi := l.findOrgByInitials(key)
		if oi < 0 && count >= 2 && !m.Tagged {
			var ok bool
			if oi, ok = l.byKey["ORG|"+key]; !ok {
				oi = l.newEntity(&layer.Entity{Type: layer.Org, Name: m.Canon}, "ORG|"+key)
			}
		}
		if oi >= 0 {
			m.Type = layer.Org
			l.attach(i, oi, layer.KindAlias)
			return
		}
		if !m.Tagged {
			return
		}
	}
	if m.Honor == "" && m.Role == "" {
		if oi := l.findOrgByHead(key); oi >= 0 {
			m.Type = layer.Org
			l.attach(i, oi, layer.KindAlias) // "Brookings" after "Brookings Institution"
			return
		}
	}
	if m.Tagged || m.Honor != "" || m.Role != "" || m.Speaks || count >= 2 {
		e := &layer.Entity{Type: layer.Person, Name: m.Canon, Surname: key}
		if m.Honor == lexicon.HonorGiven {
			e.First, e.Surname = key, ""
			e.Name = d.Body[m.Start:m.End] // "Sir Alan"
		}
		ei := l.newEntity(e, "")
		l.attach(i, ei, "")
		l.noteRole(ei, m)
	}
}

// surnamesNotPlaces moves a one-word place or organisation the gazetteer
// does not know to the person of the article with that surname: the
// recogniser's "Trump" typed as a place beside "Donald Trump", or "Sanders"
// as an organisation beside "Sanders" the person, is the person.
func (l *linker) surnamesNotPlaces() {
	d := l.d
	for ei, e := range d.Entities {
		if e.Type != layer.Loc && e.Type != layer.Org || e.Kind != "" || len(e.Ments) == 0 || strings.Contains(e.Name, " ") || fold.IsUpperWord(e.Name) {
			continue
		}
		pi := l.findPerson("", fold.Key(e.Name), len(d.Body), false)
		if pi < 0 || d.Entities[pi].First == "" && e.Type == layer.Loc && len(d.Entities[pi].Ments) < len(e.Ments) {
			continue
		}
		for _, mi := range e.Ments {
			d.Mentions[mi].Type = layer.Person
			l.attach(mi, pi, layer.KindAlias)
		}
		d.Entities[ei].Ments = nil
		delete(l.byKey, string(e.Type)+"|"+fold.Key(e.Name))
	}
}

// fullNamesNotPlaces makes a two-word place or organisation the gazetteer
// does not know a person when its last word is the surname of a person the
// article titles ("Mr. Lindqvist"): the tagger's "Mitt Lindqvist" typed a
// place is that person, named whole.
func (l *linker) fullNamesNotPlaces() {
	d := l.d
	for ei, e := range d.Entities {
		words := strings.Fields(e.Name)
		if e.Type != layer.Loc && e.Type != layer.Org || e.Kind != "" || len(e.Ments) == 0 || len(words) != 2 {
			continue
		}
		pi := l.findPerson("", fold.Key(words[1]), len(d.Body), false)
		if pi < 0 || !l.titled(pi) {
			continue
		}
		if p := d.Entities[pi]; p.First == "" {
			p.First, p.Name = fold.Key(words[0]), e.Name
		}
		for _, mi := range e.Ments {
			d.Mentions[mi].Type = layer.Person
			l.attach(mi, pi, "")
		}
		d.Entities[ei].Ments = nil
		delete(l.byKey, string(e.Type)+"|"+fold.Key(e.Name))
	}
}

// titled reports a mention of entity ei after an honorific or a title ("Mr
// Obi", "President Obi").
func (l *linker) titled(ei int) bool {
	for _, mi := range l.d.Entities[ei].Ments {
		if m := &l.d.Mentions[mi]; m.Honor != "" || m.Role != "" {
			return true
		}
	}
	return false
}

// genders sets each person's gender from an honorific or a given name.
func (l *linker) genders() {
	d := l.d
	for _, e := range d.Entities {
		if e.Type != layer.Person {
			continue
		}
		for _, mi := range e.Ments {
			m := d.Mentions[mi]
			if m.Honor != "" && m.HonorT0 >= 0 && m.HonorT0 < len(d.Toks) {
				if g := l.lx.HonorGender[d.Toks[m.HonorT0].Key]; g != 0 {
					e.Gender = g
					break
				}
			}
		}
		if e.Gender == 0 && e.First != "" {
			e.Gender = l.lx.Gender[e.First]
		}
	}
}

// stripCorporateSuffix drops a legal-form suffix: "Apple Inc" → "Apple".
func (l *linker) stripCorporateSuffix(name string) string {
	i := strings.LastIndexByte(name, ' ')
	if i > 0 && l.lx.Cues.CorporateSuffixes.Has(fold.Key(name[i+1:])) {
		return strings.TrimRight(name[:i], " ,")
	}
	return name
}

func (l *linker) noteRole(ei int, m *layer.Mention) {
	e := l.d.Entities[ei]
	if m.Role != "" && !m.Former && e.Role == "" {
		e.Role = m.Role
		if m.RoleT1 > m.RoleT0 {
			e.RoleText = strings.Join(l.d.TokenKeys(m.RoleT0, m.RoleT1), " ")
		}
	}
	if m.Role != "" && m.Former {
		e.Former = m.Role
	}
	if m.Nat != "" && !m.Former && e.Nat == "" {
		e.Nat = m.Nat
	}
}
