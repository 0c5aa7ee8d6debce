package meta

import (
	"testing"
	"time"
)

func TestByline(t *testing.T) {
	cases := []struct {
		line, want string
		ok         bool
	}{
		{"By Jane Doe", "Jane Doe", true},
		{"By Jane Doe, Political Editor", "Jane Doe", true},
		{"By Jane Doe and John Roe", "Jane Doe and John Roe", true},
		{"BY JANE DOE in Paris", "JANE DOE", true},
		{"By Anne-Marie O’Neill | Published 3 May", "Anne-Marie O’Neill", true},
		{"By Ursula von der Leyen", "Ursula von der Leyen", true},
		{"By the end of the week the council had agreed.", "", false},
		{"By 2030 the town will need new schools", "", false},
		{"Byline", "", false},
		{"Written by Jane Doe", "", false},
	}
	for _, c := range cases {
		got, ok := Byline(c.line)
		if got != c.want || ok != c.ok {
			t.Errorf("Byline(%q) = %q, %v; want %q, %v", c.line, got, ok, c.want, c.ok)
		}
	}
}

func TestDateline(t *testing.T) {
	cases := []struct {
		p, dateline, rest string
		ok                bool
	}{
		{"LONDON (Reuters) - Ministers met on Monday.", "LONDON (Reuters)", "Ministers met on Monday.", true},
		{"PARIS, March 3 — The talks resumed.", "PARIS, March 3", "The talks resumed.", true},
		{"Paris, March 3 — The talks resumed.", "Paris, March 3", "The talks resumed.", true},
		{"NEW YORK, March 3 (Reuters) - Shares fell.", "NEW YORK, March 3 (Reuters)", "Shares fell.", true},
		{"WASHINGTON — The Senate voted.", "WASHINGTON", "The Senate voted.", true},
		{"KYIV, Ukraine — Sirens sounded.", "KYIV, Ukraine", "Sirens sounded.", true},
		{"Berlin (dpa) - Die Regierung tagte.", "Berlin (dpa)", "Die Regierung tagte.", true},
		{"The minister – who spoke in Paris – said no.", "", "The minister – who spoke in Paris – said no.", false},
		{"Paris - the city of light - was quiet.", "", "Paris - the city of light - was quiet.", false},
		{"Mr Hartley said the UK - and France - would lead.", "", "Mr Hartley said the UK - and France - would lead.", false},
		{"– US envoy Sam Keller is expected to travel.", "", "– US envoy Sam Keller is expected to travel.", false},
		{"BREAKING - Ministers resign.", "", "BREAKING - Ministers resign.", false},
	}
	for _, c := range cases {
		dl, rest, ok := Dateline(c.p)
		if dl != c.dateline || rest != c.rest || ok != c.ok {
			t.Errorf("Dateline(%q) = %q, %q, %v; want %q, %q, %v", c.p, dl, rest, ok, c.dateline, c.rest, c.ok)
		}
	}
}

func TestDateLine(t *testing.T) {
	utc := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, time.UTC) }
	cases := []struct {
		line string
		want time.Time
		kind DateKind
	}{
		{"Published: 12 March 2025", utc(2025, 3, 12, 0, 0), PublishedDate},
		{"Wed 12 Mar 2025 18.05 GMT", utc(2025, 3, 12, 18, 5), PublishedDate},
		{"First published on Wed 12 Mar 2025 18.05 GMT", utc(2025, 3, 12, 18, 5), PublishedDate},
		{"Last modified on Thu 13 Mar 2025 10.30 GMT", utc(2025, 3, 13, 10, 30), UpdatedDate},
		{"Updated: March 12, 2025 at 6:05 pm EST", utc(2025, 3, 12, 23, 5), UpdatedDate},
		{"12 March 2025, 6.05pm BST", utc(2025, 3, 12, 17, 5), PublishedDate},
		{"Posted on 3rd June 2024", utc(2024, 6, 3, 0, 0), PublishedDate},
		{"Published 2025-03-12T18:05:00+01:00", utc(2025, 3, 12, 17, 5), PublishedDate},
		{"Monday 3 February 2025 07:00 +0100", utc(2025, 2, 3, 6, 0), PublishedDate},
		{"The meeting on 12 March 2025 was cancelled.", time.Time{}, NotDate},
		{"March 2025", time.Time{}, NotDate},
		{"31 February 2025", time.Time{}, NotDate},
		{"Published: tomorrow", time.Time{}, NotDate},
		{"May 5", time.Time{}, NotDate},
	}
	for _, c := range cases {
		got, kind := DateLine(c.line)
		if kind != c.kind || !got.Equal(c.want) {
			t.Errorf("DateLine(%q) = %v, %v; want %v, %v", c.line, got, kind, c.want, c.kind)
		}
	}
}

func TestParseDate(t *testing.T) {
	cases := map[string]time.Time{
		"2025-02-18T09:30:00Z":            time.Date(2025, 2, 18, 9, 30, 0, 0, time.UTC),
		"2025-02-18":                      time.Date(2025, 2, 18, 0, 0, 0, 0, time.UTC),
		"Tue, 18 Feb 2025 09:30:00 +0000": time.Date(2025, 2, 18, 9, 30, 0, 0, time.UTC),
		"February 18, 2025":               time.Date(2025, 2, 18, 0, 0, 0, 0, time.UTC),
	}
	for in, want := range cases {
		got, ok := ParseDate(in)
		if !ok || !got.Equal(want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	if _, ok := ParseDate("not a date"); ok {
		t.Error("ParseDate accepted prose")
	}
}

func TestCleanByline(t *testing.T) {
	cases := map[string]string{
		"Jeffrey Gettleman; JEFFREY GETTLEMAN": "Jeffrey Gettleman",
		"By Corey Kilgannon":                   "Corey Kilgannon",
		"Ann Lee | Bo Chan":                    "Ann Lee and Bo Chan",
		"  ":                                   "",
	}
	for in, want := range cases {
		if got := CleanByline(in); got != want {
			t.Errorf("CleanByline(%q) = %q, want %q", in, got, want)
		}
	}
}
