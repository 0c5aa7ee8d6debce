package spans

import (
	"strings"

	"github.com/tidings-news/tidings/services/enricher/extract/layer"
	"github.com/tidings-news/tidings/services/enricher/extract/lexicon"
	"github.com/tidings-news/tidings/services/enricher/extract/lookup"
)

// Rules is the rules-based recogniser: gazetteer names (countries, cities,
// regions, international organisations, government bodies and metonyms
// such as "the Kremlin", parties, media), demonyms as NORP, and capitalised
// runs typed by cues (given names, organisation heads such as "Group",
// place heads such as "House", context such as "the city of X", and a title
// or honorific before a name for a person). Lines in title case (headings,
// "Live Updates: …") only yield names the gazetteer knows.
type Rules struct {
	lx *lexicon.Lexicon
}

// NewRules returns the rules-based recogniser.
func NewRules(lx *lexicon.Lexicon) *Rules { return &Rules{lx: lx} }

// Recognise implements Recogniser.
func (r *Rules) Recognise(d *layer.Doc) []layer.Mention {
	s := &scan{lx: r.lx, d: d, toks: d.Toks, names: make([]layer.Mention, 0, len(d.Toks)/8)}
	s.markHeadlines()
	s.run()
	return s.names
}

// scan is one left-to-right pass over the tokens. A title or honorific
// waiting for its name (pending) makes the next capitalised run a person's
// name.
type scan struct {
	lx       *lexicon.Lexicon
	d        *layer.Doc
	toks     []layer.Token
	headline []bool // per sentence: written in title case ("Russian Forces Advance Near Pokrovsk")
	names    []layer.Mention
	role     bool               // a title waits for its name
	honor    lexicon.HonorStyle // an honorific waits for its name
}

func (s *scan) isWord(i int) bool  { return s.d.IsWord(i) }
func (s *scan) capWord(i int) bool { return s.d.CapWord(i) }
func (s *scan) sameRun(j int) bool { return s.d.SameRun(j) }

func (s *scan) gazAt(i int) (*lexicon.GazEntry, int)    { return lookup.Gaz(s.d, s.lx, i) }
func (s *scan) roleAt(i int) (lexicon.Role, int)        { return lookup.Role(s.d, s.lx, i) }
func (s *scan) honorAt(i int) (lexicon.HonorStyle, int) { return lookup.Honor(s.d, s.lx, i) }

func (s *scan) add(m layer.Mention) { s.names = append(s.names, m) }

// reset forgets a pending title or honorific.
func (s *scan) reset() { s.role, s.honor = false, "" }

// plain reports that no title or honorific waits.
func (s *scan) plain() bool { return s.honor == "" && !s.role }

// run scans every token once.
func (s *scan) run() {
	for i := 0; i < len(s.toks); {
		if !s.isWord(i) {
			if t := s.toks[i]; t.Kind == layer.Poss || (t.Text != "," && t.Text != "\u2019" && t.Text != "'") {
				s.reset() // "Ukraine's President …": the possessor qualifies the next title
			}
			i++
			continue
		}
		if next, ok := s.known(i); ok {
			i = next
			continue
		}
		if next, ok := s.titleWords(i); ok {
			i = next
			continue
		}
		i = s.capitalised(i)
	}
}

// known handles pronouns, titles of publications ("The Lantern Review"),
// hyphenated known names ("US-Ukraine") and gazetteer names at token i.
func (s *scan) known(i int) (int, bool) {
	t := s.toks[i]
	if s.lx.Cues.Pronouns.In(t.Class) {
		s.reset()
		return i + 1, true
	}
	// mid-sentence "The X": a title (newspaper, magazine, band)
	if t.Cap && t.Key == "the" && !t.Initial && s.capWord(i+1) && s.sameRun(i+1) && !s.headline[t.Sent] {
		if _, n := s.roleAt(i + 1); n == 0 {
			end := s.capRunEnd(i + 1)
			canon := s.d.Body[t.Start:s.toks[end-1].End]
			if e, n := s.gazAt(i); e != nil && i+n == end {
				canon = e.Canon
			}
			s.add(layer.Mention{T0: i, T1: end, Type: layer.Org, Canon: canon})
			return end, true
		}
	}
	// "US-Ukraine", "Russia-Ukraine": known names joined by a hyphen
	if t.Cap && t.Kind == layer.Word && strings.ContainsRune(t.Text, '-') && s.hyphenParts(i) {
		return i + 1, true
	}
	e, n := s.gazAt(i)
	if e == nil || (t.Initial && n == 1 && s.lx.Stop.In(t.Class) && !t.Upper) {
		return i, false
	}
	if end := s.capRunEnd(i); end > i+n && s.lx.OrgHeads.Has(s.toks[end-1].Text) && layer.GazType(e) != layer.Org {
		s.add(layer.Mention{T0: i, T1: end, Type: layer.Org})
		return end, true
	}
	s.add(layer.Mention{T0: i, T1: i + n, Type: layer.GazType(e), Canon: e.Canon, Gaz: e})
	s.reset()
	return i + n, true
}

