// Package titles is the extraction pass that reads what stands around the
// names a recogniser found: honorifics and titles before a person's name
// ("Sir", "Defence Secretary", "former prime minister", "the French
// president, Emmanuel Macron"), the nationality or body qualifying the
// title, a title in apposition after the name ("X, chief of the defence
// staff,"), and whether the name is followed by speech or a verb of a
// person. It also lists every title of the text (the role layer), which the
// entities pass links when a title is used alone ("the prime minister").
package titles

import (
	"context"

	"github.com/tidings-news/tidings/services/enricher/extract/layer"
	"github.com/tidings-news/tidings/services/enricher/extract/lexicon"
	"github.com/tidings-news/tidings/services/enricher/extract/lookup"
)

// Run is the titles pass: it writes the title attributes of name mentions
// and the role layer.
func Run(_ context.Context, d *layer.Doc, lx *lexicon.Lexicon) error {
	s := &scan{lx: lx, d: d, role: -1, honorT0: -1}
	s.run()
	return nil
}

// scan walks the tokens once, keeping the title, honorific, nationality
// and "former" that wait for the next name.
type scan struct {
	lx      *lexicon.Lexicon
	d       *layer.Doc
	next    int // the next name mention, in text order
	role    int // index into d.Roles of a title waiting for its name, -1 if none
	honor   lexicon.HonorStyle
	honorT0 int
	nat     string
	former  bool
}

func (s *scan) resetTitle() { s.role, s.honor, s.honorT0 = -1, "", -1 }
func (s *scan) resetAll()   { s.resetTitle(); s.nat, s.former = "", false }

func (s *scan) run() {
	toks := s.d.Toks
	for i := 0; i < len(toks); {
		for s.next < len(s.d.Mentions) && s.d.Mentions[s.next].T0 < i {
			s.next++
		}
		if s.next < len(s.d.Mentions) && s.d.Mentions[s.next].T0 == i {
			i = s.name(s.next)
			continue
		}
		t := &toks[i]
		if !s.d.IsWord(i) {
			switch {
			case t.Kind == layer.Poss:
				s.resetTitle() // "Ukraine's President …": the possessor qualifies the next title
			case t.Text == "," || t.Text == "\u2019" || t.Text == "'":
				if s.role < 0 { // "The French president, Emmanuel Macron,": the title carries over
					s.nat, s.former = "", false
				}
			default:
				s.resetAll()
			}
			i++
			continue
		}
		i = s.word(i)
	}
}

// word handles a word outside names at token i and returns the next token.
func (s *scan) word(i int) int {
	t := &s.d.Toks[i]
	if s.lx.Cues.Pronouns.In(t.Class) {
		s.resetAll()
		return i + 1
	}
	if re, n := lookup.Role(s.d, s.lx, i); n > 0 && !(t.Initial && s.lx.Stop.In(t.Class)) && !s.nameWithin(i+1, i+n) {
		s.d.Roles = append(s.d.Roles, layer.RoleHit{T0: i, T1: i + n, Role: re})
		s.role = len(s.d.Roles) - 1
		return i + n
	}
	if s.lx.Cues.FormerWords.In(t.Class) {
		s.former = true
		return i + 1
	}
	if h, n := lookup.Honor(s.d, s.lx, i); n > 0 && s.d.CapWord(i+n) && s.d.SameRun(i+n) && !s.nameWithin(i+1, i+n) {
		if s.honor == "" {
			s.honorT0 = i
		}
		if s.honor == "" || h == lexicon.HonorGiven {
			s.honor = h
		}
		return i + n
	}
	switch {
	case !t.Cap || t.Kind != layer.Word:
		if !s.lx.Cues.TitleKeepers.In(t.Class) {
			s.resetTitle()
		}
		if t.Key != "s" {
			s.nat, s.former = "", false
		}
	case (t.Initial && s.lx.Stop.In(t.Class) && s.honor == "") || s.lx.Calendar.Names.In(t.Class) ||
		(s.lx.NotNames.In(t.Class) && s.honor == "" && !s.d.CapWord(i+1)):
		// a capitalised word that is no name: what waits carries over
	case s.lx.Cues.MiscOpeners.In(t.Class) || (s.lx.OrgHeads.Has(t.Text) && s.honor == ""):
		s.resetAll() // "Operation …", "the Cabinet room": no title carries past them
	}
	return i + 1
}

