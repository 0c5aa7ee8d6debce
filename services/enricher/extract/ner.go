package extract

import "strings"

// Mention kinds.
const (
	kindName    = "name"
	kindAlias   = "alias"
	kindRole    = "role"
	kindPronoun = "pronoun"
)

// mention is one surface form found in the body, before it is linked to an entity.
type mention struct {
	Start, End int
	T0, T1     int    // token range [T0, T1)
	Type       string // PERSON, ORG, LOC, NORP
	Kind       string // name, alias, role, pronoun
	Canon      string // canonical name (gazetteer) or the name without honorifics
	Gaz        *gazEntry
	Honor      string // style of the honorific before a person's name
	Role       string // role given by a title before the name or an apposition after it
	Nat        string // country of a demonym or country before the title
	Quote      int    // quote region, -1 outside quotes
	Sent       int
	Ent        int  // entity index once linked, -1 before
	Single     bool // a one-word name whose entity linking decides
	Former     bool // the role is not the person's own now ("the president's first prime minister")
	Speaks     bool // followed by a speech verb
	Initial    bool // the name opens a sentence
	// HonorT0 is the first token of the honorifics before the name ("Sir"), -1 if none.
	HonorT0 int
	// RoleT0, RoleT1 are the tokens of the title before the name, if any.
	RoleT0, RoleT1 int
}

// roleHit is a title or office found at a token.
type roleHit struct {
	T0, T1 int
	Role   roleEntry
	// Used is set when the title introduces a name ("Home Secretary Priya Venn").
	Used bool
}

// unnamed is an unnamed speaker: "a Number 10 spokesman".
type unnamed struct {
	Start, End int
	T0, T1     int
	Sent       int
	Quote      int
}

var nameParticles = map[string]bool{"de": true, "van": true, "von": true, "al": true, "bin": true, "da": true,
	"di": true, "la": true, "le": true, "der": true, "den": true, "del": true, "du": true, "ibn": true, "el": true}

var connectors = map[string]bool{"of": true, "for": true, "and": true, "the": true, "on": true, "de": true}

var pronouns = map[string]bool{"he": true, "she": true, "his": true, "her": true, "him": true}

// recognizer finds names, roles and pronouns in a tokenised body.
type recognizer struct {
	lx       *lexicon
	body     string
	toks     []token
	headline []bool // per sentence: written in title case ("Russian Forces Advance Near Pokrovsk")
	// out
	mentions []mention
	roles    []roleHit
	unnamed  []unnamed
}

func (r *recognizer) isWord(i int) bool {
	return i >= 0 && i < len(r.toks) && (r.toks[i].Kind == tWord || r.toks[i].Kind == tNum)
}

// sameRun reports whether token j continues the phrase of token j-1 (same
// sentence, no punctuation between, both in or both out of the same quote).
func (r *recognizer) sameRun(j int) bool {
	return j > 0 && j < len(r.toks) && r.toks[j].Sent == r.toks[j-1].Sent && r.toks[j].Quote == r.toks[j-1].Quote
}

// miscOpeners start names of operations, projects and battles.
var miscOpeners = map[string]bool{"operation": true, "project": true, "battle": true, "exercise": true}

// titleCaseSmall are function words that only a title-case line capitalises.
var titleCaseSmall = map[string]bool{"in": true, "on": true, "at": true, "of": true, "to": true, "for": true,
	"with": true, "and": true, "a": true, "the": true, "that": true, "is": true, "are": true, "will": true, "as": true}

// markHeadlines flags sentences written in title case: a capitalised
// function word inside them ("Officials In Kyiv Said …"), or, without a full
// stop, nearly every word capitalised ("Russian Forces Advance Near Pokrovsk",
// "Key Points") unless the line is a person's name.
func (r *recognizer) markHeadlines() {
	n := 0
	for _, t := range r.toks {
		n = max(n, t.Sent+1)
	}
	r.headline = make([]bool, n)
	words, caps := make([]int, n), make([]int, n)
	ended := make([]bool, n)      // ends with sentence punctuation
	personLike := make([]bool, n) // opens with a given name or an honorific
	for _, t := range r.toks {
		if t.Kind == tPunct {
			ended[t.Sent] = t.Text == "." || t.Text == "!" || t.Text == "?" || t.Text == "\u201d" || t.Text == "\"" || t.Text == ":"
			continue
		}
		ended[t.Sent] = false
		if t.Kind != tWord || t.Quote >= 0 {
			continue
		}
		if t.Initial {
			_, honor := r.lx.honor[t.Text]
			personLike[t.Sent] = r.lx.given[t.Key] || honor || t.Key == "by" // a byline: "By Jane Smith"
		}
		words[t.Sent]++
		if t.Cap {
			caps[t.Sent]++
			if !t.Initial && titleCaseSmall[t.Key] && t.Key != "the" {
				r.headline[t.Sent] = true
			}
		}
	}
	for s := range r.headline {
		if !ended[s] && words[s] >= 2 && caps[s]*10 >= words[s]*8 && !personLike[s] {
			r.headline[s] = true
		}
	}
}

