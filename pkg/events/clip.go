package events

import "unicode/utf8"

// clipMax is the most bytes of a client's text Clip keeps.
const clipMax = 64

// Clip shortens what a client sent (a name, a parameter, a path) for
// quoting it in a message: at most 64 bytes, cut at a character boundary
// and marked with "…" when it was longer.
func Clip(s string) string {
	if len(s) <= clipMax {
		return s
	}
	cut := clipMax
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
