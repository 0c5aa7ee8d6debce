package meta

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxDatelineLen bounds the dateline at the head of a lead paragraph.
const maxDatelineLen = 80

// dashes that end a dateline. Read-only.
var datelineDashes = []string{" - ", " -- ", " – ", " — ", " —", "— ", "–"}

// Dateline splits a dateline off the lead paragraph p: "LONDON (Reuters) -
// Text" gives ("LONDON (Reuters)", "Text", true); "PARIS, March 3 — Text"
// gives ("PARIS, March 3", "Text", true). A dateline is a place in capitals,
// or a capitalized place followed by a date or an agency, then a dash.
func Dateline(p string) (dateline, rest string, ok bool) {
	head := p
	if len(head) > maxDatelineLen+4 {
		head = head[:maxDatelineLen+4]
	}
	cut, after := -1, -1
	for _, d := range datelineDashes {
		if i := strings.Index(head, d); i > 0 && (cut < 0 || i < cut) {
			cut, after = i, i+len(d)
		}
	}
	if cut < 0 || cut > maxDatelineLen {
		return "", p, false
	}
	dl := strings.TrimSpace(p[:cut])
	body := strings.TrimSpace(p[after:])
	if body == "" || !validDateline(dl) {
		return "", p, false
	}
	return dl, body, true
}

// validDateline checks the text before the dash.
func validDateline(dl string) bool {
	place, qualifier := dl, ""
	if i := strings.IndexAny(dl, ",("); i > 0 {
		place, qualifier = strings.TrimSpace(dl[:i]), strings.TrimSpace(dl[i:])
	}
	if place == "" || len(strings.Fields(place)) > 4 {
		return false
	}
	if kickers[strings.ToUpper(place)] {
		return false
	}
	upper := isUpperPlace(place)
	if !upper && !isCapitalizedPlace(place) {
		return false
	}
	if qualifier == "" {
		return upper
	}
	if strings.HasPrefix(qualifier, "(") {
		return strings.HasSuffix(qualifier, ")") && len(qualifier) < 30
	}
	// ", March 3", ", Ukraine", ", March 3 (Reuters)"
	q := strings.TrimSpace(strings.TrimPrefix(qualifier, ","))
	if i := strings.IndexByte(q, '('); i >= 0 {
		if !strings.HasSuffix(q, ")") {
			return false
		}
		q = strings.TrimSpace(q[:i])
	}
	if monthAt(q) {
		return true
	}
	return upper && (isUpperPlace(q) || isCapitalizedPlace(q))
}

// isUpperPlace reports a place written in capitals: "LONDON", "NEW YORK".
func isUpperPlace(s string) bool {
	letters := 0
	for _, r := range s {
		switch {
		case unicode.IsLetter(r):
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		case r == ' ' || r == '.' || r == '-' || r == '\'' || r == '’':
		default:
			return false
		}
	}
	return letters >= 2
}

// isCapitalizedPlace reports capitalized words: "Paris", "Rio de Janeiro".
func isCapitalizedPlace(s string) bool {
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > 4 {
		return false
	}
	for i, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && (i == 0 || (w != "de" && w != "la" && w != "do" && w != "of")) {
			return false
		}
		for _, c := range w {
			if !unicode.IsLetter(c) && c != '-' && c != '.' && c != '\'' {
				return false
			}
		}
	}
	return true
}

// monthAt reports that s starts with a month name and a day: "March 3".
func monthAt(s string) bool {
	f := strings.Fields(s)
	if len(f) < 2 {
		return false
	}
	if _, ok := monthByName[strings.ToLower(strings.TrimSuffix(f[0], "."))]; !ok {
		return false
	}
	d := strings.TrimRight(f[1], ",")
	return d != "" && d[0] >= '0' && d[0] <= '9'
}

// kickers are capitalized labels that open a lead like a dateline but name
// no place. Read-only.
var kickers = map[string]bool{
	"BREAKING": true, "BREAKING NEWS": true, "UPDATE": true, "UPDATED": true, "EXCLUSIVE": true,
	"WATCH": true, "LIVE": true, "ANALYSIS": true, "OPINION": true, "COMMENT": true, "EDITORIAL": true,
	"REVIEW": true, "VIDEO": true, "PHOTOS": true, "FACT CHECK": true, "EXPLAINER": true, "NOTE": true,
}
