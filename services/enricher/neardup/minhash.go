// Package neardup recognises near-duplicate articles (a syndicated copy
// with small edits: another outlet, a changed headline or paragraph) in
// constant time per article: a MinHash signature of the article's word
// 5-shingles, looked up through locality-sensitive hashing (LSH) bands in
// an index any number of replicas share (a JetStream key-value bucket),
// and confirmed when the signatures estimate a Jaccard similarity of at
// least Threshold. The first article of a group is the original; every
// later one is its duplicate.
package neardup

import (
	"encoding/binary"
	"hash/fnv"
	"strings"
	"unicode"
)

// Parameters of the signature and the bands.
const (
	// ShingleSize is the words in a shingle.
	ShingleSize = 5
	// Hashes is the signature's length: Bands × Rows.
	Hashes = Bands * Rows
	// Bands and Rows: two articles share a band with probability
	// 1-(1-J^Rows)^Bands, 0.9996 at J = 0.8 and 0.04 at J = 0.3.
	Bands = 20
	Rows  = 5
	// Threshold is the estimated Jaccard similarity of word 5-shingles
	// from which an article is a near duplicate.
	Threshold = 0.8
)

// Signature is the MinHash signature of an article's shingles.
type Signature [Hashes]uint32

// seeds are the per-hash salts (fixed: signatures made by any replica or
// version agree).
var seeds = func() [Hashes]uint64 {
	var s [Hashes]uint64
	x := uint64(0x9e3779b97f4a7c15)
	for i := range s {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		s[i] = x | 1
	}
	return s
}()

// Words splits text into lower-case words of letters and digits.
func Words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// Shingles hashes each run of ShingleSize words (one shingle of all the
// words when there are fewer), each once.
func Shingles(words []string) map[uint64]struct{} {
	out := map[uint64]struct{}{}
	n := max(len(words)-ShingleSize+1, 1)
	for i := 0; i < n && len(words) > 0; i++ {
		h := fnv.New64a()
		for _, w := range words[i:min(i+ShingleSize, len(words))] {
			h.Write([]byte(w))
			h.Write([]byte{0})
		}
		out[h.Sum64()] = struct{}{}
	}
	return out
}

// Sign computes the MinHash signature of text's word shingles; ok is false
// when the text has no word.
func Sign(text string) (sig Signature, ok bool) {
	d, ok := Digest(text)
	return d.Sig, ok
}

// mix is SplitMix64's finaliser: a cheap, well-spread hash of x.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// Similarity estimates the Jaccard similarity of the shingle sets behind
// two signatures (the share of equal minimums).
func Similarity(a, b *Signature) float64 {
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / Hashes
}

// BandKeys are the LSH keys of a signature: one hash of each band's rows.
func (s *Signature) BandKeys() [Bands]uint64 {
	var out [Bands]uint64
	var buf [4 * Rows]byte
	for b := range out {
		for r := range Rows {
			binary.LittleEndian.PutUint32(buf[4*r:], s[b*Rows+r])
		}
		h := fnv.New64a()
		h.Write([]byte{byte(b)})
		h.Write(buf[:])
		out[b] = h.Sum64()
	}
	return out
}

// Jaccard is the exact Jaccard similarity of two texts' shingle sets (for
// measuring the estimate).
func Jaccard(a, b string) float64 {
	sa, sb := Shingles(Words(a)), Shingles(Words(b))
	inter := 0
	for s := range sa {
		if _, ok := sb[s]; ok {
			inter++
		}
	}
	union := len(sa) + len(sb) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

// Set is a text's shingles as sorted 32-bit hashes: what the exact check of
// a candidate compares (about 4 bytes a word).
type Set []uint32

// JaccardSets is the Jaccard similarity of two Sets.
func JaccardSets(a, b Set) float64 {
	inter, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			inter++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	union := len(a) + len(b) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}
