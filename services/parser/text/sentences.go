package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tidings-news/tidings/pkg/events"
)

// Sentences splits one normalized paragraph (single spaces, no line breaks)
// into sentences and returns their byte spans in p, trimmed. It respects
// abbreviations (Mr., Dr., U.S., St.), initials, decimals, ellipses inside a
// sentence, and quotes or brackets that close after the final punctuation.
func Sentences(p string) []events.Span { return appendSentences(nil, p) }

// appendSentences is Sentences in out's storage (out is emptied first).
func appendSentences(out []events.Span, p string) []events.Span {
	out = out[:0]
	start := skipSpaces(p, 0)
	for i := start; i < len(p); {
		c := p[i]
		if !mayStop[c] {
			i++
			continue
		}
		term := c == '.' || c == '!' || c == '?'
		if !term && c == 0xE2 && strings.HasPrefix(p[i:], "…") {
			term = true
		}
		if !term && c >= 0xE3 {
			if end, ok := fullWidthStop(p, i); ok {
				if next := skipSpaces(p, end); next < len(p) {
					out = append(out, events.Span{Start: start, End: end})
					start = next
				}
				i = end
				continue
			}
		}
		if !term {
			i++
			continue
		}
		end, next, ok := boundary(p, start, i)
		if ok {
			out = append(out, events.Span{Start: start, End: end})
			start = next
			i = next
			continue
		}
		if end > i {
			i = end
		} else {
			i++
		}
	}
	if end := trimRight(p, len(p)); start < end {
		out = append(out, events.Span{Start: start, End: end})
	}
	return mergeBare(p, out)
}

// mayStop marks the bytes that may begin a sentence's end: full stop,
// exclamation and question marks, and the lead bytes of "…" (0xE2) and of
// the full-width stops (0xE3 and above); Sentences steps over any other.
var mayStop = func() (t [256]bool) {
	t['.'], t['!'], t['?'] = true, true, true
	for c := 0xE2; c < len(t); c++ {
		t[c] = true
	}
	return t
}()

// mergeBare joins a sentence without any letter or digit (a lone "…") to
// the sentence before it.
func mergeBare(p string, spans []events.Span) []events.Span {
	out := spans[:0]
	for _, s := range spans {
		if len(out) > 0 && !hasWordRune(p[s.Start:s.End]) {
			out[len(out)-1].End = s.End
			continue
		}
		out = append(out, s)
	}
	return out
}

