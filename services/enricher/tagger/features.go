package tagger

import (
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Feature templates. A feature is the FNV-1a hash of its template byte and
// its strings; a word's own features depend on its text alone (so they are
// computed once per distinct word and cached), context features on the
// sentence and the document.
const (
	fBias byte = iota + 1
	fWord
	fLower
	fShape
	fShort
	fPrefix
	fSuffix
	fFlag
	fLowerAt  // lower-case form at a window offset
	fShortAt  // short shape at a window offset
	fFlagAt   // flags at a window offset
	fBigramL  // previous word + this word
	fBigramR  // this word + next word
	fShapes3  // short shapes of previous, this and next word
	fFirst    // first token of the sentence, with its short shape
	fFirstW   // first token of the sentence, with its lower-case form
	fCapsLine // the sentence is in capitals, with this word's lower-case form
	fDoc      // document-level evidence about this word, with its short shape
	fGaz      // gazetteer match over this token (list and BILOU position)
	fGazW     // gazetteer match with this word's short shape
	fCluster  // word cluster path prefix at a window offset
	fHist     // labels of the word's earlier occurrences in the document
	fRunLen   // the length of this word's run of capitalised words, with its place in the run
)

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hashByte(h uint64, b byte) uint64 { return (h ^ uint64(b)) * fnvPrime }

func hashString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return h
}

// Feature hashes are odd: 0 marks an empty slot of the model's table.

func feat(tpl byte, off int, s string) uint64 {
	return hashString(hashByte(hashByte(fnvOffset, tpl), byte(off+8)), s) | 1
}

// mix combines a template and two hashes into a feature (a conjunction of
// words whose hashes are computed once per word).
func mix(tpl byte, a, b uint64) uint64 {
	h := (uint64(tpl)+1)*0x9E3779B97F4A7C15 ^ a
	h = (h ^ h>>31) * 0xBF58476D1CE4E5B9
	h ^= b
	h = (h ^ h>>29) * 0x94D049BB133111EB
	return (h ^ h>>32) | 1
}

// Word flags.
const (
	flInitCap = 1 << iota
	flAllCaps
	flHasDigit
	flAllDigit
	flHasDash
	flHasDot
	flHasLower
)

var flagNames = [...]string{"initcap", "allcaps", "hasdigit", "alldigit", "hasdash", "hasdot", "haslower"}

// word is what the features read of one token.
type word struct {
	text, lower, shape, short string
	hLower, hShort            uint64 // hashes of lower and short
	flags                     uint8
	cluster                   string
	// free: the word may be part of a name: it is capitalised, or training
	// saw its form inside a name ("of", "de", "49ers"). Other words are
	// outside every name, and the tagger spends nothing on them.
	free bool
}

// Sentence boundaries in the window.
var (
	wordStart = word{text: "<s>", lower: "<s>", shape: "<s>", short: "<s>", hLower: hashString(fnvOffset, "<s>"), hShort: hashString(fnvOffset, "<s>")}
	wordEnd   = word{text: "</s>", lower: "</s>", shape: "</s>", short: "</s>", hLower: hashString(fnvOffset, "</s>"), hShort: hashString(fnvOffset, "</s>")}
)

func newWord(text string) word {
	w := word{text: text, lower: strings.ToLower(text)}
	var shape, short []byte
	letters, digits := 0, 0
	upper := 0
	var last byte
	for i, r := range text {
		var c byte
		switch {
		case unicode.IsUpper(r):
			c = 'X'
			upper++
			letters++
			if i == 0 {
				w.flags |= flInitCap
			}
		case unicode.IsLetter(r):
			c = 'x'
			letters++
			w.flags |= flHasLower
		case unicode.IsDigit(r):
			c = 'd'
			digits++
		case r == '-':
			c = '-'
			w.flags |= flHasDash
		case r == '.':
			c = '.'
			w.flags |= flHasDot
		case r < utf8.RuneSelf:
			c = byte(r)
		default:
			c = '~'
		}
		if len(shape) < 8 {
			shape = append(shape, c)
		}
		if c != last {
			short = append(short, c)
			last = c
		}
	}
	if upper >= 2 && upper == letters {
		w.flags |= flAllCaps
	}
	if digits > 0 {
		w.flags |= flHasDigit
		if digits == utf8.RuneCountInString(text) {
			w.flags |= flAllDigit
		}
	}
	w.shape, w.short = string(shape), string(short)
	w.hLower, w.hShort = hashString(fnvOffset, w.lower), hashString(fnvOffset, w.short)
	return w
}