// nameWithin reports a name starting in tokens [from, to).
func (s *scan) nameWithin(from, to int) bool {
	for mi := s.next; mi < len(s.d.Mentions) && s.d.Mentions[mi].T0 < to; mi++ {
		if s.d.Mentions[mi].T0 >= from {
			return true
		}
	}
	return false
}

// name gives the name mentions starting at mention mi what waits before
// them and returns the token after them.
func (s *scan) name(mi int) int {
	d := s.d
	m := &d.Mentions[mi]
	end := m.T1
	switch {
	case m.Start != d.Toks[m.T0].Start || m.End != d.Toks[m.T1-1].End:
		// names inside a hyphenated word ("US-Ukraine"): nothing carries over
	case m.Gaz != nil:
		s.nat = lookup.Nationality(m.Gaz)
		s.resetTitle()
	case d.Toks[m.T0].Key == "the" && m.Type == layer.Org:
		// a title of a publication ("The Lantern Review")
	default:
		s.attach(m)
		s.resetAll()
	}
	for mi < len(d.Mentions) && d.Mentions[mi].T0 < end {
		end = max(end, d.Mentions[mi].T1)
		mi++
	}
	return end
}

// attach gives name m the honorific and, for a person, the title that wait before it.
func (s *scan) attach(m *layer.Mention) {
	t := s.d.Toks[m.T0]
	m.Honor, m.HonorT0 = s.honor, s.honorT0
	m.Initial = t.Initial && s.honor == "" && s.role < 0
	if m.Type != layer.Person {
		return
	}
	n := m.T1 - m.T0
	m.Single = n == 1
	if s.role >= 0 {
		rh := &s.d.Roles[s.role]
		rh.Used = true
		m.RoleT0, m.RoleT1 = rh.T0, rh.T1
		m.Role = rh.Role.Canon
		m.Nat = s.nat
		m.Former = s.former
	}
	m.Role, m.Nat = s.appositiveRole(m.T1, m.Role, m.Nat)
	m.Speaks = s.speechAfter(m.T1) || s.relativeAfter(m.T1) || (n == 1 && len(t.Text) > 2 && !t.Initial && s.actsAfter(m.T1))
}

// appositiveRole reads ", chief of the defence staff," after a name.
func (s *scan) appositiveRole(end int, role, nat string) (string, string) {
	toks := s.d.Toks
	if role != "" || end >= len(toks) || toks[end].Text != "," {
		return role, nat
	}
	j := end + 1
	if j < len(toks) && (toks[j].Key == "the" || toks[j].Key == "a") {
		j++
	}
	newNat := nat
	if e, n := lookup.Gaz(s.d, s.lx, j); e != nil {
		newNat = lookup.Nationality(e)
		j += n
		if j < len(toks) && toks[j].Kind == layer.Poss {
			j++ // "Sybiha, Ukraine's foreign minister,"
		}
	}
	if re, n := lookup.Role(s.d, s.lx, j); n > 0 && s.d.SameRun(j) {
		return re.Canon, newNat
	}
	return role, nat
}

// speechAfter reports whether a speech verb follows token end (with an
// optional adverb: "also said").
func (s *scan) speechAfter(end int) bool {
	for j := end; j < len(s.d.Toks) && j < end+3; j++ {
		if !s.d.IsWord(j) || !s.d.SameRun(j) && j > end {
			return false
		}
		if s.d.Toks[j].Class&lexicon.ClassSpeech != 0 {
			return true
		}
	}
	return false
}

// actsAfter reports a verb of a person right after token end: "Kovalenko has …".
func (s *scan) actsAfter(end int) bool {
	return end < len(s.d.Toks) && s.d.SameRun(end) && s.lx.Cues.PersonVerbs.In(s.d.Toks[end].Class)
}

// relativeAfter reports ", who" after a name: "Marsh, who met …".
func (s *scan) relativeAfter(end int) bool {
	return end+1 < len(s.d.Toks) && s.d.Toks[end].Text == "," && s.d.Toks[end+1].Key == "who"
}
