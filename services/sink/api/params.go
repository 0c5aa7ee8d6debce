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

	"github.com/tidings-news/tidings/services/sink/store"
)

// params reads and checks a request's query parameters, collecting every
// problem so that one 400 response names them all.
type params struct {
	q    url.Values
	errs []string
}

// newParams reads r's query; a parameter not in allowed is an error (a
// misspelt filter should not silently return everything).
func newParams(r *http.Request, allowed ...string) *params {
	p := &params{q: r.URL.Query()}
	for name := range p.q {
		if !slices.Contains(allowed, name) {
			p.fail("unknown parameter %q (this endpoint takes %s)", name, strings.Join(allowed, ", "))
		}
	}
	slices.Sort(p.errs)
	return p
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
		p.fail("%s=%q: want %s", name, v, what)
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
			p.fail("%s=%q: not a calendar date", name, v)
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
	p.fail("%s=%q: want an RFC 3339 time (2025-03-12T18:00:00Z) or a date (2025-03-12)", name, v)
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
		p.fail("limit=%q: want a whole number from 1 to %d", v, store.MaxLimit)
		return 0
	}
	return n
}

// oneOf returns a parameter that must be one of values.
func (p *params) oneOf(name string, values ...string) string {
	v := p.str(name)
	if v != "" && !slices.Contains(values, v) {
		p.fail("%s=%q: want one of %s", name, v, strings.Join(values, ", "))
		return ""
	}
	return v
}
