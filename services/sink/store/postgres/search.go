package postgres

import (
	"strings"

	"github.com/tidings-news/tidings/services/sink/store/sqlstore"
)

// maxSearchBytes bounds the tsvector of one article, well under
// PostgreSQL's 1 MB limit; words past it are not indexed.
const maxSearchBytes = 512 << 10

// tsvectorOf is the tsvector literal of an article's title and body (nil
// or string, as sqlstore.Decompose lays them out): its words without positions.
// Words hold only letters and digits, so quoting needs no escapes.
func tsvectorOf(title, body any) string {
	t, _ := title.(string)
	b, _ := body.(string)
	words := sqlstore.SearchWords(t, b)
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
	words := sqlstore.SearchWords(q)
	if len(words) == 0 {
		return "'-'" // no indexed word is "-"
	}
	for i, w := range words {
		words[i] = "'" + w + "'"
	}
	return strings.Join(words, " & ")
}
