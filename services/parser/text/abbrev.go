package text

import "github.com/tidings-news/tidings/pkg/words"

// abbrevKind says how a word followed by a full stop behaves.
type abbrevKind uint8

const (
	notAbbrev abbrevKind = iota
	// strong abbreviations never end a sentence ("Mr.", "Dr.", "e.g.").
	strong
	// weak abbreviations end one only before a capitalized word ("Inc.", "Jan.").
	weak
	// beforeNumber abbreviations hold only before a digit ("No. 10").
	beforeNumber
)

// abbreviations maps lower-cased words (without the final full stop) to their
// kind, the abbreviated months of pkg/words' calendar table weak ones.
// Read-only.
var abbreviations = withMonths(map[string]abbrevKind{
	// titles and honorifics
	"mr": strong, "mrs": strong, "ms": strong, "mx": strong, "dr": strong, "prof": strong,
	"st": strong, "sr": weak, "jr": weak, "gen": strong, "col": strong, "lt": strong,
	"sgt": strong, "capt": strong, "cpt": strong, "cmdr": strong, "adm": strong, "maj": strong,
	"rev": strong, "hon": strong, "sen": strong, "rep": strong, "gov": strong, "pres": strong,
	"supt": strong, "insp": strong, "det": strong, "cllr": strong, "fr": strong, "mt": strong,
	"messrs": strong, "mme": strong, "mlle": strong, "hr": strong, "fig": strong, "ft": weak,
	"vs": strong, "v": strong, "cf": strong, "approx": strong, "ca": strong, "c": strong,
	"etc": weak, "al": weak, "esp": strong, "incl": strong, "dept": strong, "univ": strong,
	"ave": weak, "rd": weak, "blvd": weak,
	// organisations
	"inc": weak, "ltd": weak, "corp": weak, "co": weak, "plc": weak, "llc": weak, "bros": weak,
	// numbers
	"no": beforeNumber, "nos": beforeNumber, "nr": beforeNumber, "art": beforeNumber, "p": beforeNumber, "pp": beforeNumber,
	// dotted abbreviations (the inner dots kept)
	"e.g": strong, "i.e": strong, "a.m": weak, "p.m": weak, "n.b": strong,
})

// sentenceStarters are capitalized words that, after an acronym such as
// "U.S.", show that a new sentence began. Read-only.
var sentenceStarters = map[string]bool{
	"The": true, "A": true, "An": true, "He": true, "She": true, "It": true, "They": true,
	"We": true, "I": true, "You": true, "This": true, "That": true, "These": true, "Those": true,
	"But": true, "And": true, "In": true, "On": true, "At": true, "As": true, "If": true,
	"His": true, "Her": true, "Its": true, "Their": true, "Our": true, "There": true,
	"When": true, "While": true, "After": true, "Before": true, "However": true, "Meanwhile": true,
	"Some": true, "Many": true, "Officials": true, "Mr": true, "Mrs": true, "Ms": true,
}

// speechVerbs attribute a quote that ends in "?" or "!": the speech verbs
// of pkg/words marked AfterQuote. Read-only.
var speechVerbs = afterQuoteVerbs()

// withMonths adds the abbreviated months ("jan", "sept") to m as weak.
func withMonths(m map[string]abbrevKind) map[string]abbrevKind {
	ws, err := words.Calendar()
	if err != nil {
		panic(err) // the embedded table, checked by pkg/words' tests
	}
	for _, w := range ws {
		if w.Kind == words.Month && w.Abbrev {
			m[w.Word] = weak
		}
	}
	return m
}

func afterQuoteVerbs() map[string]bool {
	vs, err := words.SpeechVerbs()
	if err != nil {
		panic(err) // the embedded table, checked by pkg/words' tests
	}
	m := map[string]bool{}
	for _, v := range vs {
		if v.AfterQuote {
			m[v.Form] = true
		}
	}
	return m
}
