package store

import (
	"slices"
	"strings"
	"unicode"
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
func searchWords(texts ...string) []string {
	seen := make(map[string]struct{}, 256)
	out := make([]string, 0, 256)
	notWord := func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }
	for _, t := range texts {
		for _, w := range strings.FieldsFunc(t, notWord) {
			w = strings.ToLower(w) // no copy when w is lower-case already
			if _, dup := seen[w]; dup || len(w) > maxLexeme {
				continue
			}
			seen[w] = struct{}{}
			out = append(out, w)
		}
	}
	return out
}

// tsvectorOf is the tsvector literal of an article's title and body (nil
// or string, as decompose lays them out): its words without positions.
// Words hold only letters and digits, so quoting needs no escapes.
func tsvectorOf(title, body any) string {
	t, _ := title.(string)
	b, _ := body.(string)
	var sb strings.Builder
	for _, w := range searchWords(t, b) {
		if sb.Len()+len(w)+3 > maxSearchBytes {
			break
		}
		if sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString("'" + w + "'")
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
