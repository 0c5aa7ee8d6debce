package spans

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tidings-news/tidings/services/enricher/extract/fold"
	"github.com/tidings-news/tidings/services/enricher/extract/layer"
)

// nameRunEnd returns the end of a run of capitalised words starting at i that
// are not gazetteer names, roles or honorifics (name particles allowed inside).
func (s *scan) nameRunEnd(i int) int {
	j := i
	for j < len(s.toks) {
		if j > i && !s.sameRun(j) {
			break
		}
		if s.capWord(j) {
			if j > i {
				if _, n := s.roleAt(j); n > 0 && !s.lx.Given.In(s.toks[j].Class) {
					break
				}
				if e, n := s.gazAt(j); e != nil && !s.orgHeadAhead(i, j) && !s.surnameLikePlace(i, j, n) {
					break
				}
			}
			j++
			continue
		}
		if j > i && s.lx.Cues.NameParticles.In(s.toks[j].Class) && s.capWord(j+1) && s.sameRun(j+1) {
			j++
			continue
		}
		if j > i && s.isWord(j) && s.particleCompound(s.toks[j].Text) {
			if _, n := s.honorAt(j - 1); n == 0 {
				j++ // "Abdel Fattah al-Sisi", not "Mr al-Sisi"
				continue
			}
		}
		break
	}
	return j
}

// particleCompound reports a name particle joined to a capitalised name by
// a hyphen: "al-Sisi", "el-Baradei", "bin-Salman".
func (s *scan) particleCompound(tok string) bool {
	return ParticleCompound(s.lx.Cues.NameParticles.All(), tok)
}

// ParticleCompound reports a name particle of particles joined to a
// capitalised name by a hyphen: "al-Sisi", "el-Baradei", "bin-Salman".
func ParticleCompound(particles map[string]bool, tok string) bool {
	p, rest, ok := strings.Cut(tok, "-")
	if !ok || rest == "" || !particles[strings.ToLower(p)] {
		return false
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return unicode.IsUpper(r)
}

// hasOrgHead reports whether tokens [i, j) hold an organisation head word.
func (s *scan) hasOrgHead(i, j int) bool {
	for k := i; k < j; k++ {
		if s.lx.OrgHeads.Has(s.toks[k].Text) {
			return true
		}
	}
	return false
}

// surnameLikePlace reports a one-word place right after a given name that
// ends the run: "Michael Jordan", "Ellie Paris" are people.
func (s *scan) surnameLikePlace(i, j, n int) bool {
	if j != i+1 || n != 1 || !s.lx.Given.In(s.toks[i].Class) || s.lx.GazKnows(s.toks[i].Key) {
		return false
	}
	return !(s.capWord(j+1) && s.sameRun(j+1))
}

// orgHeadAhead reports whether the capitalised run containing j ends in an
// organisation head word ("… Contact Group").
func (s *scan) orgHeadAhead(i, j int) bool {
	end := s.capRunEnd(i)
	return end > j && s.lx.OrgHeads.Has(s.toks[end-1].Text)
}

// capRunEnd is the end of the run of capitalised words from i, connectors
// such as "of" allowed when a capitalised word follows.
func (s *scan) capRunEnd(i int) int {
	j := i
	for j < len(s.toks) {
		if j > i && !s.sameRun(j) {
			break
		}
		if s.isWord(j) && (s.toks[j].Cap || (s.toks[j].Kind == layer.Num && j > i)) {
			j++
			continue
		}
		if j > i && s.lx.Cues.Connectors.In(s.toks[j].Class) && s.toks[j].Key != "and" && s.capWord(j+1) && s.sameRun(j+1) {
			j++
			continue
		}
		break
	}
	// a connector must be followed by an organisation head to belong to the run
	for k := i; k < j; k++ {
		if s.lx.Cues.Connectors.In(s.toks[k].Class) && !s.toks[k].Cap {
			if !s.lx.OrgHeads.Has(s.toks[k-1].Text) && !s.lx.OrgHeads.Has(s.toks[j-1].Text) {
				return k
			}
		}
	}
	return j
}

// capCount counts the capitalised words of [i, end).
func (s *scan) capCount(i, end int) int {
	n := 0
	for k := i; k < end; k++ {
		if s.toks[k].Cap {
			n++
		}
	}
	return n
}

// anyGiven reports a given name among [i, end) ("Jean-Noël" counts by its first part).
func (s *scan) anyGiven(i, end int) bool {
	for k := i; k < end; k++ {
		key := s.toks[k].Key
		if s.lx.Given.Has(key) {
			return true
		}
		if j := strings.IndexByte(key, ' '); j > 0 && s.lx.Given.Has(key[:j]) {
			return true
		}
	}
	return false
}

// markHeadlines flags sentences written in title case: a capitalised
// function word inside them ("Officials In Kyiv Said …"), or, without a full
// stop, nearly every word capitalised ("Russian Forces Advance Near Pokrovsk",
// "Key Points") unless the line is a person's name.
func (s *scan) markHeadlines() {
	n := 0
	for _, t := range s.toks {
		n = max(n, t.Sent+1)
	}
	s.headline = make([]bool, n)
	words, caps := make([]int, n), make([]int, n)
	ended := make([]bool, n)      // ends with sentence punctuation
	personLike := make([]bool, n) // opens with a given name or an honorific
	for _, t := range s.toks {
		if t.Kind == layer.Punct {
			ended[t.Sent] = t.Text == "." || t.Text == "!" || t.Text == "?" || t.Text == "\u201d" || t.Text == "\"" || t.Text == ":"
			continue
		}
		ended[t.Sent] = false
		if t.Kind != layer.Word || t.Quote >= 0 {
			continue
		}
		if t.Initial {
			_, honor := s.lx.Honor[t.Text]
			personLike[t.Sent] = s.lx.Given.In(t.Class) || honor || t.Key == "by" // a byline: "By Jane Smith"
		}
		words[t.Sent]++
		if t.Cap {
			caps[t.Sent]++
			if !t.Initial && s.lx.Cues.TitleCaseSmall.In(t.Class) && t.Key != "the" {
				s.headline[t.Sent] = true
			}
		}
	}
	for i := range s.headline {
		if !ended[i] && words[i] >= 2 && caps[i]*10 >= words[i]*8 && !personLike[i] {
			s.headline[i] = true
		}
	}
}

// hyphenParts adds a name for each known name in a hyphenated word when
// every part is known ("US-Ukraine"); it reports whether it did.
func (s *scan) hyphenParts(i int) bool {
	t := s.toks[i]
	var parts []layer.Mention
	start := 0
	for k := 0; k <= len(t.Text); k++ {
		if k < len(t.Text) && t.Text[k] != '-' {
			continue
		}
		p := t.Text[start:k]
		if p != "" {
			g := s.lx.LookupGaz(fold.Key(p), fold.IsUpperWord(p))
			if g == nil || layer.GazType(g) == layer.Norp && g.Country == "" {
				return false
			}
			parts = append(parts, layer.Mention{T0: i, T1: i + 1, Start: t.Start + start, End: t.Start + k, Type: layer.GazType(g), Canon: g.Canon, Gaz: g})
		}
		start = k + 1
	}
	if len(parts) < 2 {
		return false
	}
	s.names = append(s.names, parts...)
	return true
}
