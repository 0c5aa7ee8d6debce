// Package text turns raw text into the parser's units: normalized paragraphs,
// the article body built from them, and the sentences inside each paragraph.
// Every offset it returns is a byte offset on a UTF-8 boundary.
package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Normalize collapses every run of white space (including no-break and other
// Unicode spaces and line breaks) into one ASCII space, drops control and
// zero-width characters, replaces invalid UTF-8 and trims both ends.
func Normalize(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size <= 1:
			r = '\uFFFD'
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case isInvisible(r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isClean reports whether s is already normalized: valid UTF-8 with single
// inner ASCII spaces, no other white space or invisible characters and no
// space at either end (the common case, checked without allocating).
func isClean(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	prevSpace := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c-'!' < 0x7f-'!' { // printable ASCII other than space: the common byte, one test
			prevSpace = false
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if (r == utf8.RuneError && size == 1) || unicode.IsSpace(r) || isInvisible(r) {
				return false
			}
			i += size - 1
			prevSpace = false
			continue
		}
		if c == ' ' {
			if prevSpace {
				return false
			}
			prevSpace = true
			continue
		}
		prevSpace = false
		if c < 0x20 || c == 0x7f {
			return false
		}
	}
	return true
}

// isInvisible reports control characters and zero-width format characters.
func isInvisible(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad':
		return true
	}
	return unicode.IsControl(r)
}
