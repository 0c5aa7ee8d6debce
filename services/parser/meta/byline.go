// Package meta reads article metadata from lines of text: bylines ("By Jane
// Doe"), datelines ("LONDON (Reuters) -") and publication dates ("Published:
// 12 March 2025", "Wed 12 Mar 2025 18.05 GMT").
package meta

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxBylineLen bounds a byline line.
const maxBylineLen = 120

// Byline reads a byline paragraph such as "By Jane Doe", "By Jane Doe and
// John Roe, Political Editor" or "By JANE DOE in Paris", returning the names
// ("Jane Doe and John Roe") and ok.
func Byline(p string) (string, bool) {
	if len(p) > maxBylineLen || len(p) < 5 {
		return "", false
	}
	var rest string
	switch {
	case strings.HasPrefix(p, "By "), strings.HasPrefix(p, "BY "), strings.HasPrefix(p, "by "):
		rest = p[3:]
	case strings.HasPrefix(p, "Words by "):
		rest = p[len("Words by "):]
	default:
		return "", false
	}
	// The names end at a comma, a pipe, a dash or " in " (a place).
	end := len(rest)
	for _, sep := range []string{",", " | ", " - ", " – ", " — ", " in ", " for ", "\u00a0"} {
		if i := strings.Index(rest, sep); i >= 0 && i < end {
			end = i
		}
	}
	names := strings.TrimSpace(rest[:end])
	if !looksLikeNames(names) {
		return "", false
	}
	return names, true
}

// looksLikeNames reports one to six capitalized words, "and" allowed between
// names, with no sentence punctuation.
func looksLikeNames(s string) bool {
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > 8 {
		return false
	}
	capital := 0
	for _, w := range words {
		switch strings.ToLower(w) {
		case "and", "&", "de", "van", "von", "der", "la", "le", "du", "da", "di", "bin", "al":
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return false
		}
		for _, c := range w {
			if !unicode.IsLetter(c) && c != '.' && c != '-' && c != '\'' && c != '’' {
				return false
			}
		}
		capital++
	}
	return capital >= 1 && !strings.HasSuffix(s, ".") || capital >= 2
}

// CleanByline tidies a byline from page metadata: a leading "By" dropped,
// names separated by ";" or "|" deduplicated regardless of case and joined
// with " and ".
func CleanByline(s string) string {
	s = strings.TrimSpace(s)
	for _, pre := range []string{"By ", "BY ", "by "} {
		s = strings.TrimPrefix(s, pre)
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '|' })
	var out []string
	seen := map[string]bool{}
	for _, p := range parts {
		p = strings.TrimSpace(p)
		key := strings.ToLower(p)
		if p == "" || seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, p)
	}
	return strings.Join(out, " and ")
}
