package spans

import (
	"slices"
	"strings"
	"sync"

	"github.com/tidings-news/tidings/services/enricher/extract/fold"
	"github.com/tidings-news/tidings/services/enricher/extract/layer"
	"github.com/tidings-news/tidings/services/enricher/extract/lexicon"
	"github.com/tidings-news/tidings/services/enricher/tagger"
)

// Tagged is the recogniser of the trained entity tagger (package tagger):
// the tagger decides what is a name and its type, and rules run after it
// only where they beat it on CoNLL-2003 dev or cover what it was never
// trained for:
//   - a title ("Admiral", "Defence Secretary"), an honorific or a lone
//     organisation head ("Cabinet") is no name; an honorific or title the
//     tagger took into a person's name is left to the titles pass, and an
//     honorific other than a rank makes the name a person's ("Ms Paris");
//   - the gazetteer's longer name wins ("Washington, D.C."); a name it knows
//     whole, in any spelling, takes its canonical form, and its type for
//     government bodies and metonyms ("the Kremlin"); demonyms and metonyms
//     the tagger left out are added ("British", "No 10");
//   - a MISC name is kept only as a demonym (NORP) or as known hyphenated
//     parts ("US-Ukraine"); a person keeps a hyphenated particle after it
//     ("al-Hadi"); "The X" mid-sentence is a publication's title;
//   - a capitalised word the tagger left out that a place noun marks is a
//     place ("the Dornovo region");
//   - lines in title case ("Talks In Geneva Enter Second Day") are left to
//     the rules, which keep only names the gazetteer knows there.
//
// The model is decoded on first use; if it cannot be (a corrupt build), the
// rules recognise every name.
type Tagged struct {
	lx    *lexicon.Lexicon
	rules *Rules
	model *tagger.Lazy
	bufs  sync.Pool // *tagBufs
}

// tagBufs are the buffers of one Recognise call.
type tagBufs struct {
	spans []tagSpan
	toks  []tagger.Token
	sents [][]tagger.Token
	first []int
}

// NewTagged returns the tagger's recogniser over a model (tagger.NewLazy of
// the embedded model/tagger.bin).
func NewTagged(lx *lexicon.Lexicon, model *tagger.Lazy) *Tagged {
	return &Tagged{lx: lx, rules: NewRules(lx), model: model}
}

// Recognise implements Recogniser.
func (r *Tagged) Recognise(d *layer.Doc) []layer.Mention {
	tg, err := r.model.Tagger()
	if err != nil || len(d.Toks) == 0 {
		return r.rules.Recognise(d)
	}
	bufs, _ := r.bufs.Get().(*tagBufs)
	if bufs == nil {
		bufs = &tagBufs{}
	}
	defer r.bufs.Put(bufs)
	names := d.MentionBuf[:0]
	if cap(names) < len(d.Toks)/8 {
		names = make([]layer.Mention, 0, len(d.Toks)/8) // room for most articles' names, as the rules have
	}
	s := &scan{lx: r.lx, d: d, toks: d.Toks, names: names}
	s.markHeadlines()
	ts := &tagScan{scan: s, spans: tagSpans(d, tg, bufs), titleCase: titleCaseLines(d, r.lx)}
	var rules []layer.Mention
	for _, tc := range ts.titleCase {
		if tc {
			rules = r.rules.Recognise(d)
			break
		}
	}
	for i := 0; i < len(s.toks); {
		if sent := s.toks[i].Sent; ts.titleCase[sent] {
			for _, m := range rules {
				if s.toks[m.T0].Sent == sent {
					s.names = append(s.names, m)
				}
			}
			for i < len(s.toks) && s.toks[i].Sent == sent {
				i++
			}
			continue
		}
		i = ts.at(i)
	}
	s.givenNamesMakePersons()
	d.MentionBuf = s.names[:0]
	return s.names
}