var calendarWords = map[string]bool{"monday": true, "tuesday": true, "wednesday": true, "thursday": true,
	"friday": true, "saturday": true, "sunday": true, "january": true, "february": true, "march": true,
	"april": true, "june": true, "july": true, "august": true, "september": true, "october": true,
	"november": true, "december": true}

// isCalendarWord reports day and month names, which are never people.
func isCalendarWord(k string) bool { return calendarWords[k] }

func (r *recognizer) add(m mention) {
	m.Start, m.End = r.toks[m.T0].Start, r.toks[m.T1-1].End
	m.Quote = r.toks[m.T0].Quote
	m.Sent = r.toks[m.T0].Sent
	m.Ent = -1
	if m.Canon == "" {
		m.Canon = r.body[m.Start:m.End]
	}
	r.mentions = append(r.mentions, m)
}

// run scans every token once.
func (r *recognizer) run() {
	pendingRole := -1 // index into r.roles of a title waiting for its name
	pendingHonor := ""
	pendingNat := ""
	pendingFormer := false
	honorT0 := -1
	r.markHeadlines()
	for i := 0; i < len(r.toks); {
		t := r.toks[i]
		if !r.isWord(i) {
			switch {
			case t.Kind == tPoss:
				// "Ukraine's President …": the possessor qualifies the next title
				pendingRole, pendingHonor = -1, ""
			case t.Text == "," || t.Text == "\u2019" || t.Text == "'":
				// "The French president, Emmanuel Macron,": the title carries over
				if pendingRole < 0 {
					pendingNat, pendingFormer = "", false
				}
			default:
				pendingRole, pendingHonor, pendingNat, pendingFormer = -1, "", "", false
			}
			i++
			continue
		}
		// pronouns
		if pronouns[t.Key] {
			r.add(mention{T0: i, T1: i + 1, Type: "PERSON", Kind: kindPronoun})
			pendingRole, pendingHonor, pendingNat, pendingFormer = -1, "", "", false
			i++
			continue
		}
		// mid-sentence "The X": a title (newspaper, magazine, band)
		if t.Cap && t.Key == "the" && !t.Initial && r.capWord(i+1) && r.sameRun(i+1) && !r.headline[t.Sent] {
			if _, n := r.roleAt(i + 1); n == 0 {
				end := r.capRunEnd(i + 1)
				canon := r.body[t.Start:r.toks[end-1].End]
				if e, n := r.gazAt(i); e != nil && i+n == end {
					canon = e.Canon
				}
				r.add(mention{T0: i, T1: end, Type: "ORG", Kind: kindName, Canon: canon})
				i = end
				continue
			}
		}
		// "US-Ukraine", "Russia-Ukraine": known names joined by a hyphen
		if t.Cap && t.Kind == tWord && strings.ContainsRune(t.Text, '-') && r.hyphenParts(i) {
			i++
			continue
		}
		// gazetteer
		if e, n := r.gazAt(i); e != nil && !(t.Initial && n == 1 && r.lx.stop[t.Key] && !t.Upper) {
			if end := r.capRunEnd(i); end > i+n && r.lx.orgHeads[r.toks[end-1].Text] && e.Type != "ORG" {
				r.add(mention{T0: i, T1: end, Type: "ORG", Kind: kindName})
				i = end
				pendingNat = ""
				continue
			}
			m := mention{T0: i, T1: i + n, Type: e.Type, Kind: kindName, Canon: e.Canon, Gaz: e}
			r.add(m)
			pendingNat = e.Country
			if pendingNat == "" && e.Type == "ORG" {
				pendingNat = e.Canon
			}
			pendingRole, pendingHonor = -1, ""
			i += n
			continue
		}
		// unnamed speakers
		if r.lx.speakers[t.Key] && !t.Cap {
			r.noteUnnamed(i)
		}
		// roles and titles
		if re, n := r.roleAt(i); n > 0 && !(t.Initial && r.lx.stop[t.Key]) {
			r.roles = append(r.roles, roleHit{T0: i, T1: i + n, Role: re})
			pendingRole = len(r.roles) - 1
			i += n
			continue
		}
		// Titles the person does not hold now: "former prime minister", and
		// "shadow chancellor" (the opposition's counterpart of the office).
		if t.Key == "former" || t.Key == "first" || t.Key == "then" || t.Key == "ex" || t.Key == "shadow" {
			pendingFormer = true
			i++
			continue
		}
		// honorifics
		if s, n := r.honorAt(i); n > 0 && r.capWord(i+n) && r.sameRun(i+n) {
			if pendingHonor == "" {
				honorT0 = i
			}
			if pendingHonor == "" || s == "given" {
				pendingHonor = s
			}
			i += n
			continue
		}
		if !t.Cap || t.Kind != tWord {
			if t.Key != "general" && t.Key != "sir" {
				pendingRole, pendingHonor = -1, ""
			}
			if t.Key != "s" {
				pendingNat, pendingFormer = "", false
			}
			i++
			continue
		}
		if (t.Initial && r.lx.stop[t.Key] && pendingHonor == "") || isCalendarWord(t.Key) ||
			(r.lx.notNames[t.Key] && pendingHonor == "" && !r.capWord(i+1)) || r.headline[t.Sent] {
			i++
			continue // in a title-case line, only known names count
		}
		end := r.nameRunEnd(i)
		if pendingHonor == "" && pendingRole < 0 {
			if ce := r.capRunEnd(i); ce > end && r.hasOrgHead(i, ce) {
				end = ce // "International Institute for Strategic Studies"
			}
		}
		ctx := r.nameContext(i, end)
		m := mention{T0: i, T1: end, Kind: kindName, Honor: pendingHonor, HonorT0: honorT0, Initial: t.Initial && pendingHonor == "" && pendingRole < 0}
		last := r.toks[end-1]
		plain := pendingHonor == "" && pendingRole < 0
		if plain && miscOpeners[t.Key] && end-i > 1 {
			i = end // "Operation Sea Guardian": a name, but not of a person, body or place
			pendingRole, pendingHonor, pendingNat, pendingFormer = -1, "", "", false
			continue
		}
		switch {
		case plain && ctx == "LOC":
			m.Type = "LOC"
		case plain && ctx == "ORG":
			m.Type = "ORG"
		case end-i > 1 && plain && r.hasOrgHead(i, end) && !r.lx.given[t.Key]:
			m.Type = "ORG"
		case r.lx.orgHeads[last.Text] && pendingHonor == "" && end-i == 1:
			i = end
			pendingRole, pendingHonor, pendingNat, pendingFormer = -1, "", "", false
			continue // "the Cabinet room": a common noun, not a name
		case r.lx.orgHeads[last.Text] && pendingHonor == "":
			m.Type = "ORG"
		case r.lx.locHeads[last.Text] && pendingHonor == "" && pendingRole < 0 && end-i >= 2:
			m.Type = "LOC"
		case pendingHonor != "" || pendingRole >= 0:
			m.Type = "PERSON"
		case end-i >= 2 && t.Upper && !r.lx.given[t.Key] && len(t.Text) > 3 && !strings.Contains(t.Text, "."):
			m.Type = "ORG"
		case r.capCount(i, end) >= 3 && plain && !r.anyGiven(i, end):
			m.Type = "ORG" // three capitalised words and no given name: rarely a person
		case end-i >= 2:
			m.Type = "PERSON"
		default:
			m.Type = "PERSON"
		}
		m.Single = m.Type == "PERSON" && end-i == 1 && ctx == ""
		if m.Type == "PERSON" {
			if pendingRole >= 0 {
				r.roles[pendingRole].Used = true
				m.RoleT0, m.RoleT1 = r.roles[pendingRole].T0, r.roles[pendingRole].T1
				m.Role = r.roles[pendingRole].Role.Canon
				m.Nat = pendingNat
				m.Former = pendingFormer
			}
			m.Role, m.Nat = r.appositiveRole(end, m.Role, m.Nat)
			m.Speaks = r.speechAfter(end) || r.relativeAfter(end) || (end-i == 1 && len(t.Text) > 2 && !t.Initial && r.actsAfter(end))
		}
		r.add(m)
		pendingRole, pendingHonor, pendingNat, pendingFormer = -1, "", "", false
		i = end
	}
}
