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
// English function words among the words of sample.
func looksEnglish(sample string) bool {
	words, hits := 0, 0
	for w := range strings.FieldsFuncSeq(sample, isSeparator) {
		words++
		if len(w) <= 5 && englishWords[asciiLower(w)] {
			hits++
		}
	}
	return words >= minSampleWords && float64(hits) >= englishShare*float64(words)
}

func isSeparator(r rune) bool {
	return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '\'' || r >= 0x80)
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
