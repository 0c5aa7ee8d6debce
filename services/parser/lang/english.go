package lang

import "strings"

// englishWords are frequent English function words that are rare as words of
// other languages written in the Latin script. Read-only.
var englishWords = map[string]bool{
	"the": true, "and": true, "of": true, "to": true, "that": true, "is": true, "was": true,
	"for": true, "with": true, "he": true, "she": true, "it": true, "said": true, "his": true,
	"her": true, "by": true, "from": true, "have": true, "has": true, "had": true, "be": true,
	"are": true, "were": true, "will": true, "would": true, "this": true, "which": true,
	"on": true, "at": true, "as": true, "an": true, "not": true, "but": true, "they": true,
	"we": true, "their": true, "who": true, "been": true, "its": true, "after": true,
	"about": true, "more": true, "than": true, "or": true, "into": true, "could": true,
	"our": true, "there": true, "what": true, "also": true, "when": true, "you": true,
}

// englishShare is the share of function words above which a text is English
// without asking the detector: English prose runs at 35–50 %, other Latin-script
// languages below 10 %.
const englishShare = 0.22

// minSampleWords is the fewest words the fast path decides on.
const minSampleWords = 20

// looksEnglish is a fast path for the pipeline's usual language: it counts
// English function words among the words of sample. A word is a run of
// ASCII letters, apostrophes and bytes of other characters (the fields
// strings.FieldsFunc gives when every other rune separates, found byte by
// byte); a short one in ASCII is lower-cased in a stack buffer for the
// look-up.
func looksEnglish(sample string) bool {
	words, hits := 0, 0
	for i := 0; i < len(sample); {
		if !wordByte(sample[i]) {
			i++
			continue
		}
		j, ascii := i, true
		for ; j < len(sample) && wordByte(sample[j]); j++ {
			ascii = ascii && sample[j] < 0x80
		}
		words++
		if w := sample[i:j]; len(w) <= 5 && isEnglishWord(w, ascii) {
			hits++
		}
		i = j
	}
	return words >= minSampleWords && float64(hits) >= englishShare*float64(words)
}

// wordByte reports a byte of a word: not a separator (isSeparator), as a
// character of its own or as a byte of a longer one.
func wordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '\'' || c >= 0x80
}

// isEnglishWord reports w, lower-cased, among englishWords.
func isEnglishWord(w string, ascii bool) bool {
	if !ascii || len(w) > 5 {
		return englishWords[asciiLower(w)]
	}
	var b [5]byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return englishWords[string(b[:len(w)])]
}

// asciiLower lower-cases a short ASCII word without allocating when it is
// already lower case.
func asciiLower(w string) string {
	for i := 0; i < len(w); i++ {
		if w[i] >= 'A' && w[i] <= 'Z' {
			return strings.ToLower(w)
		}
	}
	return w
}
