package evaluate

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// entityType maps a type to PERSON, ORG or LOC as score.py does ("" for others).
func entityType(t string) string {
	switch strings.ToUpper(t) {
	case "PERSON", "PER":
		return "PERSON"
	case "ORG", "ORGANIZATION", "ORGANISATION":
		return "ORG"
	case "LOC", "LOCATION", "GPE", "PLACE":
		return "LOC"
	}
	return ""
}

// EntityTypes are the types of the entity scores.
var EntityTypes = []string{"PERSON", "ORG", "LOC"}

var (
	stopWords = set("the", "a", "an", "of", "for", "and", "to", "in", "on", "at", "s", "he", "she", "they", "i", "we", "it",
		"his", "her", "their", "mr", "mrs", "ms", "sir", "dr", "president", "minister", "secretary", "senator",
		"sen", "rep", "gov", "governor", "spokesman", "spokeswoman", "said", "former", "us", "u", "new")
	leadingWords = set("the", "mr", "mrs", "ms", "miss", "sir", "dame", "lord", "lady", "dr", "prof",
		"president", "admiral", "general", "a", "an")
)

// foldWords is score.py's fold: accents stripped, lower case, words of
// ASCII letters and digits.
func foldWords(s string) []string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == '\u2019' || r == '\u2018':
			b.WriteByte('\'')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return strings.FieldsFunc(b.String(), func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') })
}

// normName folds a name and drops leading titles and articles.
func normName(s string) string {
	w := foldWords(s)
	for len(w) > 1 && leadingWords[w[0]] {
		w = w[1:]
	}
	return strings.Join(w, " ")
}

// EntityScorer scores distinct entities per document and type as
// shared/eval/score.py does: a predicted entity matches the gold entity one
// of whose names equals its name or a mention's text; a second entity for
// an entity already matched is a false positive (an alias left unresolved).
type EntityScorer struct {
	Types ByType
	// quotes: gold, found (80 % of its words in one predicted quote),
	// attributed (found with the right speaker), predicted, predicted that match.
	QuoteGold, QuoteFound, QuoteAttributed, QuotePred, QuotePredOK int
}

// NewEntityScorer returns an empty scorer.
func NewEntityScorer() *EntityScorer { return &EntityScorer{Types: ByType{}} }

type goldNames struct {
	doc   *GoldDoc
	names map[string]map[string]bool // id → normalised names
}

func newGoldNames(g *GoldDoc) *goldNames {
	gn := &goldNames{doc: g, names: map[string]map[string]bool{}}
	for _, e := range g.Entities {
		ns := map[string]bool{normName(e.Name): true}
		for _, a := range e.Aliases {
			ns[normName(a)] = true
		}
		gn.names[e.ID] = ns
	}
	return gn
}

func (g *goldNames) match(name string) *GoldEntity {
	n := normName(name)
	if n == "" {
		return nil
	}
	for i := range g.doc.Entities {
		if g.names[g.doc.Entities[i].ID][n] {
			return &g.doc.Entities[i]
		}
	}
	return nil
}

// Add scores one document's entities and quotes.
func (s *EntityScorer) Add(g *GoldDoc, rec *Record) {
	gn := newGoldNames(g)
	matched := map[string]bool{}
	if rec != nil {
		for _, pe := range rec.Entities {
			pt := entityType(pe.Type)
			if pt == "" {
				continue
			}
			ge := gn.match(pe.Name)
			for k := 0; ge == nil && k < len(pe.Mentions); k++ {
				ge = gn.match(pe.Mentions[k].Text)
			}
			switch {
			case ge == nil:
				s.Types.at(pt).FP++
			case ge.Optional:
				matched[ge.ID] = true
			case entityType(ge.Type) != pt || matched[ge.ID]:
				s.Types.at(pt).FP++
			default:
				matched[ge.ID] = true
				s.Types.at(pt).TP++
			}
		}
	}
	for _, ge := range g.Entities {
		if t := entityType(ge.Type); t != "" && !ge.Optional && !matched[ge.ID] {
			s.Types.at(t).FN++
		}
	}
	s.addQuotes(gn, rec)
}

type predQuote struct {
	words   map[string]int
	n       int
	speaker string
}

func bag(words []string) map[string]int {
	m := map[string]int{}
	for _, w := range words {
		m[w]++
	}
	return m
}

func (s *EntityScorer) addQuotes(g *goldNames, rec *Record) {
	ignore := map[string]bool{}
	for _, q := range g.doc.IgnoreQuotes {
		ignore[strings.Join(foldWords(q), " ")] = true
	}
	var preds []predQuote
	if rec != nil {
		for _, q := range rec.Quotes {
			w := foldWords(q.Text)
			if len(w) < 4 || ignore[strings.Join(w, " ")] {
				continue
			}
			preds = append(preds, predQuote{words: bag(w), n: len(w), speaker: q.Speaker})
		}
	}
	used := make([]bool, len(preds))
	for _, gq := range g.doc.Quotes {
		gw := foldWords(gq.Text)
		gb := bag(gw)
		best, bestCov, bestLen := -1, 0.0, 0
		for i, p := range preds {
			common := 0
			for w, k := range gb {
				common += min(k, p.words[w])
			}
			cov := float64(common) / float64(len(gw))
			d := -abs(p.n - len(gw))
			if cov > 0 && (best < 0 || cov > bestCov || cov == bestCov && d > bestLen) {
				best, bestCov, bestLen = i, cov, d
			}
		}
		s.QuoteGold++
		if best >= 0 && bestCov >= 0.8 {
			s.QuoteFound++
			used[best] = true
			if g.speakerMatches(gq.Speaker, preds[best].speaker) {
				s.QuoteAttributed++
			}
		}
	}
	s.QuotePred += len(preds)
	for _, u := range used {
		if u {
			s.QuotePredOK++
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// speakerMatches: the predicted speaker is one of the gold entity's names,
// or, for gold that matches by overlap, shares a content word with them.
func (g *goldNames) speakerMatches(gold, pred string) bool {
	names, ok := g.names[gold]
	if !ok {
		names = map[string]bool{normName(gold): true}
	}
	if names[normName(pred)] {
		return true
	}
	if g.doc.SpeakerMatch != "overlap" {
		return false
	}
	want := map[string]bool{}
	for n := range names {
		for _, w := range strings.Fields(n) {
			if !stopWords[w] {
				want[w] = true
			}
		}
	}
	for _, w := range strings.Fields(normName(pred)) {
		if want[w] && !stopWords[w] {
			return true
		}
	}
	return false
}
