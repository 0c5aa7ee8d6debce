package api

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/sink/store"
)

// params reads and checks a request's query parameters, collecting every
// problem so that one 400 response names them all.
type params struct {
	q    url.Values
	errs []string
}

// Bounds of a query parameter: a store never sees more than these.
const (
	// maxParamChars bounds a filter value (ids, names, dates).
	maxParamChars = 256
	// maxCursorChars bounds a cursor (the store's next_cursor is far shorter).
	maxCursorChars = 1024
	// maxTextChars and maxTextWords bound a full-text search.
	maxTextChars = 512
	maxTextWords = 32
)

// newParams reads r's query; a parameter not in allowed is an error (a
// misspelt filter should not silently return everything), so is one given
// twice (which of the two would count?) or one longer than its bound.
func newParams(r *http.Request, allowed ...string) *params {
	p := &params{q: r.URL.Query()}
	for name, vals := range p.q {
		switch {
		case !slices.Contains(allowed, name):
			p.fail("unknown parameter %q (this endpoint takes %s)", events.Clip(name), strings.Join(allowed, ", "))
		case len(vals) > 1:
			p.fail("parameter %q given %d times; give it once", name, len(vals))
		case utf8.RuneCountInString(vals[0]) > maxChars(name):
			p.fail("%s is longer than %d characters", name, maxChars(name))
		case !storable(vals[0]):
			p.fail("%s is not text: it holds a NUL byte or is not UTF-8", name)
		default:
			continue
		}
		p.q.Del(name)
	}
	slices.Sort(p.errs)
	return p
}

// maxChars is the longest value parameter name may have.
func maxChars(name string) int {
	switch name {
	case "q":
		return maxTextChars
	case "cursor":
		return maxCursorChars
	}
	return maxParamChars
}

// text returns a full-text search of at most maxTextWords words.
func (p *params) text(name string) string {
	v := p.str(name)
	if n := len(strings.Fields(v)); n > maxTextWords {
		p.fail("%s has more than %d words (%d)", name, maxTextWords, n)
		return ""
	}
	return v
}

// storable reports whether s can be compared with stored text: UTF-8
// without NUL bytes (PostgreSQL's text holds neither).
func storable(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

func (p *params) fail(format string, args ...any) {
	p.errs = append(p.errs, fmt.Sprintf(format, args...))
}

// err is nil when every parameter was fine.
func (p *params) err() error {
	if len(p.errs) == 0 {
		return nil
	}
	return fmt.Errorf("%s", strings.Join(p.errs, "; "))
}

// str returns a parameter, trimmed ("" when absent).
func (p *params) str(name string) string { return strings.TrimSpace(p.q.Get(name)) }

// match returns a parameter that must match re (described by what).
func (p *params) match(name string, re *regexp.Regexp, what string) string {
	v := p.str(name)
	if v != "" && !re.MatchString(v) {
		p.fail("%s=%q: want %s", name, events.Clip(v), what)
		return ""
	}
	return v
}

var (
	dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	rootRE = regexp.MustCompile(`^\d{2}$`)
)

// date returns a YYYY-MM-DD parameter.
func (p *params) date(name string) string {
	v := p.match(name, dateRE, "a date YYYY-MM-DD")
	if v != "" {
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			p.fail("%s=%q: not a calendar date", name, events.Clip(v))
			return ""
		}
	}
	return v
}

// time returns an RFC 3339 time or a YYYY-MM-DD date (its midnight UTC).
func (p *params) time(name string) time.Time {
	v := p.str(name)
	if v == "" {
		return time.Time{}
	}
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t.UTC()
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t
	}
	p.fail("%s=%q: want an RFC 3339 time (2025-03-12T18:00:00Z) or a date (2025-03-12)", name, events.Clip(v))
	return time.Time{}
}

// limit returns the page size, store.DefaultLimit when absent.
func (p *params) limit() int {
	v := p.str("limit")
	if v == "" {
		return store.DefaultLimit
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > store.MaxLimit {
		p.fail("limit=%q: want a whole number from 1 to %d", events.Clip(v), store.MaxLimit)
		return 0
	}
	return n
}

// oneOf returns a parameter that must be one of values.
func (p *params) oneOf(name string, values ...string) string {
	v := p.str(name)
	if v != "" && !slices.Contains(values, v) {
		p.fail("%s=%q: want one of %s", name, events.Clip(v), strings.Join(values, ", "))
		return ""
	}
	return v
}