// givenNamesMakePersons types as a person's a two-word organisation name
// of the tagger that opens with the first word of a person's name of the
// same article and has no organisation's word ("Tesfaye Worku met Tesfaye
// Alemu").
func (s *scan) givenNamesMakePersons() {
	var given []string
	for _, m := range s.names {
		if m.Type == layer.Person && m.T1-m.T0 > 1 && s.capWord(m.T0) {
			given = append(given, s.toks[m.T0].Key)
		}
	}
	if len(given) == 0 {
		return
	}
	for k := range s.names {
		m := &s.names[k]
		if m.Type != layer.Org || !m.Tagged || m.Gaz != nil || m.T1-m.T0 != 2 || !s.capWord(m.T0) || !s.capWord(m.T0+1) ||
			s.toks[m.T0].Upper || s.toks[m.T0+1].Upper || s.hasOrgHead(m.T0, m.T1) || !slices.Contains(given, s.toks[m.T0].Key) {
			continue
		}
		if e, _ := s.gazAt(m.T0 + 1); e != nil {
			continue
		}
		m.Type = layer.Person
	}
}

// tagSpan is a name the tagger found, starting at a token.
type tagSpan struct {
	end int    // token after the name; 0 when no name starts here
	typ string // PER, ORG, LOC or MISC
}

// tagSpans runs the tagger over the sentences of d and returns, per token,
// the name starting there (in b's storage).
func tagSpans(d *layer.Doc, tg *tagger.Tagger, b *tagBufs) []tagSpan {
	out := reuse(b.spans, len(d.Toks))
	toks := reuse(b.toks, len(d.Toks))
	sents := b.sents[:0]
	first := b.first[:0] // first token of each sentence
	for i := range d.Toks {
		t := &d.Toks[i]
		if i == 0 || t.Sent != d.Toks[i-1].Sent {
			first = append(first, i)
		}
		toks[i] = tagger.Token{Start: t.Start, End: t.End, Text: t.Text}
	}
	for k, f := range first {
		end := len(toks)
		if k+1 < len(first) {
			end = first[k+1]
		}
		sents = append(sents, toks[f:end])
	}
	for k, spans := range tg.Names(sents) {
		for _, sp := range spans {
			out[first[k]+sp.Start] = tagSpan{end: first[k] + sp.End, typ: sp.Type}
		}
	}
	b.spans, b.toks, b.sents, b.first = out, toks, sents, first
	return out
}

// reuse returns n zero values in buf's storage when it has room.
func reuse[T any](buf []T, n int) []T {
	if cap(buf) < n {
		return make([]T, n)
	}
	buf = buf[:n]
	clear(buf)
	return buf
}

// titleCaseLines flags sentences in title case: a capitalised function word
// inside them, not in capitals ("Talks In Geneva"; not "A. Smith", "Division
// A" or "Will Carling").
func titleCaseLines(d *layer.Doc, lx *lexicon.Lexicon) []bool {
	out := make([]bool, len(d.Sents)+1)
	for i := range d.Toks {
		if t := &d.Toks[i]; t.Kind == layer.Word && t.Cap && !t.Upper && !t.Initial && t.Quote < 0 && lx.Cues.TitleCaseSmall.In(t.Class) &&
			t.Key != "the" && t.Key != "a" && t.Key != "will" && t.Sent < len(out) {
			out[t.Sent] = true
		}
	}
	return out
}

// tagScan walks the tokens with the tagger's names.
type tagScan struct {
	*scan
	spans     []tagSpan
	titleCase []bool
}

// at handles token i and returns the token after what it consumed.
func (s *tagScan) at(i int) int {
	t := &s.toks[i]
	if !s.isWord(i) {
		return i + 1
	}
	// "The X" mid-sentence, the tagger's name after it: a publication's title
	if t.Cap && t.Key == "the" && !t.Initial && i+1 < len(s.spans) && s.spans[i+1].end > i+1 && s.sameRun(i+1) {
		if _, n := s.roleAt(i + 1); n == 0 {
			end := s.spans[i+1].end
			canon := s.d.Body[t.Start:s.toks[end-1].End]
			if e, n := s.gazAt(i); e != nil && i+n == end {
				canon = e.Canon
			}
			s.add(layer.Mention{T0: i, T1: end, Type: layer.Org, Canon: canon})
			return end
		}
	}
	if sp := s.spans[i]; sp.end > i {
		return s.name(i, sp)
	}
	if e, n := s.gazAt(i); e != nil && (layer.GazType(e) == layer.Norp || e.Kind == lexicon.KindGov) && !s.taggedWithin(i, n) &&
		!(t.Initial && n == 1 && s.lx.Stop.In(t.Class) && !t.Upper) {
		s.add(layer.Mention{T0: i, T1: i + n, Type: layer.GazType(e), Canon: e.Canon, Gaz: e, Tagged: true})
		return i + n
	}
	if s.capWord(i) {
		if end := s.shortRunEnd(i); end > i && !s.taggedWithin(i, end-i) && !(t.Initial && s.lx.Stop.In(t.Class)) && s.placeNounCue(i, end) {
			s.add(layer.Mention{T0: i, T1: end, Type: layer.Loc, Tagged: true})
			return end
		}
	}
	return i + 1
}

