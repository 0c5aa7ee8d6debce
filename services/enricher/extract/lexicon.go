package extract

import (
	"bufio"
	"embed"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

//go:embed data/*.tsv data/*.txt
var dataFS embed.FS

// Gazetteer kinds.
const (
	kindCountry   = "country"
	kindCity      = "city"
	kindRegion    = "region"
	kindContinent = "continent"
	kindSea       = "sea"
	kindDemonym   = "demonym"
)

// gazEntry is one name the gazetteer knows: a place, an organisation or a demonym.
type gazEntry struct {
	Canon   string // canonical name ("United Kingdom")
	Type    string // LOC, ORG or NORP
	Kind    string // country, city, region, continent, sea, demonym, intl, gov, party, media
	Country string // the country it belongs to or stands for, "" if none
	// Upper is set for an all-capitals alias ("US", "WHO") that must be
	// written in capitals to match.
	Upper bool
}

// roleEntry is a title or office ("defence secretary").
type roleEntry struct {
	Canon string
	// Standalone roles may be used alone as a mention ("the prime minister").
	Standalone bool
}

// speechVerb is a verb that introduces reported speech.
type speechVerb struct {
	Lemma string
	// Participle verbs ("saying", "adding") take the clause's subject as speaker.
	Participle bool
}

// CameoCode is one row of the CAMEO event table.
type CameoCode struct {
	Code      string
	Label     string
	QuadClass int
	Goldstein float64
}

// pattern is a CAMEO verb pattern: a trigger word and what must follow it.
type pattern struct {
	Code      string
	Steps     [][]string // alternatives per step; a nil step is a gap of up to four words
	Nominal   bool
	ToLoc     bool
	Reverse   bool
	Statement bool
	// Object requires an entity right after the trigger ("told Marsh").
	Object bool
}

// lexicon holds every embedded table, parsed once and read-only afterwards.
type lexicon struct {
	gaz      map[string][]*gazEntry // foldKey of the phrase → entries
	gazMax   int
	gazPre   map[string]bool      // every proper prefix (in words) of a multi-word gazetteer key
	roles    map[string]roleEntry // foldKey → role
	roleMax  int
	rolePre  map[string]bool   // every proper prefix of a multi-word role
	honor    map[string]string // exact word → style (surname, given, rank)
	given    map[string]bool   // folded given names
	stop     map[string]bool   // folded sentence-opening words
	orgHeads map[string]bool   // words that head organisation names
	locHeads map[string]bool   // words that end names of places and buildings
	orgNouns map[string]bool   // lower-case nouns after an organisation's name
	locNouns map[string]bool   // lower-case nouns around a place's name
	notNames map[string]bool   // capitalised words that are never names
	gender   map[string]byte   // folded given name → 'f' or 'm'
	speakers map[string]bool   // nouns of unnamed speakers
	speech   map[string]speechVerb
	cameo    map[string]CameoCode
	patterns map[string][]*pattern // trigger word → patterns
}

var loadLexicon = sync.OnceValues(func() (*lexicon, error) { return parseLexicon() })

func parseLexicon() (*lexicon, error) {
	lx := &lexicon{
		gaz: map[string][]*gazEntry{}, roles: map[string]roleEntry{}, gazPre: map[string]bool{}, rolePre: map[string]bool{}, honor: map[string]string{},
		given: map[string]bool{}, stop: map[string]bool{}, orgHeads: map[string]bool{}, locHeads: map[string]bool{}, orgNouns: map[string]bool{}, locNouns: map[string]bool{}, notNames: map[string]bool{}, gender: map[string]byte{}, speakers: map[string]bool{},
		speech: map[string]speechVerb{}, cameo: map[string]CameoCode{}, patterns: map[string][]*pattern{},
	}
	steps := []struct {
		file string
		fn   func([]string) error
	}{
		{"countries.tsv", lx.addCountry},
		{"places.tsv", lx.addPlace},
		{"orgs.tsv", lx.addOrg},
		{"demonyms.tsv", lx.addDemonym},
		{"roles.tsv", lx.addRole},
		{"honorifics.tsv", func(f []string) error { lx.honor[strings.TrimSuffix(f[0], ".")] = field(f, 1); return nil }},
		{"speechverbs.tsv", func(f []string) error {
			lx.speech[strings.ToLower(f[0])] = speechVerb{Lemma: field(f, 1), Participle: strings.Contains(field(f, 2), "p")}
			return nil
		}},
		{"cameo.tsv", lx.addCameo},
		{"gender.tsv", func(f []string) error {
			g := field(f, 0)
			if g != "f" && g != "m" {
				return fmt.Errorf("gender %q: want f or m", g)
			}
			for _, n := range strings.Fields(field(f, 1)) {
				if prev, ok := lx.gender[fold(n)]; ok && prev != g[0] {
					return fmt.Errorf("%s is listed as both f and m", n)
				}
				lx.gender[fold(n)] = g[0]
			}
			return nil
		}},
		{"cameo_patterns.tsv", lx.addPattern},
	}
	for _, s := range steps {
		if err := readTSV(s.file, s.fn); err != nil {
			return nil, err
		}
	}
	words := []struct {
		file string
		set  map[string]bool
		key  func(string) string
	}{
		{"givennames.txt", lx.given, fold},
		{"stopcaps.txt", lx.stop, fold},
		{"orgheads.txt", lx.orgHeads, func(s string) string { return s }},
		{"speakers.txt", lx.speakers, fold},
		{"placeheads.txt", lx.locHeads, func(s string) string { return s }},
		{"orgnouns.txt", lx.orgNouns, fold},
		{"placenouns.txt", lx.locNouns, fold},
		{"notnames.txt", lx.notNames, fold},
	}
	for _, w := range words {
		if err := readWords(w.file, w.set, w.key); err != nil {
			return nil, err
		}
	}
	for _, ps := range lx.patterns {
		for _, p := range ps {
			if _, ok := lx.cameo[p.Code]; !ok {
				return nil, fmt.Errorf("cameo_patterns.tsv: code %s not in cameo.tsv", p.Code)
			}
		}
	}
	return lx, nil
}

func field(f []string, i int) string {
	if i < len(f) {
		return strings.TrimSpace(f[i])
	}
	return ""
}

func splitAlts(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, a := range strings.Split(s, "|") {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}

func readTSV(name string, fn func([]string) error) error {
	f, err := dataFS.Open("data/" + name)
	if err != nil {
		return fmt.Errorf("lexicon %s: %w", name, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		t := sc.Text()
		if strings.TrimSpace(t) == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if err := fn(strings.Split(t, "\t")); err != nil {
			return fmt.Errorf("lexicon %s:%d: %w", name, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("lexicon %s: %w", name, err)
	}
	return nil
}

func readWords(name string, set map[string]bool, key func(string) string) error {
	b, err := dataFS.ReadFile("data/" + name)
	if err != nil {
		return fmt.Errorf("lexicon %s: %w", name, err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "#") {
			continue
		}
		for _, w := range strings.Fields(l) {
			set[key(w)] = true
		}
	}
	return nil
}

func isUpperWord(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			n++
		}
	}
	return n >= 2
}

func (lx *lexicon) addGaz(surface string, e gazEntry) {
	k := foldKey(surface)
	if k == "" {
		return
	}
	e.Upper = isUpperWord(surface) && len(strings.Fields(k)) <= 2
	lx.gaz[k] = append(lx.gaz[k], &e)
	lx.gazMax = max(lx.gazMax, len(strings.Fields(k)))
	addPrefixes(lx.gazPre, k)
}

func (lx *lexicon) addCountry(f []string) error {
	canon := field(f, 0)
	if canon == "" {
		return fmt.Errorf("empty country")
	}
	e := gazEntry{Canon: canon, Type: "LOC", Kind: kindCountry, Country: canon}
	lx.addGaz(canon, e)
	for _, a := range splitAlts(field(f, 1)) {
		lx.addGaz(a, e)
	}
	dems := splitAlts(field(f, 2))
	for _, d := range dems {
		lx.addGaz(d, gazEntry{Canon: dems[0], Type: "NORP", Kind: kindDemonym, Country: canon})
	}
	return nil
}

func (lx *lexicon) addPlace(f []string) error {
	kind, canon := field(f, 0), field(f, 1)
	if kind == "" || canon == "" {
		return fmt.Errorf("place needs a kind and a name")
	}
	e := gazEntry{Canon: canon, Type: "LOC", Kind: kind, Country: field(f, 3)}
	lx.addGaz(canon, e)
	for _, a := range splitAlts(field(f, 2)) {
		lx.addGaz(a, e)
	}
	return nil
}

func (lx *lexicon) addDemonym(f []string) error {
	dems := splitAlts(field(f, 0))
	if len(dems) == 0 {
		return fmt.Errorf("empty demonym")
	}
	for _, d := range dems {
		lx.addGaz(d, gazEntry{Canon: dems[0], Type: "NORP", Kind: kindDemonym, Country: field(f, 1)})
	}
	return nil
}

func (lx *lexicon) addOrg(f []string) error {
	kind, canon := field(f, 0), field(f, 1)
	if kind == "" || canon == "" {
		return fmt.Errorf("organisation needs a kind and a name")
	}
	e := gazEntry{Canon: canon, Type: "ORG", Kind: kind, Country: field(f, 3)}
	lx.addGaz(canon, e)
	for _, a := range splitAlts(field(f, 2)) {
		lx.addGaz(a, e)
	}
	return nil
}

func (lx *lexicon) addRole(f []string) error {
	p := field(f, 0)
	if p == "" {
		return fmt.Errorf("empty role")
	}
	k := foldKey(p)
	lx.roles[k] = roleEntry{Canon: field(f, 1), Standalone: strings.Contains(field(f, 2), "s")}
	lx.roleMax = max(lx.roleMax, len(strings.Fields(k)))
	addPrefixes(lx.rolePre, k)
	return nil
}

// addPrefixes records the word prefixes of key ("united", "united states"
// for "united states of america") so that lookups can stop early.
func addPrefixes(set map[string]bool, key string) {
	for i := 0; i < len(key); i++ {
		if key[i] == ' ' {
			set[key[:i]] = true
		}
	}
}

func (lx *lexicon) addCameo(f []string) error {
	if len(f) < 4 {
		return fmt.Errorf("cameo row needs 4 fields")
	}
	q, err := strconv.Atoi(field(f, 1))
	if err != nil {
		return fmt.Errorf("quad class: %w", err)
	}
	g, err := strconv.ParseFloat(field(f, 2), 64)
	if err != nil {
		return fmt.Errorf("goldstein: %w", err)
	}
	lx.cameo[field(f, 0)] = CameoCode{Code: field(f, 0), QuadClass: q, Goldstein: g, Label: field(f, 3)}
	return nil
}

func (lx *lexicon) addPattern(f []string) error {
	code, pat := field(f, 0), field(f, 1)
	if code == "" || pat == "" {
		return fmt.Errorf("pattern needs a code and words")
	}
	flags := field(f, 2)
	p := &pattern{Code: code, Nominal: strings.Contains(flags, "n"), ToLoc: strings.Contains(flags, "t"),
		Reverse: strings.Contains(flags, "r"), Statement: strings.Contains(flags, "s"), Object: strings.Contains(flags, "o")}
	for _, w := range strings.Fields(pat) {
		if w == "..." {
			p.Steps = append(p.Steps, nil)
			continue
		}
		p.Steps = append(p.Steps, strings.Split(w, "|"))
	}
	if p.Steps[0] == nil {
		return fmt.Errorf("pattern cannot start with a gap")
	}
	for _, trig := range p.Steps[0] {
		lx.patterns[trig] = append(lx.patterns[trig], p)
	}
	return nil
}

// lookupGaz returns the entry for a folded phrase, honouring capitals-only aliases.
func (lx *lexicon) lookupGaz(key string, upper bool) *gazEntry {
	for _, e := range lx.gaz[key] {
		if e.Upper && !upper {
			continue
		}
		return e
	}
	return nil
}

// Cameo returns the CAMEO row of code.
func (lx *lexicon) Cameo(code string) (CameoCode, bool) {
	c, ok := lx.cameo[code]
	return c, ok
}
