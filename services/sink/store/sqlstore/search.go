package sqlstore

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Positions of the indexed columns, and of the stored record, in ArticleCols.
var (
	TitleCol  = slices.Index(ArticleCols, "title")
	BodyCol   = slices.Index(ArticleCols, "body")
	RecordCol = slices.Index(ArticleCols, "record")
)

// PostgreSQL's full-text index holds the words of each article as the
// writer computes them, and a search is turned into a tsquery by the same
// rules, so the two always agree: a word is a run of letters and digits,
// lower-cased. (SQLite's FTS5 index tokenizes alike, and also folds
// diacritics.)

// maxLexeme is the longest word PostgreSQL keeps in a tsvector (bytes).
const maxLexeme = 2046

// SearchWords returns the distinct words of texts, in order of appearance.
// It runs on every article stored in PostgreSQL, so it scans bytes and
// allocates only the words it keeps (lower-cased ASCII in place).
func SearchWords(texts ...string) []string {
	seen := make(map[string]struct{}, 256)
	out := make([]string, 0, 256)
	var lower []byte
	for _, t := range texts {
		for i := 0; i < len(t); {
			start, ascii, upper := -1, true, false
			for i < len(t) {
				c, size := rune(t[i]), 1
				if c >= utf8.RuneSelf {
					c, size = utf8.DecodeRuneInString(t[i:])
				}
				if !isWordRune(c) {
					if start >= 0 {
						break
					}
					i += size
					continue
				}
				if start < 0 {
					start = i
				}
				ascii = ascii && c < utf8.RuneSelf
				upper = upper || 'A' <= c && c <= 'Z'
				i += size
			}
			if start < 0 {
				break
			}
			w := t[start:i]
			if len(w) > maxLexeme {
				continue
			}
			switch {
			case !ascii:
				w = strings.ToLower(w)
			case upper:
				lower = append(lower[:0], w...)
				for j, c := range lower {
					if 'A' <= c && c <= 'Z' {
						lower[j] = c + 'a' - 'A'
					}
				}
				if _, dup := seen[string(lower)]; dup { // no allocation for the lookup
					continue
				}
				w = string(lower)
			}
			if _, dup := seen[w]; dup || len(w) > maxLexeme {
				continue
			}
			seen[w] = struct{}{}
			out = append(out, w)
		}
	}
	return out
}

// isWordRune reports whether r belongs to a word: a letter or a digit.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}