// titleWords handles titles, "former", honorifics and lower-case words at token i.
func (s *scan) titleWords(i int) (int, bool) {
	t := s.toks[i]
	if _, n := s.roleAt(i); n > 0 && !(t.Initial && s.lx.Stop.In(t.Class)) {
		s.role = true
		return i + n, true
	}
	if s.lx.Cues.FormerWords.In(t.Class) {
		return i + 1, true
	}
	if h, n := s.honorAt(i); n > 0 && s.capWord(i+n) && s.sameRun(i+n) {
		if s.honor == "" || h == lexicon.HonorGiven {
			s.honor = h
		}
		return i + n, true
	}
	if !t.Cap || t.Kind != layer.Word {
		if !s.lx.Cues.TitleKeepers.In(t.Class) {
			s.reset()
		}
		return i + 1, true
	}
	return i, false
}

// capitalised handles a capitalised word at token i: a name, or a word that
// is none, and returns the token after it.
func (s *scan) capitalised(i int) int {
	t := s.toks[i]
	if (t.Initial && s.lx.Stop.In(t.Class) && s.honor == "") || s.lx.Calendar.Names.In(t.Class) ||
		(s.lx.NotNames.In(t.Class) && s.honor == "" && !s.capWord(i+1)) || s.headline[t.Sent] {
		return i + 1 // in a title-case line, only known names count
	}
	end := s.nameRunEnd(i)
	if s.honor == "" && !s.role {
		if ce := s.capRunEnd(i); ce > end && s.hasOrgHead(i, ce) {
			end = ce // "International Institute for Strategic Studies"
		}
	}
	if s.plain() && s.lx.Cues.MiscOpeners.In(t.Class) && end-i > 1 {
		s.reset()
		return end // "Operation Sea Guardian": a name, but not of a person, body or place
	}
	typ, ok := s.nameType(i, end)
	if ok {
		s.add(layer.Mention{T0: i, T1: end, Type: typ})
	}
	s.reset()
	return end
}

// nameType types the capitalised run [i, end); ok is false for a run that
// is no name after all.
func (s *scan) nameType(i, end int) (layer.EntityType, bool) {
	t, last := s.toks[i], s.toks[end-1]
	plain := s.plain()
	ctx := s.nameContext(i, end)
	switch {
	case plain && ctx == layer.Loc:
		return layer.Loc, true
	case plain && ctx == layer.Org:
		return layer.Org, true
	case end-i > 1 && plain && s.hasOrgHead(i, end) && !s.lx.Given.In(t.Class):
		return layer.Org, true
	case s.lx.OrgHeads.Has(last.Text) && s.honor == "" && end-i == 1:
		return "", false // "the Cabinet room": a common noun, not a name
	case s.lx.OrgHeads.Has(last.Text) && s.honor == "":
		return layer.Org, true
	case s.lx.LocHeads.Has(last.Text) && plain && end-i >= 2:
		return layer.Loc, true
	case !plain:
		return layer.Person, true
	case end-i >= 2 && t.Upper && !s.lx.Given.In(t.Class) && len(t.Text) > 3 && !strings.Contains(t.Text, "."):
		return layer.Org, true
	case s.capCount(i, end) >= 3 && !s.anyGiven(i, end):
		return layer.Org, true // three capitalised words and no given name: rarely a person
	}
	return layer.Person, true
}