// titleBefore reports a title ending right before token i ("vice president").
func (s *tagScan) titleBefore(i int) bool {
	for j := max(0, i-4); j < i; j++ {
		if _, n := s.roleAt(j); n > 0 && j+n == i && s.sameRun(i) {
			return true
		}
	}
	return false
}

// titleUse reports whether a name [i, end) that is also a title is used as
// one: after an article or a possessive ("the King", "Russia's President")
// or before a name ("King Charles"); "said King." is a name.
func (s *tagScan) titleUse(i, end int) bool {
	if i > 0 && s.sameRun(i) {
		switch p := &s.toks[i-1]; {
		case p.Kind == layer.Poss, p.Key == "the", p.Key == "a", p.Key == "an", p.Key == "his", p.Key == "her", p.Key == "its", p.Key == "their", p.Key == "former":
			return true
		}
	}
	return end < len(s.toks) && s.sameRun(end) && s.capWord(end)
}

// honorBefore reports an honorific other than a rank ending right before
// token i ("Mr.", "Sen."; not "General"), or an abbreviated one.
func (s *tagScan) honorBefore(i int) bool {
	for j := max(0, i-3); j < i; j++ {
		if h, n := s.honorAt(j); n > 0 && j+n == i && s.sameRun(i) && (h != lexicon.HonorRank || s.toks[i-1].Text == ".") {
			return true
		}
	}
	return false
}

// shortRunEnd returns the end of the run of one or two capitalised words
// at i, or i when the run is longer (it looks no further: linear on a line
// of capitals).
func (s *tagScan) shortRunEnd(i int) int {
	end := i + 1
	if s.capWord(end) && s.sameRun(end) {
		end++
	}
	if s.capWord(end) && s.sameRun(end) {
		return i
	}
	return end
}

// taggedWithin reports whether a name of the tagger starts inside tokens (i, i+n).
func (s *tagScan) taggedWithin(i, n int) bool {
	for k := i + 1; k < i+n && k < len(s.spans); k++ {
		if s.spans[k].end > k {
			return true
		}
	}
	return false
}

// placeNounCue reports a place noun around a name: "the X region", "the
// city of X".
func (s *tagScan) placeNounCue(i, end int) bool {
	if end < len(s.toks) && s.sameRun(end) && s.isWord(end) && !s.toks[end].Cap {
		if k := s.toks[end].Key; s.lx.LocNouns.Has(k) && k != "border" && k != "capital" {
			return true
		}
	}
	return i >= 2 && s.toks[i-1].Key == "of" && s.sameRun(i) && s.lx.LocNouns.Has(s.toks[i-2].Key)
}

// throughInitial returns the end of a person's name ending at end that
// goes on after a middle initial the tagger cut it at ("Joseph R" "." "Biden
// Jr"): the tagger's person name right after the initial's full stop.
func (s *tagScan) throughInitial(end int) int {
	for end+1 < len(s.toks) && end+1 < len(s.spans) && s.toks[end].Text == "." && s.sameRun(end+1) {
		last := s.toks[end-1].Text
		if len(last) != 1 || last[0] < 'A' || last[0] > 'Z' {
			break
		}
		sp := s.spans[end+1]
		if sp.end <= end+1 || sp.typ != "PER" {
			break
		}
		end = sp.end
	}
	return end
}

// tailHonorific returns where an abbreviated honorific that ends the
// tagger's name [i, end) starts ("Texas Sen", "Ohio Gov." before the governor's name),
// or i.
func (s *tagScan) tailHonorific(i, end int) int {
	for k := i + 1; k < end; k++ {
		if _, n := s.honorAt(k); n > 0 && k+n >= end && s.toks[k+n-1].Text == "." {
			return k
		}
	}
	return i
}

