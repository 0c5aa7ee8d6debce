package tagger

import (
	"encoding/binary"
	"fmt"
	"slices"
	"strings"

	"github.com/tidings-news/tidings/services/enricher/extract/fold"
)

// maxLists is how many gazetteer lists a model may have (4 BILOU bits each
// in a uint32 per token).
const maxLists = 8

// maxPhrase is the longest phrase, in tokens, a gazetteer matches.
const maxPhrase = 6

// Value bits of a lexicon entry.
const (
	lexListMask = 0xff    // one bit per gazetteer list holding the phrase
	lexPrefix   = 1 << 8  // the phrase begins a longer gazetteer phrase
	lexInside   = 1 << 9  // a word not capitalised that training saw inside a name
	lexCluster  = 1 << 16 // (cluster index + 1) << 16
)

// lexicon holds the gazetteer lists (phrases matched case-insensitively on
// token boundaries) and the word clusters, keyed by the hash of lower-case
// tokens joined by one space: one open-addressing table of integers, so that
// it decodes in a few milliseconds and matches without building strings.
type lexicon struct {
	lists []string // gazetteer list names, in bit order
	paths []string // cluster bit paths
	keys  []uint64
	vals  []uint32
	mask  uint64
	n     int
}

// phraseKey hashes lower-case tokens joined by one space.
func phraseKey(parts ...string) uint64 {
	h := uint64(fnvOffset)
	for i, p := range parts {
		if i > 0 {
			h = hashByte(h, ' ')
		}
		h = hashString(h, p)
	}
	return h | 1
}

func newLexicon(lists, paths []string, size int) *lexicon {
	n := uint64(16)
	for n < uint64(size)*2 {
		n <<= 1
	}
	return &lexicon{lists: lists, paths: paths, keys: make([]uint64, n), vals: make([]uint32, n), mask: n - 1}
}

func (x *lexicon) slot(h uint64) uint64 {
	i := h & x.mask
	for x.keys[i] != 0 && x.keys[i] != h {
		i = (i + 1) & x.mask
	}
	return i
}

func (x *lexicon) or(h uint64, v uint32) {
	i := x.slot(h)
	if x.keys[i] == 0 {
		x.keys[i] = h
		x.n++
	}
	x.vals[i] |= v
}

func (x *lexicon) get(h uint64) uint32 {
	if x == nil {
		return 0
	}
	return x.vals[x.slot(h)]
}

