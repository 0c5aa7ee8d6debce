package meta

import (
	"strconv"
	"strings"
	"time"
)

// maxDateLineLen bounds a date line.
const maxDateLineLen = 90

// DateKind says what a date line dates.
type DateKind uint8

const (
	// NotDate: the paragraph is not a date line.
	NotDate DateKind = iota
	// PublishedDate: "Published: …", "First published on …" or a bare date.
	PublishedDate
	// UpdatedDate: "Updated: …", "Last modified on …".
	UpdatedDate
)

// datePrefixes introduce a date line, longest first (lower case). Read-only.
var datePrefixes = []struct {
	text string
	kind DateKind
}{
	{"first published on", PublishedDate}, {"first published", PublishedDate},
	{"last modified on", UpdatedDate}, {"last modified", UpdatedDate},
	{"last updated on", UpdatedDate}, {"last updated", UpdatedDate},
	{"published on", PublishedDate}, {"published", PublishedDate},
	{"updated on", UpdatedDate}, {"updated", UpdatedDate},
	{"posted on", PublishedDate}, {"posted", PublishedDate},
	{"dated", PublishedDate}, {"date", PublishedDate},
}

// DateLine reads a paragraph that is only a date statement, such as
// "Published: 12 March 2025", "Wed 12 Mar 2025 18.05 GMT" or "Updated
// March 12, 2025 at 6:05 pm EST", returning the instant in UTC and its kind.
func DateLine(p string) (time.Time, DateKind) {
	if len(p) > maxDateLineLen || len(p) < 8 {
		return time.Time{}, NotDate
	}
	kind := PublishedDate
	lower := strings.ToLower(p)
	for _, pre := range datePrefixes {
		if strings.HasPrefix(lower, pre.text) {
			p = strings.TrimLeft(p[len(pre.text):], " :-–—")
			kind = pre.kind
			break
		}
	}
	t, ok := ParseDate(p)
	if !ok {
		return time.Time{}, NotDate
	}
	return t, kind
}

// ParseDate parses a date as found in metadata or text: RFC 3339, ISO 8601
// dates, "12 March 2025", "March 12, 2025", "Wed 12 Mar 2025 18.05 GMT",
// "12 March 2025, 6:05pm". Every word must belong to the date. The result is
// in UTC (a date without a zone is taken as UTC).
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	if t, ok := parseISO(s); ok {
		return t, true
	}
	return parseWords(s)
}

// isoLayouts are tried in order. Read-only.
var isoLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02T15:04Z07:00",
	"2006-01-02T15:04", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05 MST", "2006-01-02 15:04:05", "2006-01-02 15:04",
	"2006-01-02", time.RFC1123Z, time.RFC1123, time.RFC850, time.RFC822Z, time.RFC822,
	"Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST",
}

func parseISO(s string) (time.Time, bool) {
	if len(s) < 10 {
		return time.Time{}, false
	}
	for _, l := range isoLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// dateParts collects the fields of a date written in words.
type dateParts struct {
	day, month, year    int
	hour, minute, sec   int
	hasTime, pm, am     bool
	offset              int // seconds east of UTC
	hasZone, hasWeekday bool
}

func parseWords(s string) (time.Time, bool) {
	var d dateParts
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '|' })
	if len(fields) < 2 || len(fields) > 9 {
		return time.Time{}, false
	}
	for _, f := range fields {
		if !d.take(f) {
			return time.Time{}, false
		}
	}
	if d.day == 0 || d.month == 0 || d.year == 0 {
		return time.Time{}, false
	}
	if d.pm && d.hour < 12 {
		d.hour += 12
	}
	if d.am && d.hour == 12 {
		d.hour = 0
	}
	if d.hour > 23 || d.minute > 59 || d.sec > 59 {
		return time.Time{}, false
	}
	t := time.Date(d.year, time.Month(d.month), d.day, d.hour, d.minute, d.sec, 0, time.FixedZone("", d.offset))
	if t.Day() != d.day { // 31 February
		return time.Time{}, false
	}
	return t.UTC(), true
}

// take consumes one word of a date; false when the word cannot belong to one.
func (d *dateParts) take(f string) bool {
	lower := strings.ToLower(strings.TrimSuffix(f, "."))
	switch lower {
	case "at", "on", "the", "of", "-", "–", "—", "·", "•":
		return true
	case "am", "a.m":
		d.am = true
		return d.hasTime
	case "pm", "p.m":
		d.pm = true
		return d.hasTime
	}
	if m, ok := monthByName[lower]; ok && d.month == 0 {
		d.month = m
		return true
	}
	if weekdays[lower] && !d.hasWeekday {
		d.hasWeekday = true
		return true
	}
	if off, ok := zones[strings.ToUpper(lower)]; ok && !d.hasZone {
		d.offset, d.hasZone = off, true
		return true
	}
	if off, ok := numericZone(f); ok && !d.hasZone {
		d.offset, d.hasZone = off, true
		return true
	}
	if d.takeTime(lower) {
		return true
	}
	return d.takeNumber(lower)
}

// takeNumber takes a day ("12", "12th") or a year ("2025").
func (d *dateParts) takeNumber(f string) bool {
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if strings.HasSuffix(f, suf) && len(f) > len(suf) {
			f = f[:len(f)-len(suf)]
			break
		}
	}
	n, err := strconv.Atoi(f)
	if err != nil || n < 0 {
		return false
	}
	switch {
	case len(f) == 4 && n >= 1900 && n <= 2100 && d.year == 0:
		d.year = n
	case len(f) <= 2 && n >= 1 && n <= 31 && d.day == 0:
		d.day = n
	default:
		return false
	}
	return true
}

// takeTime takes "18.05", "18:05", "18:05:33", "6.05pm", "6pm", "6:05am".
func (d *dateParts) takeTime(f string) bool {
	if d.hasTime {
		return false
	}
	switch {
	case strings.HasSuffix(f, "pm"):
		d.pm = true
		f = strings.TrimSuffix(f, "pm")
	case strings.HasSuffix(f, "am"):
		d.am = true
		f = strings.TrimSuffix(f, "am")
	}
	sep := strings.IndexAny(f, ":.")
	if sep < 0 {
		if (d.pm || d.am) && f != "" {
			h, err := strconv.Atoi(f)
			if err != nil || h < 1 || h > 12 {
				return false
			}
			d.hour, d.hasTime = h, true
			return true
		}
		d.pm, d.am = false, false
		return false
	}
	parts := strings.FieldsFunc(f, func(r rune) bool { return r == ':' || r == '.' })
	if len(parts) < 2 || len(parts) > 3 || len(parts[1]) != 2 {
		return false
	}
	vals := make([]int, len(parts))
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || len(p) > 2 {
			return false
		}
		vals[i] = v
	}
	d.hour, d.minute = vals[0], vals[1]
	if len(vals) == 3 {
		d.sec = vals[2]
	}
	d.hasTime = true
	return true
}

// numericZone reads "+0000", "+01:00", "-0500".
func numericZone(f string) (int, bool) {
	if len(f) < 5 || (f[0] != '+' && f[0] != '-') {
		return 0, false
	}
	digits := strings.ReplaceAll(f[1:], ":", "")
	if len(digits) != 4 {
		return 0, false
	}
	n, err := strconv.Atoi(digits)
	if err != nil {
		return 0, false
	}
	off := (n/100)*3600 + (n%100)*60
	if f[0] == '-' {
		off = -off
	}
	return off, true
}
