package store

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Positions of the indexed columns in articleCols.
var (
	titleCol = slices.Index(articleCols, "title")
	bodyCol  = slices.Index(articleCols, "body")
)

// PostgreSQL's full-text index holds the words of each article as the
// writer computes them, and a search is turned into a tsquery by the same
// rules, so the two always agree: a word is a run of letters and digits,
// lower-cased. (SQLite's FTS5 index tokenizes alike, and also folds
// diacritics.)

// maxLexeme is the longest word PostgreSQL keeps in a tsvector (bytes).
const maxLexeme = 2046

// maxSearchBytes bounds the tsvector of one article, well under
// PostgreSQL's 1 MB limit; words past it are not indexed.
const maxSearchBytes = 512 << 10

// searchWords returns the distinct words of texts, in order of appearance.
// It runs on every article stored in PostgreSQL, so it scans bytes and
// allocates only the words it keeps (lower-cased ASCII in place).
func searchWords(texts ...string) []string {
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

// tsvectorOf is the tsvector literal of an article's title and body (nil
// or string, as decompose lays them out): its words without positions.
// Words hold only letters and digits, so quoting needs no escapes.
func tsvectorOf(title, body any) string {
	t, _ := title.(string)
	b, _ := body.(string)
	words := searchWords(t, b)
	n := 0
	for _, w := range words {
		n += len(w) + 3
	}
	var sb strings.Builder
	sb.Grow(min(n, maxSearchBytes))
	for _, w := range words {
		if sb.Len()+len(w)+3 > maxSearchBytes {
			break
		}
		if sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteByte('\'')
		sb.WriteString(w)
		sb.WriteByte('\'')
	}
	return sb.String()
}

// tsqueryOf turns free text into a tsquery requiring all of its words; text
// without words gives a query that matches nothing.
func tsqueryOf(q string) string {
	words := searchWords(q)
	if len(words) == 0 {
		return "'-'" // no indexed word is "-"
	}
	for i, w := range words {
		words[i] = "'" + w + "'"
	}
	return strings.Join(words, " & ")
}