// buildLexicon makes the lexicon of gazetteer lists (name → phrases, at most
// eight lists; phrases tokenised as Tokenize does), clusters (lower-case
// word → bit path) and the lower-case words seen inside names.
func buildLexicon(lists map[string][]string, clusters map[string]string, inside []string) (*lexicon, error) {
	names := make([]string, 0, len(lists))
	size := len(clusters)
	for n, ps := range lists {
		names = append(names, n)
		size += 2 * len(ps)
	}
	slices.Sort(names)
	if len(names) > maxLists {
		return nil, fmt.Errorf("tagger: %d gazetteer lists, at most %d", len(names), maxLists)
	}
	pathSet := map[string]bool{}
	for _, p := range clusters {
		pathSet[p] = true
	}
	paths := make([]string, 0, len(pathSet))
	for p := range pathSet {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	x := newLexicon(names, paths, size)
	for bit, n := range names {
		for _, p := range lists[n] {
			toks := Tokenize(p, 0)
			if len(toks) == 0 || len(toks) > maxPhrase {
				continue
			}
			parts := make([]string, len(toks))
			for i, t := range toks {
				parts[i] = strings.ToLower(t.Text)
			}
			x.or(phraseKey(parts...), 1<<bit)
			for k := 1; k < len(parts); k++ {
				x.or(phraseKey(parts[:k]...), lexPrefix)
			}
		}
	}
	for w, p := range clusters {
		i, _ := slices.BinarySearch(paths, p)
		x.or(phraseKey(w), uint32(i+1)*lexCluster)
	}
	for _, w := range inside {
		x.or(phraseKey(w), lexInside)
	}
	return x, nil
}

// wordOf makes the word the features read from a token's text.
func (x *lexicon) wordOf(text string) word {
	w := newWord(asciiPunct(text))
	if x == nil {
		w.free = true
		return w
	}
	v := x.get(phraseKey(w.lower))
	if c := v / lexCluster; c > 0 && int(c) <= len(x.paths) {
		w.cluster = x.paths[c-1]
	}
	w.free = w.flags&(flInitCap|flAllCaps) != 0 || v&lexInside != 0
	return w
}

// match returns, per word, a bit set: bit 4*list+pos for each list whose
// longest phrase starting at a capitalised word covers the word at BILOU
// position pos.
func (x *lexicon) match(words []*word, buf []uint32) []uint32 {
	if x == nil || len(x.lists) == 0 {
		return nil
	}
	out := grow(buf, len(words))
	clear(out)
	for i := range words {
		if words[i].flags&(flInitCap|flAllCaps) == 0 {
			continue // names open with a capital
		}
		var best [maxLists]int // longest match length per list from i
		h := uint64(fnvOffset)
		for j := i; j < len(words) && j-i < maxPhrase; j++ {
			if j > i {
				h = hashByte(h, ' ')
			}
			h = hashString(h, words[j].lower)
			v := x.get(h | 1)
			for l := range x.lists {
				if v&(1<<l) != 0 {
					best[l] = j - i + 1
				}
			}
			if v&lexPrefix == 0 {
				break
			}
		}
		for l, n := range best[:len(x.lists)] {
			switch {
			case n == 1:
				out[i] |= 1 << (4*l + posU)
			case n > 1:
				out[i] |= 1 << (4*l + posB)
				for j := i + 1; j < i+n-1; j++ {
					out[j] |= 1 << (4*l + posI)
				}
				out[i+n-1] |= 1 << (4*l + posL)
			}
		}
	}
	return out
}

// encode appends the lexicon: list names, cluster paths, then the entries
// (hash, value) in hash order.
func (x *lexicon) encode(b []byte) []byte {
	if x == nil {
		x = newLexicon(nil, nil, 0)
	}
	b = appendStrings(b, x.lists)
	b = appendStrings(b, x.paths)
	type kv struct {
		k uint64
		v uint32
	}
	es := make([]kv, 0, x.n)
	for i, k := range x.keys {
		if k != 0 {
			es = append(es, kv{k, x.vals[i]})
		}
	}
	slices.SortFunc(es, func(a, b kv) int {
		if a.k < b.k {
			return -1
		}
		if a.k > b.k {
			return 1
		}
		return 0
	})
	b = binary.LittleEndian.AppendUint32(b, uint32(len(es)))
	for _, e := range es {
		b = binary.LittleEndian.AppendUint64(b, e.k)
		b = binary.LittleEndian.AppendUint32(b, e.v)
	}
	return b
}

func decodeLexicon(r *reader) (*lexicon, error) {
	lists, paths := r.strings(), r.strings()
	n := int(r.u32())
	if r.err != nil || n < 0 || n*12 > len(r.b) {
		return nil, fmt.Errorf("tagger: model lexicon truncated")
	}
	if len(lists) > maxLists {
		return nil, fmt.Errorf("tagger: model has %d gazetteer lists, at most %d", len(lists), maxLists)
	}
	x := newLexicon(lists, paths, n)
	raw := r.next(n * 12)
	for i := range n {
		e := raw[i*12:]
		x.or(binary.LittleEndian.Uint64(e), binary.LittleEndian.Uint32(e[8:]))
	}
	return x, r.err
}

// asciiPunct writes typographic quotes and dashes as the ASCII marks of the
// training text (“ ” „ as ", ‘ ’ as ', – — as -): "“The" and "won’t" then
// read as the tagger learned them.
func asciiPunct(s string) string {
	if fold.ASCII(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case '\u201c', '\u201d', '\u201e':
			return '"'
		case '\u2018', '\u2019':
			return '\''
		case '\u2013', '\u2014':
			return '-'
		}
		return r
	}, s)
}