// ownFeatures emits the features of w seen from offset off of the token
// being labelled (off 0: the token itself).
func ownFeatures(w *word, off int, emit func(uint64)) {
	switch off {
	case 0:
		emit(feat(fBias, 0, ""))
		emit(feat(fWord, 0, w.text))
		emit(feat(fLower, 0, w.lower))
		emit(feat(fShape, 0, w.shape))
		emit(feat(fShort, 0, w.short))
		affixes(w.lower, emit)
		for b, name := range flagNames {
			if w.flags&(1<<b) != 0 {
				emit(feat(fFlag, 0, name))
			}
		}
		clusterFeatures(w.cluster, 0, emit)
	case -1, 1:
		emit(feat(fLowerAt, off, w.lower))
		emit(feat(fShortAt, off, w.short))
		emit(feat(fFlagAt, off, string(rune('a'+w.flags&(flInitCap|flAllCaps)))))
		clusterFeatures(w.cluster, off, emit)
	case -2, 2:
		emit(feat(fLowerAt, off, w.lower))
		emit(feat(fFlagAt, off, string(rune('a'+w.flags&(flInitCap|flAllCaps)))))
	}
}

func clusterFeatures(c string, off int, emit func(uint64)) {
	if c == "" {
		return
	}
	for _, n := range [...]int{4, 6, 10, 20} {
		if n > len(c) {
			n = len(c)
		}
		emit(feat(fCluster, off*32+n, c[:n]))
	}
}

// affixes emits prefixes and suffixes of one to four runes.
func affixes(s string, emit func(uint64)) {
	n := 0
	for i := range s {
		if n > 0 && n <= 4 {
			emit(feat(fPrefix, n, s[:i]))
		}
		n++
	}
	if n <= 4 {
		emit(feat(fPrefix, n, s))
	}
	n = 0
	for i := len(s); i > 0 && n < 4; {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
		n++
		emit(feat(fSuffix, n, s[i:]))
	}
}

// sentence is one sentence's words and the context features of each token.
type sentence struct {
	words []*word
	caps  bool     // written in capitals (a headline)
	ents  []*entry // the tagger's entries of the words (words[i] is &ents[i].w)
}

func (s *sentence) at(i int) *word {
	switch {
	case i < 0:
		return &wordStart
	case i >= len(s.words):
		return &wordEnd
	}
	return s.words[i]
}

func capitalised(w *word) bool { return w.flags&(flInitCap|flAllCaps) != 0 }

// maxRun is the longest run of capitalised words the features tell apart.
const maxRun = 5

// run returns the first word and the end of the run of capitalised words
// holding word i, looking at most maxRun words each way (the features read
// no more, and a line of thousands of capitals stays linear).
func (s *sentence) run(i int) (int, int) {
	a, b := i, i+1
	for a > 0 && i-a < maxRun && capitalised(s.words[a-1]) {
		a--
	}
	for b < len(s.words) && b-i <= maxRun && capitalised(s.words[b]) {
		b++
	}
	return a, b
}

// contextFeatures appends to out the features of token i that depend on its
// neighbours, its sentence and its document.
func contextFeatures(out []uint64, s *sentence, i int, d *docStats, gaz []uint32) []uint64 {
	p, w, n := s.at(i-1), s.at(i), s.at(i+1)
	out = append(out, mix(fBigramL, p.hLower, w.hLower))
	out = append(out, mix(fBigramR, w.hLower, n.hLower))
	out = append(out, mix(fShapes3, mix(0, p.hShort, w.hShort), n.hShort))
	if i == 0 {
		out = append(out, mix(fFirst, 0, w.hShort))
		out = append(out, mix(fFirstW, 0, w.hLower))
	}
	if s.caps {
		out = append(out, mix(fCapsLine, 0, w.hLower))
	}
	if d != nil && capitalised(w) {
		ev := d.evidence(w, i == 0 || s.caps)
		for ; ev != 0; ev &= ev - 1 { // each bit set, lowest first
			out = append(out, mix(fDoc, uint64(bits.TrailingZeros64(ev)), w.hShort))
		}
	}
	if i < len(gaz) {
		for g := gaz[i]; g != 0; g &= g - 1 { // each bit set, lowest first
			b := uint64(bits.TrailingZeros32(g))
			out = append(out, mix(fGaz, b, 0))
			out = append(out, mix(fGazW, b, w.hShort))
		}
	}
	if capitalised(w) {
		rs, re := s.run(i)
		pos := uint64(posI)
		switch {
		case re-rs == 1:
			pos = posU
		case i == rs:
			pos = posB
		case i == re-1:
			pos = posL
		}
		out = append(out, mix(fRunLen, pos, uint64(min(re-rs, maxRun))))
	}
	return out
}
