package extract

import (
	"sort"
	"strings"
)

// entity is one real-world entity of the article while it is being built.
type entity struct {
	Type    string
	Name    string
	First   string // folded given name ("" if unknown)
	Surname string // folded surname
	Role    string
	Former  string // a title the person held before ("former prime minister")
	Nat     string
	Country string // the country a place, demonym or body belongs to
	Kind    string
	Gender  byte  // 'f', 'm' or 0 when unknown (from honorifics and given names)
	Ments   []int // indices into doc.mentions
	ID      string
}

// linker resolves mentions to entities within one article.
type linker struct {
	d        *doc
	entities []*entity
	byKey    map[string]int
	byStart  []mention // cached by sorted
}

func (l *linker) newEntity(e *entity, key string) int {
	l.entities = append(l.entities, e)
	id := len(l.entities) - 1
	if key != "" {
		l.byKey[key] = id
	}
	return id
}

func (l *linker) attach(mi, ei int, kind string) {
	m := &l.d.mentions[mi]
	m.Ent = ei
	if kind != "" {
		m.Kind = kind
	}
	l.entities[ei].Ments = append(l.entities[ei].Ments, mi)
}

func nameParts(keys []string) (first, surname string) {
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

// link builds the entities: gazetteer names, full names, then one-word names,
// titles used alone and pronouns.
func (l *linker) link() {
	d := l.d
	l.byKey = map[string]int{}
	// 1. gazetteer names, organisations and full personal names
	for i := range d.mentions {
		m := &d.mentions[i]
		if m.Kind == kindPronoun || m.Single {
			continue
		}
		switch {
		case m.Gaz != nil:
			key := m.Type + "|" + m.Gaz.Canon
			ei, ok := l.byKey[key]
			if !ok {
				ei = l.newEntity(&entity{Type: m.Type, Name: m.Gaz.Canon, Country: m.Gaz.Country, Kind: m.Gaz.Kind}, key)
			}
			l.attach(i, ei, "")
		case m.Type == "PERSON":
			keys := d.tokenKeys(m.T0, m.T1)
			first, sur := nameParts(keys)
			ei := l.findPerson(first, sur, m.Start, false)
			if ei < 0 {
				ei = l.newEntity(&entity{Type: "PERSON", Name: m.Canon, First: first, Surname: sur}, "")
			} else if l.entities[ei].First == "" {
				l.entities[ei].First, l.entities[ei].Name = first, m.Canon
			}
			l.attach(i, ei, "")
			l.noteRole(ei, m)
		default:
			name := m.Canon
			if m.Type == "ORG" {
				name = stripCorporateSuffix(name)
			}
			key := m.Type + "|" + strings.TrimPrefix(foldKey(name), "the ")
			ei, ok := l.byKey[key]
			if !ok {
				ei = l.newEntity(&entity{Type: m.Type, Name: name}, key)
			}
			l.attach(i, ei, "")
		}
	}
	// 2. one-word names: surnames, "Sir" + given name, or new people
	counts := map[string]int{}
	for i := range d.mentions {
		if m := &d.mentions[i]; m.Single && !m.Initial {
			counts[d.toks[m.T0].Key]++
		}
	}
	for i := range d.mentions {
		m := &d.mentions[i]
		if !m.Single {
			continue
		}
		key := d.toks[m.T0].Key
		ei := -1
		if m.Honor == "given" {
			ei = l.findPerson(key, "", m.Start, true)
		}
		if ei < 0 {
			ei = l.findPerson("", key, m.Start, false)
		}
		if ei < 0 && m.Honor != "" && m.Honor != "given" {
			// "Mr Abiy" after "Abiy Ahmed": some names go by the given name
			// (Ethiopian, Icelandic); only when one person has it.
			ei = l.uniquePersonByFirst(key)
		}
		if m.Honor != "" && m.HonorT0 >= 0 && m.HonorT0 < m.T0 {
			m.Start, m.T0 = d.toks[m.HonorT0].Start, m.HonorT0 // "Mr Marsh", "Sir Alan"
		}
		if ei >= 0 {
			l.attach(i, ei, kindAlias)
			l.noteRole(ei, m)
			continue
		}
		if m.Honor == "" && m.Role == "" && d.toks[m.T0].Upper {
			// an acronym: "PJHQ" after "Permanent Joint Headquarters", or an organisation named twice
			oi := l.findOrgByInitials(key)
			if oi < 0 && counts[key] >= 2 {
				var ok bool
				if oi, ok = l.byKey["ORG|"+key]; !ok {
					oi = l.newEntity(&entity{Type: "ORG", Name: m.Canon}, "ORG|"+key)
				}
			}
			if oi >= 0 {
				m.Type = "ORG"
				l.attach(i, oi, kindAlias)
			}
			continue
		}
		if m.Honor == "" && m.Role == "" {
			if oi := l.findOrgByHead(key); oi >= 0 {
				m.Type = "ORG"
				l.attach(i, oi, kindAlias) // "Brookings" after "Brookings Institution"
				continue
			}
		}
		if m.Honor != "" || m.Role != "" || m.Speaks || counts[key] >= 2 {
			e := &entity{Type: "PERSON", Name: m.Canon, Surname: key}
			if m.Honor == "given" {
				e.First, e.Surname = key, ""
				e.Name = d.body[m.Start:m.End] // "Sir Alan"
			}
			ei = l.newEntity(e, "")
			l.attach(i, ei, "")
			l.noteRole(ei, m)
		}
	}
	// 3. titles used alone: "the prime minister"
	l.linkRoles()
	l.genders()
}

// honorificGender tells a person's gender from the honorific before the name.
var honorificGender = map[string]byte{"mr": 'm', "sir": 'm', "lord": 'm', "baron": 'm', "mrs": 'f', "ms": 'f',
	"miss": 'f', "dame": 'f', "lady": 'f', "baroness": 'f'}

// genders sets each person's gender from an honorific or a given name.
func (l *linker) genders() {
	d := l.d
	for _, e := range l.entities {
		if e.Type != "PERSON" {
			continue
		}
		for _, mi := range e.Ments {
			m := d.mentions[mi]
			if m.Honor != "" && m.HonorT0 >= 0 && m.HonorT0 < len(d.toks) {
				if g := honorificGender[d.toks[m.HonorT0].Key]; g != 0 {
					e.Gender = g
					break
				}
			}
		}
		if e.Gender == 0 && e.First != "" {
			e.Gender = d.lx.gender[e.First]
		}
	}
}

var corporateSuffixes = map[string]bool{"inc": true, "corp": true, "co": true, "ltd": true, "llc": true,
	"plc": true, "ag": true, "sa": true, "gmbh": true, "nv": true, "se": true, "lp": true}

// stripCorporateSuffix drops a legal-form suffix: "Apple Inc" → "Apple".
func stripCorporateSuffix(name string) string {
	i := strings.LastIndexByte(name, ' ')
	if i > 0 && corporateSuffixes[foldKey(name[i+1:])] {
		return strings.TrimRight(name[:i], " ,")
	}
	return name
}

// genericOrgWords open many organisations' names and identify none.
var genericOrgWords = map[string]bool{"national": true, "international": true, "european": true, "united": true,
	"royal": true, "federal": true, "state": true, "new": true, "general": true, "central": true, "world": true,
	"global": true, "american": true, "british": true, "the": true, "north": true, "south": true, "east": true, "west": true}

// findOrgByHead returns the organisation of the article whose multi-word
// name starts with the word key ("Brookings" for "Brookings Institution").
func (l *linker) findOrgByHead(key string) int {
	found := -1
	for ei, e := range l.entities {
		if e.Type != "ORG" {
			continue
		}
		words := strings.Fields(foldKey(e.Name))
		if len(words) < 2 || words[0] != key || genericOrgWords[key] {
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
	for ei, e := range l.entities {
		if e.Type != "ORG" {
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
	for ei, e := range l.entities {
		if e.Type != "PERSON" {
			continue
		}
		ok := false
		switch {
		case byFirst:
			ok = e.First == first && first != ""
		case first == "":
			ok = e.Surname == surname || (len(surname) >= 6 && editDistance(e.Surname, surname, 1) <= 1)
		default:
			ok = (e.Surname == surname || (len(surname) >= 6 && editDistance(e.Surname, surname, 1) <= 1)) &&
				firstCompatible(e.First, first)
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
	for ei, e := range l.entities {
		if e.Type != "PERSON" || e.First != first || first == "" {
			continue
		}
		if found >= 0 {
			return -1
		}
		found = ei
	}
	return found
}

func (l *linker) lastPosBefore(e *entity, pos int) int {
	p := -1
	for _, mi := range e.Ments {
		if s := l.d.mentions[mi].Start; s < pos && s > p {
			p = s
		}
	}
	return p
}

func (l *linker) noteRole(ei int, m *mention) {
	e := l.entities[ei]
	if m.Role != "" && !m.Former && e.Role == "" {
		e.Role = m.Role
	}
	if m.Role != "" && m.Former {
		e.Former = m.Role
	}
	if m.Nat != "" && !m.Former && e.Nat == "" {
		e.Nat = m.Nat
	}
}

// linkRoles links "the prime minister", "the PM", "the US president" to the
// person who holds the office in the article.
func (l *linker) linkRoles() {
	d := l.d
	for ri := range d.roles {
		rh := &d.roles[ri]
		if rh.Used || d.toks[rh.T0].Quote >= 0 {
			continue
		}
		// the determiner and an optional nationality or body before the title:
		// "the US president", "the Nato chief"
		t0 := rh.T0
		nat := ""
		if t0 > 0 && d.isWord(t0-1) {
			if e, n := d.rec.gazAt(t0 - 1); e != nil && n == 1 {
				nat = e.Country
				if nat == "" && e.Type == "ORG" {
					nat = e.Canon
				}
				t0--
			}
		}
		if !rh.Role.Standalone && (nat == "" || !genericRoles[rh.Role.Canon]) {
			continue // "the leader" alone says too little; "the Ukrainian leader" does not
		}
		if t0 == 0 || d.toks[t0-1].Key != "the" || !d.rec.sameRun(t0) {
			continue
		}
		t0--
		if rh.T1 < len(d.toks) && d.rec.capWord(rh.T1) && d.rec.sameRun(rh.T1) {
			continue
		}
		m := mention{T0: t0, T1: rh.T1, Type: "PERSON", Kind: kindRole, Role: rh.Role.Canon, Nat: nat}
		d.rec.add(m)
		d.mentions = d.rec.mentions
		mi := len(d.mentions) - 1
		if ei := l.roleHolder(&d.mentions[mi]); ei >= 0 {
			l.attach(mi, ei, kindRole)
			e := l.entities[ei]
			if e.Role == "" {
				e.Role = rh.Role.Canon
			}
			if e.Nat == "" && nat != "" {
				e.Nat = nat
			}
		}
	}
}

// genericRoles stand for any office of the country or body that qualifies them.
var genericRoles = map[string]bool{"leader": true, "chief": true, "head": true}

// roleHolder picks the person a title used alone refers to: someone the
// article gave that title; else, in a lead, the first person named after it;
// else the person mentioned last with no other title.
func (l *linker) roleHolder(m *mention) int {
	pos := m.Start
	natOK := func(e *entity) bool { return m.Nat == "" || e.Nat == "" || e.Nat == m.Nat }
	if genericRoles[m.Role] {
		// "the Ukrainian leader", "the Nato chief": whoever leads for that country or body
		best, bestPos := -1, -1
		for ei, e := range l.entities {
			if e.Type == "PERSON" && e.Nat == m.Nat && e.Role != "" {
				if p := l.lastPosBefore(e, pos); p > bestPos {
					best, bestPos = ei, p
				}
			}
		}
		return best
	}
	best, bestPos := -1, -2
	for ei, e := range l.entities {
		if e.Type == "PERSON" && e.Role == m.Role && natOK(e) {
			p := l.lastPosBefore(e, pos)
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
	// a title before any name: the first person named after it, nearby
	firstPerson := -1
	for _, mm := range l.d.mentions {
		if mm.Type == "PERSON" && mm.Kind != kindPronoun && mm.Kind != kindRole && mm.Ent >= 0 && mm.Quote < 0 {
			if firstPerson < 0 || mm.Start < firstPerson {
				firstPerson = mm.Start
			}
		}
	}
	if firstPerson < 0 || firstPerson > pos {
		for _, mm := range l.sorted() {
			if mm.Start > pos && mm.Type == "PERSON" && mm.Ent >= 0 && mm.Quote < 0 && mm.Kind == kindName && mm.Sent <= m.Sent+3 {
				if e := l.entities[mm.Ent]; (e.Role == "" || e.Role == m.Role) && natOK(e) {
					return mm.Ent
				}
			}
		}
		return -1
	}
	// the person mentioned last, without another title, and not the subject
	// of the title's own sentence ("Kasyanov, who opposes the president")
	best, bestPos = -1, -1
	for ei, e := range l.entities {
		if e.Type != "PERSON" || (e.Role != "" && e.Role != m.Role) || e.Former == m.Role || !natOK(e) || l.inSentenceBefore(e, m) {
			continue
		}
		if m.Nat == "" && l.mentionsBefore(e, pos) < 2 && l.firstPersonMention(e) != firstPerson {
			continue // only a salient person takes an unexplained, unqualified title
		}
		if p := l.lastPosBefore(e, pos); p > bestPos {
			best, bestPos = ei, p
		}
	}
	return best
}

func (l *linker) mentionsBefore(e *entity, pos int) int {
	n := 0
	for _, mi := range e.Ments {
		if l.d.mentions[mi].Start < pos {
			n++
		}
	}
	return n
}

// firstPersonMention returns the offset of e's first name mention outside quotes.
func (l *linker) firstPersonMention(e *entity) int {
	first := -1
	for _, mi := range e.Ments {
		mm := l.d.mentions[mi]
		if mm.Kind != kindPronoun && mm.Kind != kindRole && mm.Quote < 0 && (first < 0 || mm.Start < first) {
			first = mm.Start
		}
	}
	return first
}

// inSentenceBefore reports a mention of e, not a possessor, earlier in m's sentence.
func (l *linker) inSentenceBefore(e *entity, m *mention) bool {
	for _, mi := range e.Ments {
		o := l.d.mentions[mi]
		if o.Sent == m.Sent && o.Start < m.Start && !(o.T1 < len(l.d.toks) && l.d.toks[o.T1].Kind == tPoss) {
			return true
		}
	}
	return false
}

// sorted returns the names found by recognition in text order (titles
// used alone, added while linking, are not among them).
func (l *linker) sorted() []mention {
	if l.byStart == nil {
		l.byStart = append([]mention(nil), l.d.mentions...)
		sort.Slice(l.byStart, func(i, j int) bool { return l.byStart[i].Start < l.byStart[j].Start })
	}
	return l.byStart
}