func hasWordRune(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// boundary decides whether the terminator at i (inside the sentence that
// began at start) ends the sentence. It returns the sentence's end, where the
// next begins, and ok; when !ok, end is where scanning may resume.
func boundary(p string, start, i int) (end, next int, ok bool) {
	j := i
	dots, other := 0, 0
	for j < len(p) {
		switch {
		case p[j] == '.':
			dots++
			j++
		case p[j] == '!' || p[j] == '?':
			other++
			j++
		case strings.HasPrefix(p[j:], "…"):
			other++
			j += len("…")
		default:
			goto closers
		}
	}
closers:
	closed := false
	for j < len(p) {
		r, size := utf8.DecodeRuneInString(p[j:])
		if !isCloser(r) {
			break
		}
		closed = true
		j += size
	}
	if j >= len(p) {
		return j, j, false // the paragraph's end closes the last sentence anyway
	}
	if p[j] != ' ' {
		return j, 0, false // "3.5", "U.S.-led", "plans...to"
	}
	k := skipSpaces(p, j)
	if k >= len(p) {
		return j, j, false
	}
	r, _ := utf8.DecodeRuneInString(p[k:])
	if unicode.IsLower(r) || r == ',' || r == ';' || r == ':' {
		return j, 0, false
	}
	if dots == 1 && other == 0 && !closed && !abbreviationEnds(p, start, i, k, r) {
		return j, 0, false
	}
	if closed && other > 0 && attributionFollows(p, k) {
		// “Why?” Mr Smith asked. — the attribution belongs to the quote.
		return j, 0, false
	}
	return j, k, true
}

// maxAttributionWords bounds the words of an attribution after a quote.
const maxAttributionWords = 6

// attributionFollows reports a short clause with a speech verb at k, ending
// the sentence: "Forte said.", "asked Mr Smith.".
func attributionFollows(p string, k int) bool {
	words := 0
	for i := k; i < len(p) && words < maxAttributionWords; {
		e := i
		for e < len(p) && p[e] != ' ' {
			e++
		}
		w := strings.TrimRight(p[i:e], ".,;:!?")
		if speechVerbs[w] {
			return true
		}
		if strings.ContainsAny(p[i:e], ".!?") && !isInitial(w) && abbreviations[strings.ToLower(w)] != strong {
			return false
		}
		words++
		i = e + 1
	}
	return false
}

// abbreviationEnds decides, for a single full stop at i followed by the
// capitalized (or non-letter) rune r at k, whether the word before the stop
// lets the sentence end there.
func abbreviationEnds(p string, start, i, k int, r rune) bool {
	w := wordBefore(p, start, i)
	if w == "" {
		return true
	}
	if isInitial(w) {
		return false
	}
	switch abbreviations[strings.ToLower(w)] {
	case strong:
		return false
	case weak:
		return unicode.IsUpper(r)
	case beforeNumber:
		return !unicode.IsDigit(r)
	case notAbbrev:
		if strings.IndexByte(w, '.') > 0 && isDottedAcronym(w) {
			// "U.S. officials" continues; "in the U.S. The talks" ends.
			return sentenceStarters[wordAt(p, k)] || isOpener(r)
		}
	}
	return true
}

// wordBefore returns the token ending at i (exclusive), back to a space or an
// opening bracket or quote, not before start.
func wordBefore(p string, start, i int) string {
	b := i
	for b > start {
		r, size := utf8.DecodeLastRuneInString(p[:b])
		if r == ' ' || isOpener(r) {
			break
		}
		b -= size
	}
	return p[b:i]
}

// wordAt returns the letters starting at k.
func wordAt(p string, k int) string {
	e := k
	for e < len(p) {
		r, size := utf8.DecodeRuneInString(p[e:])
		if !unicode.IsLetter(r) {
			break
		}
		e += size
	}
	return p[k:e]
}

// isInitial reports one capital letter: "J" of "J. K. Rowling".
func isInitial(w string) bool {
	r, size := utf8.DecodeRuneInString(w)
	return size == len(w) && unicode.IsUpper(r)
}

// isDottedAcronym reports letters separated by single dots: "U.S", "U.K", "a.m".
func isDottedAcronym(w string) bool {
	prevDot := true
	for _, r := range w {
		if r == '.' {
			if prevDot {
				return false
			}
			prevDot = true
			continue
		}
		if !unicode.IsLetter(r) {
			return false
		}
		prevDot = false
	}
	return !prevDot
}

func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', ')', ']', '»', '›':
		return true
	}
	return false
}

func isOpener(r rune) bool {
	switch r {
	case '"', '\'', '“', '‘', '(', '[', '«', '‹', '„':
		return true
	}
	return false
}

func skipSpaces(p string, i int) int {
	for i < len(p) && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n') {
		i++
	}
	return i
}

func trimRight(p string, e int) int {
	for e > 0 && (p[e-1] == ' ' || p[e-1] == '\t' || p[e-1] == '\n') {
		e--
	}
	return e
}

// fullWidthStop reports a CJK full stop, exclamation or question mark at i
// ("。", "！", "？"), which ends a sentence without a following space, and
// returns the end of the sentence after any closing brackets or quotes.
func fullWidthStop(p string, i int) (int, bool) {
	r, size := utf8.DecodeRuneInString(p[i:])
	if r != '。' && r != '！' && r != '？' {
		return 0, false
	}
	j := i + size
	for j < len(p) {
		r, size := utf8.DecodeRuneInString(p[j:])
		if !isCloser(r) && r != '」' && r != '』' && r != '）' {
			break
		}
		j += size
	}
	return j, true
}
