package text

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
// kind. Read-only.
var abbreviations = map[string]abbrevKind{
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
	// months
	"jan": weak, "feb": weak, "mar": weak, "apr": weak, "jun": weak, "jul": weak, "aug": weak,
	"sep": weak, "sept": weak, "oct": weak, "nov": weak, "dec": weak,
	// numbers
	"no": beforeNumber, "nos": beforeNumber, "nr": beforeNumber, "art": beforeNumber, "p": beforeNumber, "pp": beforeNumber,
	// dotted abbreviations (the inner dots kept)
	"e.g": strong, "i.e": strong, "a.m": weak, "p.m": weak, "n.b": strong,
}

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

// speechVerbs attribute a quote that ends in "?" or "!". Read-only.
var speechVerbs = map[string]bool{
	"said": true, "says": true, "asked": true, "asks": true, "added": true, "adds": true,
	"told": true, "tells": true, "wrote": true, "writes": true, "replied": true, "shouted": true,
	"cried": true, "exclaimed": true, "wondered": true, "recalled": true, "insisted": true,
	"demanded": true, "warned": true, "joked": true, "tweeted": true, "posted": true,
}