// personHeadAfter reports a noun at token end that makes the one-word name
// before it a person's ("the Lindqvist administration"), when the gazetteer
// does not know that name.
func (s *tagScan) personHeadAfter(end int) bool {
	if end >= len(s.toks) || !s.sameRun(end) || !s.lx.Cues.PersonHeads.In(s.toks[end].Class) {
		return false
	}
	e, _ := s.gazAt(end - 1)
	return e == nil
}

// notNameAlone reports a word the lexicon knows is no name when alone
// ("I", "Well" opening a reply), not followed by a capitalised word.
func (s *tagScan) notNameAlone(i int) bool {
	return s.lx.Cues.NotNamesAlone.In(s.toks[i].Class) && !(s.capWord(i+1) && s.sameRun(i+1))
}

// partyTag reports a party affiliation written after a politician's name,
// a party's letter and the place they represent, after a parenthesis or a
// comma ("Sen. Marco Rubio (R-Fla.)", "Cruz, R-Texas,"): no name.
func (s *tagScan) partyTag(i int) bool {
	t := s.toks[i].Text
	if i == 0 || len(t) < 3 || t[1] != '-' || t[2] < 'A' || t[2] > 'Z' {
		return false
	}
	if p := s.toks[i-1].Text; p != "(" && p != "," {
		return false
	}
	return s.lx.Cues.PartyLetters.Has(fold.Key(t[:1]))
}

// stateTag reports an abbreviated place alone in parentheses right after a
// name with an honorific, the state a politician represents ("Sen. Dana
// Whitcombe (Fla.)"): an affiliation like partyTag's, no name. Results
// tables write a country so after an athlete ("Ivo Marsh (U.S.)").
func (s *tagScan) stateTag(i, end int) bool {
	if i < 2 || end-i > 2 || s.toks[i-1].Text != "(" || !s.capWord(i-2) {
		return false
	}
	if !strings.HasSuffix(s.toks[end-1].Text, ".") {
		if end >= len(s.toks) || s.toks[end].Text != "." {
			return false
		}
		end++
	}
	if end >= len(s.toks) || s.toks[end].Text != ")" {
		return false
	}
	for k := i - 2; k >= max(0, i-6); k-- {
		if _, n := s.honorAt(k); n > 0 {
			return true // the name is a politician's: "Sen.", "Rep."
		}
	}
	return false
}

// countryModifier reports an organisation name [i, end) of the tagger that
// is a country's abbreviation in capitals (the gazetteer's entry e, n
// tokens) and one word the lexicons do not know as an organisation's,
// modifying a lower-case noun after it: "the US Signal group chat" is the
// country and a name ("U.S. Treasury", "US Postal Service" stay whole).
func (s *tagScan) countryModifier(e *lexicon.GazEntry, i, n, end int) bool {
	if e.Kind != lexicon.KindCountry || n != 1 || i+n != end-1 || !s.toks[i].Upper || strings.Contains(s.toks[i].Text, ".") {
		return false
	}
	last := end - 1
	if s.lx.OrgHeads.Has(s.toks[last].Text) {
		return false
	}
	if g, _ := s.gazAt(last); g != nil {
		return false
	}
	return end < len(s.toks) && s.sameRun(end) && s.isWord(end) && !s.toks[end].Cap
}

// tagTypes maps the tagger's CoNLL types to entity types.
var tagTypes = map[string]layer.EntityType{"PER": layer.Person, "ORG": layer.Org, "LOC": layer.Loc}

