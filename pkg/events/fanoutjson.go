package events

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"unicode/utf8"
)

// The fan-out messages' JSON, written by hand: the same bytes as
// encoding/json's Marshal (TestFanoutJSONIsEncodingJSON compares them on
// every field), without reflection, appended to one buffer, and with the
// article reference that every message of an article repeats encoded once.
// The enricher encodes some twenty messages per article; encoding/json
// spent about 13,000 instructions on each.

// AppendJSON appends r's JSON to b.
func (r *ArticleRef) AppendJSON(b []byte) ([]byte, error) {
	b = appendString(b, '{', "id", r.ID)
	b = appendNonEmpty(b, "title", r.Title)
	b = appendString(b, ',', "source", r.Source)
	b = appendNonEmpty(b, "source_url", r.SourceURL)
	if r.Published != nil {
		b = appendKey(b, ',', "published")
		t, err := r.Published.MarshalJSON()
		if err != nil {
			return b, fmt.Errorf("article %s: published: %w", r.ID, err)
		}
		b = append(b, t...)
	}
	return append(b, '}'), nil
}

// articleJSON is article when it is not nil (the caller's encoding of ref,
// shared by an article's messages), else ref's encoding.
func articleJSON(ref *ArticleRef, article []byte) ([]byte, error) {
	if article != nil {
		return article, nil
	}
	return ref.AppendJSON(nil)
}

// AppendJSON appends m's JSON to b. article is the JSON of m.Article
// (ArticleRef.AppendJSON, shared by the messages of an article), or nil to
// encode it here.
func (m *EventMessage) AppendJSON(b, article []byte) ([]byte, error) {
	b, art, err := appendOpen(b, article, &m.Article, m.SchemaVersion, m.ID, m.Index)
	if err != nil {
		return b, err
	}
	b = appendString(b, ',', "code", m.Code)
	b = appendString(b, ',', "root_code", m.RootCode)
	b = appendNonEmpty(b, "label", m.Label)
	if m.QuadClass != 0 {
		b = appendKey(b, ',', "quad_class")
		b = strconv.AppendInt(b, int64(m.QuadClass), 10)
	}
	b = appendKey(b, ',', "goldstein")
	if b, err = appendJSONFloat(b, m.Goldstein); err != nil {
		return b, fmt.Errorf("event %s: goldstein: %w", m.ID, err)
	}
	b = appendKey(b, ',', "actors")
	b = appendParticipants(b, m.Actors)
	if len(m.Targets) > 0 {
		b = appendKey(b, ',', "targets")
		b = appendParticipants(b, m.Targets)
	}
	if m.Location != nil {
		b = appendKey(b, ',', "location")
		b = m.Location.appendJSON(b)
	}
	if m.Time != nil {
		b = appendKey(b, ',', "time")
		b = appendString(b, '{', "text", m.Time.Text)
		b = appendNonEmpty(b, "date", m.Time.Date)
		b = append(b, '}')
	}
	if m.Future {
		b = appendKey(b, ',', "future")
		b = append(b, "true"...)
	}
	b = appendKey(b, ',', "evidence")
	b = appendString(b, '{', "text", m.Evidence.Text)
	b = appendSpan(b, m.Evidence.Start, m.Evidence.End)
	b = append(b, '}')
	return appendArticle(b, art), nil
}

// AppendJSON appends m's JSON to b; article as for EventMessage.AppendJSON.
func (m *EntityMessage) AppendJSON(b, article []byte) ([]byte, error) {
	b, art, err := appendOpen(b, article, &m.Article, m.SchemaVersion, m.ID, m.Index)
	if err != nil {
		return b, err
	}
	e := &m.Entity
	b = appendKey(b, ',', "entity")
	b = appendString(b, '{', "id", e.ID)
	b = appendString(b, ',', "type", e.Type)
	b = appendString(b, ',', "name", e.Name)
	if len(e.Aliases) > 0 {
		b = appendKey(b, ',', "aliases")
		for i, a := range e.Aliases {
			if i == 0 {
				b = append(b, '[')
			} else {
				b = append(b, ',')
			}
			b = appendJSONString(b, a)
		}
		b = append(b, ']')
	}
	b = appendKey(b, ',', "mentions")
	if e.Mentions == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, mn := range e.Mentions {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, '{', "text", mn.Text)
			b = appendSpan(b, mn.Start, mn.End)
			b = appendNonEmpty(b, "kind", mn.Kind)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, '}')
	b = appendKey(b, ',', "first_seen")
	b = strconv.AppendBool(b, m.FirstSeen)
	return appendArticle(b, art), nil
}

