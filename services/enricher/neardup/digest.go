package neardup

import (
	"math"
	"slices"
	"unicode"
	"unicode/utf8"
)

// Digested is what the index keeps of a text: its MinHash signature and its
// shingle set.
type Digested struct {
	Sig Signature
	Set Set
}

// Digest reads texts as one text (each a break from the next, as the
// "\n\n" between a title and a body) and returns the signature and the
// shingle set of its words, ok false when it has none. It is
// the MinHash of Shingles(Words(text)) and the sorted set of the same shingles,
// computed in one pass that holds no word: what it keeps is the set, at
// most a byte per byte of text (Words and Shingles hold some 50 bytes a word: 20 MB of
// text took 700 MB to sign).
func Digest(texts ...string) (d Digested, ok bool) {
	for i := range d.Sig {
		d.Sig[i] = math.MaxUint32
	}
	size := 0
	for _, t := range texts {
		size += len(t)
	}
	set := make(Set, 0, size/4+1) // a word and its break are rarely shorter: never grown, at most a byte per byte
	var sh shingler
	sh.emit = func(h uint64) {
		for i, seed := range seeds {
			if v := uint32(mix(h ^ seed)); v < d.Sig[i] {
				d.Sig[i] = v
			}
		}
		set = append(set, uint32(h^(h>>32)))
	}
	for _, t := range texts {
		sh.text(t)
		sh.wordEnd()
	}
	sh.finish()
	if sh.words == 0 {
		return Digested{}, false
	}
	slices.Sort(set)
	d.Set = slices.Compact(set)
	if cap(d.Set) > 2*len(d.Set) {
		// What a store keeps is the distinct shingles, not the room for
		// every word (a text that repeats itself has few).
		d.Set = slices.Clone(d.Set)
	}
	return d, true
}

// shingler hashes a text's word shingles as Shingles does, as the words come.
type shingler struct {
	ring  [ShingleSize][]byte // the last words, lower case
	word  []byte              // the word being read
	words int
	emit  func(uint64)
}

// text reads t's words: runs of letters and digits once lower-cased.
func (s *shingler) text(t string) {
	for i := 0; i < len(t); {
		c := t[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
				s.word = append(s.word, c)
			case 'A' <= c && c <= 'Z':
				s.word = append(s.word, c+'a'-'A')
			default:
				s.wordEnd()
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(t[i:])
		i += size
		if r = unicode.ToLower(r); unicode.IsLetter(r) || unicode.IsDigit(r) {
			s.word = utf8.AppendRune(s.word, r)
		} else {
			s.wordEnd()
		}
	}
}

// wordEnd closes the word being read, if any, and hashes the shingle it ends.
func (s *shingler) wordEnd() {
	if len(s.word) == 0 {
		return
	}
	slot := &s.ring[s.words%ShingleSize]
	*slot = append((*slot)[:0], s.word...)
	s.word = s.word[:0]
	s.words++
	if s.words >= ShingleSize {
		s.emit(s.hash(ShingleSize))
	}
}

// finish hashes the one shingle of a text shorter than a shingle.
func (s *shingler) finish() {
	if s.words > 0 && s.words < ShingleSize {
		s.emit(s.hash(s.words))
	}
}

// hash is the FNV-1a hash of the last n words, each followed by a 0 byte.
func (s *shingler) hash(n int) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	for k := s.words - n; k < s.words; k++ {
		for _, b := range s.ring[k%ShingleSize] {
			h = (h ^ uint64(b)) * prime
		}
		h *= prime // the 0 byte: h ^ 0 is h
	}
	return h
}