// name adds the tagger's name at token i with the rules that follow it and
// returns the token after it.
func (s *tagScan) name(i int, sp tagSpan) int {
	end, typ := sp.end, tagTypes[sp.typ]
	if _, n := s.roleAt(i); n >= end-i && s.titleUse(i, end) {
		return end // a title: the titles pass reads it
	}
	if end-i == 1 && s.lx.OrgHeads.Has(s.toks[i].Text) {
		if e, n := s.gazAt(i); e == nil || n != 1 {
			return end // "Cabinet"; the gazetteer's "Senate" is a name
		}
	}
	if end-i == 1 && (s.notNameAlone(i) || s.partyTag(i)) {
		return end // "Well, …", "I", "(R-Fla.)"
	}
	if s.stateTag(i, end) {
		return end // "Sen. Dana Whitcombe (Fla.)"
	}
	start, personal := i, false
	for {
		h, n := s.honorAt(i)
		if n > 0 && i == start && i+n > end && s.toks[end].Text == "." {
			return end // "Sens." tagged without its full stop
		}
		if n == 0 || i+n > end {
			break
		}
		personal = personal || h != lexicon.HonorRank || s.toks[i+n-1].Text == "." // "Rep. X", never "General Motors"
		if i += n; i == end {
			return end // honorifics or ranks alone ("Admiral Sir"): the titles pass's
		}
	}
	switch {
	case i > start && (typ == layer.Person || personal):
		typ = layer.Person // "Ms Paris"; the honorific is the titles pass's
	case i > start:
		i = start // "General Motors"
	case typ != layer.Person && (s.titleBefore(i) || s.honorBefore(i)):
		typ = layer.Person // "vice president JD Vance", "Mr. Lindqvist"
	case typ != layer.Person && end-i == 1 && s.personHeadAfter(end):
		typ = layer.Person // "the Lindqvist administration"
	}
	if k := s.tailHonorific(i, end); k > i {
		end = k // "Texas Sen." before "Ted Cruz": the place alone
		if e, n := s.gazAt(i); e != nil && i+n == end {
			typ = layer.GazType(e)
		}
	}
	if _, n := s.roleAt(i); typ == layer.Person && n > 0 && i+n < end {
		i += n // "President Clinton" tagged whole
	}
	if len(s.toks[i].Text) > 1 && strings.ContainsRune(s.toks[i].Text, '-') && end-i == 1 && s.hyphenParts(i) {
		return end
	}
	if e, n := s.gazAt(i); typ == layer.Org && e != nil && s.countryModifier(e, i, n, end) {
		s.add(layer.Mention{T0: i, T1: i + n, Type: layer.GazType(e), Canon: e.Canon, Gaz: e, Tagged: true})
		i += n // "the US Signal group chat": the country, then the name
	}
	m := layer.Mention{T0: i, T1: end, Type: typ, Tagged: true}
	s.canonical(&m, sp.typ == "MISC")
	if m.Type == "" {
		return m.T1 // MISC, not a demonym
	}
	if m.Type == layer.Person {
		for m.T1 < len(s.toks) && s.sameRun(m.T1) && s.particleCompound(s.toks[m.T1].Text) {
			m.T1++ // "Omar Farouk al-Hadi"
		}
		m.T1 = s.throughInitial(m.T1)
		if m.T1 < len(s.toks) && m.T1-m.T0 > 1 && s.sameRun(m.T1) && s.toks[m.T1].Cap && s.lx.Cues.NameSuffixes.Has(s.toks[m.T1].Key) {
			m.T1++ // "Joseph R. Lindqvist Jr."
		}
	}
	s.add(m)
	return m.T1
}

// canonical gives m the gazetteer's entry when the gazetteer knows the name:
// a longer name of its own, the name whole with its article ("the House")
// or in another spelling ("Washington, D.C."). misc: the tagger's MISC, kept
// only as a demonym.
func (s *tagScan) canonical(m *layer.Mention, misc bool) {
	i := m.T0
	e, n := s.gazAt(i)
	if e != nil && i+n > m.T1 && layer.GazType(e) != layer.Norp {
		m.T1, m.Type = i+n, layer.GazType(e) // the gazetteer's longer name
	}
	if i > 0 && s.toks[i-1].Key == "the" && s.sameRun(i) {
		if e2, n2 := s.gazAt(i - 1); e2 != nil && i-1+n2 == m.T1 {
			e, n = e2, n2-1
		}
	}
	if e == nil || i+n != m.T1 {
		text := s.d.Body[s.toks[i].Start:s.toks[m.T1-1].End]
		var buf [64]byte // the key, built in place for the look-up
		if g := s.lx.LookupGaz(string(fold.AppendKey(buf[:0], text)), s.toks[i].Upper); g != nil {
			e, n = g, m.T1-i
		}
	}
	if e != nil && i+n == m.T1 {
		gt := layer.GazType(e)
		if gt == m.Type || e.Kind == lexicon.KindGov || misc && gt == layer.Norp {
			m.Canon, m.Gaz, m.Type = e.Canon, e, gt
		}
	}
}
