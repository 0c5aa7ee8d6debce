// Package fold compares names as people write them differently: case,
// diacritics, typographic apostrophes and dashes, punctuation and small
// spelling differences.
package fold

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold lower-cases s, strips diacritics and normalises typographic
// apostrophes, so that "Sébastien" and "sebastien" compare equal.
func Fold(s string) string {
	if ASCII(s) {
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == '\u2019' || r == '\u2018' || r == '\u02bc':
			b.WriteByte('\'')
		case r == '\u2013' || r == '\u2014' || r == '\u2010' || r == '\u2011':
			b.WriteByte('-')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// ASCII reports whether s is ASCII alone, which every function of the
// package (and the tagger's) takes as its fast path.
func ASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// Key folds s and keeps only letters and digits, one space between words:
// the key under which names are compared ("U.S." → "u s", "Kyiv’s" → "kyiv s").
func Key(s string) string {
	if k, ok := asciiKey(s); ok {
		return k
	}
	if b, ok := appendPunctKey(make([]byte, 0, len(s)), s); ok {
		return string(b)
	}
	return unicodeKey(s)
}

// byteClass is what Key makes of an ASCII byte.
type byteClass uint8

const (
	keyLetter byteClass = iota // a letter (lower-cased) or a digit: part of a word
	keyDrop                    // an apostrophe: dropped
	keySpace                   // anything else: between words
)

// keyByte is the ASCII byte c as Key folds it, and its class.
func keyByte(c byte) (byte, byteClass) {
	switch {
	case c >= 'A' && c <= 'Z':
		return c + 'a' - 'A', keyLetter
	case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
		return c, keyLetter
	case c == '\'':
		return c, keyDrop
	}
	return c, keySpace
}

// appendPunctKey is Key's path for ASCII text with typographic punctuation
// (curly quotes and apostrophes, dashes, an ellipsis, a no-break space), as
// quotes and words like "won’t" have: those runes have no canonical
// decomposition and are neither letters nor digits, so unicodeKey drops the
// apostrophes and takes the others as spaces, and folds the rest as ASCII.
// It appends the key to dst and reports false, having appended nothing, for
// any other rune (or invalid UTF-8).
func appendPunctKey(dst []byte, s string) ([]byte, bool) {
	space, start := false, len(dst)
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			var class byteClass
			if c, class = keyByte(c); class != keyLetter {
				space = space || class == keySpace
				continue
			}
		} else {
			r, n := utf8.DecodeRuneInString(s[i:])
			i += n
			switch r {
			case '\u2018', '\u2019', '\u02bc': // Fold's apostrophes
				continue
			case '\u201c', '\u201d', '\u2013', '\u2014', '\u2010', '\u2011', '\u2026', '\u00a0':
				space = true
				continue
			default:
				return dst[:start], false
			}
		}
		if space && len(dst) > start {
			dst = append(dst, ' ')
		}
		space = false
		dst = append(dst, c)
	}
	return dst, true
}

// unicodeKey is Key for any text.
func unicodeKey(s string) string {
	f := Fold(s)
	var b strings.Builder
	b.Grow(len(f))
	space := false
	for _, r := range f {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
			continue
		}
		if r == '\'' {
			continue
		}
		space = true
	}
	return b.String()
}

// asciiKey is Key's fast path for ASCII text: it returns s itself when s is
// already lower-case letters and digits, else the key built as Key would
// (letters lower-cased, apostrophes dropped, one space for each run of other
// characters between words).
func asciiKey(s string) (string, bool) {
	simple := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			return "", false
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
		default:
			simple = false
		}
	}
	if simple {
		return s, true
	}
	return string(appendASCIIKey(make([]byte, 0, len(s)), s, ' ')), true
}

// appendASCIIKey appends the key of the ASCII text s to dst as asciiKey
// builds it, with sep between words.
func appendASCIIKey(dst []byte, s string, sep byte) []byte {
	space, start := false, len(dst)
	for i := 0; i < len(s); i++ {
		c, class := keyByte(s[i])
		if class != keyLetter {
			space = space || class == keySpace
			continue
		}
		if space && len(dst) > start {
			dst = append(dst, sep)
		}
		space = false
		dst = append(dst, c)
	}
	return dst
}

// AppendKey appends Key(s) to dst: without a string of its own for ASCII
// text, so that a look-up by string(AppendKey(buf[:0], s)) allocates nothing.
func AppendKey(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			if out, ok := appendPunctKey(dst, s); ok {
				return out
			}
			return append(dst, unicodeKey(s)...)
		}
	}
	return appendASCIIKey(dst, s, ' ')
}

// Slug is the id-friendly form of a name: "Sébastien Moreau" → "sebastien-moreau".
func Slug(name string) string {
	simple := true
	for i := 0; i < len(name); i++ {
		switch c := name[i]; {
		case c >= utf8.RuneSelf:
			return strings.ReplaceAll(Key(name), " ", "-")
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
		default:
			simple = false
		}
	}
	if simple {
		return name // lower-case letters and digits: its own slug
	}
	return string(appendASCIIKey(make([]byte, 0, len(name)), name, '-')) // Key with '-' between words
}

// EditDistance is the Levenshtein distance between a and b (in runes),
// stopping early once it exceeds limit.
func EditDistance(a, b string, limit int) int {
	if d := utf8.RuneCountInString(a) - utf8.RuneCountInString(b); d > limit || -d > limit {
		return limit + 1
	}
	// Names are short: their runes and the two rows fit buffers on the stack.
	var bufA, bufB [32]rune
	var bufP, bufC [33]int
	ra, rb := appendRunes(bufA[:0], a), appendRunes(bufB[:0], b)
	prev, cur := bufP[:0], bufC[:0]
	prev, cur = append(prev, make([]int, len(rb)+1)...), append(cur, make([]int, len(rb)+1)...)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
			best = min(best, cur[j])
		}
		if best > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

func appendRunes(dst []rune, s string) []rune {
	for _, r := range s {
		dst = append(dst, r)
	}
	return dst
}

// IsUpperWord reports whether s has at least two letters, all upper-case ("NATO", "U.S.").
func IsUpperWord(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			n++
		}
	}
	return n >= 2
}

// GivenCompatible reports whether two folded given names can be the same
// person's: equal, one missing, one the initial of the other, or a
// transliteration ("dmitry"/"dmitri", "sergei"/"sergey").
func GivenCompatible(a, b string) bool {
	if a == "" || b == "" || a == b {
		return true
	}
	if (len(a) == 1 && strings.HasPrefix(b, a)) || (len(b) == 1 && strings.HasPrefix(a, b)) {
		return true
	}
	return len(a) >= 5 && len(b) >= 5 && a[0] == b[0] && EditDistance(a, b, 1) <= 1
}

// SurnameClose reports whether two folded surnames are the same name,
// allowing a small spelling difference for longer names ("moreau"/"moreaux").
func SurnameClose(a, b string) bool {
	if a == b {
		return true
	}
	n := min(len([]rune(a)), len([]rune(b)))
	switch {
	case n >= 8:
		return EditDistance(a, b, 2) <= 2
	case n >= 5:
		return EditDistance(a, b, 1) <= 1
	}
	return false
}