// AppendJSON appends m's JSON to b; article as for EventMessage.AppendJSON.
func (m *QuoteMessage) AppendJSON(b, article []byte) ([]byte, error) {
	b, art, err := appendOpen(b, article, &m.Article, m.SchemaVersion, m.ID, m.Index)
	if err != nil {
		return b, err
	}
	b = appendString(b, ',', "text", m.Text)
	b = appendSpan(b, m.Start, m.End)
	if m.Speaker != nil {
		b = appendKey(b, ',', "speaker")
		b = m.Speaker.appendJSON(b)
	}
	b = appendNonEmpty(b, "cue", m.Cue)
	if m.Partial {
		b = appendKey(b, ',', "partial")
		b = append(b, "true"...)
	}
	return appendArticle(b, art), nil
}

// appendOpen opens a message's object with its schema version, id and
// index, and returns the article's JSON for appendArticle: article, or ref
// encoded here when article is nil.
func appendOpen(b, article []byte, ref *ArticleRef, version int, id string, index int) ([]byte, []byte, error) {
	art, err := articleJSON(ref, article)
	if err != nil {
		return b, nil, err
	}
	return appendHead(b, version, id, index), art, nil
}

// appendHead appends the opening of a message's object: its schema
// version, id and index.
func appendHead(b []byte, version int, id string, index int) []byte {
	b = appendKey(b, '{', "schema_version")
	b = strconv.AppendInt(b, int64(version), 10)
	b = appendString(b, ',', "id", id)
	b = appendKey(b, ',', "index")
	return strconv.AppendInt(b, int64(index), 10)
}

// appendSpan appends the start and end members.
func appendSpan(b []byte, start, end int) []byte {
	b = appendKey(b, ',', "start")
	b = strconv.AppendInt(b, int64(start), 10)
	b = appendKey(b, ',', "end")
	return strconv.AppendInt(b, int64(end), 10)
}

// appendArticle closes a message's object with its article member.
func appendArticle(b, article []byte) []byte {
	b = appendKey(b, ',', "article")
	b = append(b, article...)
	return append(b, '}')
}

// appendString appends the member key (after sep) with the string value v.
func appendString(b []byte, sep byte, key, v string) []byte {
	return appendJSONString(appendKey(b, sep, key), v)
}

// appendNonEmpty appends the member key with v unless v is empty (a string
// field tagged omitempty).
func appendNonEmpty(b []byte, key, v string) []byte {
	if v == "" {
		return b
	}
	return appendString(b, ',', key, v)
}

// appendKey appends sep (',' or '{') and the member name key, which needs
// no escaping.
func appendKey(b []byte, sep byte, key string) []byte {
	b = append(b, sep, '"')
	b = append(b, key...)
	return append(b, '"', ':')
}

func (p *Participant) appendJSON(b []byte) []byte {
	sep := byte('{')
	if p.ID != "" {
		b = appendKey(b, sep, "id")
		b = appendJSONString(b, p.ID)
		sep = ','
	}
	b = appendKey(b, sep, "name")
	b = appendJSONString(b, p.Name)
	b = appendNonEmpty(b, "type", p.Type)
	return append(b, '}')
}

// appendParticipants appends ps as a JSON array (null when nil).
func appendParticipants(b []byte, ps []Participant) []byte {
	if ps == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range ps {
		if i > 0 {
			b = append(b, ',')
		}
		b = ps[i].appendJSON(b)
	}
	return append(b, ']')
}

var errNotFinite = errors.New("not a finite number")

// appendJSONFloat appends f as encoding/json writes a float64: the
// shortest decimal that reads back as f, in exponent form (e-7, e+21) only
// below 1e-6 or from 1e21 on.
func appendJSONFloat(b []byte, f float64) ([]byte, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return b, fmt.Errorf("%v: %w", f, errNotFinite)
	}
	format := byte('f')
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if n := len(b); format == 'e' && n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
		// e-07 → e-7
		b[n-2] = b[n-1]
		b = b[:n-1]
	}
	return b, nil
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string the way encoding/json does:
// quotes, backslashes and control characters escaped (\n, \r, \t, \b, \f
// by name), also <, > and & (as \u003c and so on), invalid UTF-8 as
// \ufffd, and the line and paragraph separators U+2028 and U+2029.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	done := 0 // s[:done] is in b
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= ' ' && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[done:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			done = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[done:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[done:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		done = i
	}
	b = append(b, s[done:]...)
	return append(b, '"')
}
