// Package lexicon holds every word list and table the extraction rules read:
// gazetteers, titles, honorifics, speech verbs, CAMEO codes and patterns, and
// the small cue lists. Each is a data file under data/ (or, for the speech
// verbs and calendar words the parser reads too, under pkg/words), embedded,
// parsed once by a typed loader that rejects unknown columns and flags, and
// read-only afterwards.
package lexicon

import (
	"embed"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"sync"

	"github.com/tidings-news/tidings/pkg/words"
	"github.com/tidings-news/tidings/services/enricher/extract/fold"
)

//go:embed data/*.tsv data/*.txt
var dataFS embed.FS

// Lexicon holds every embedded table.
type Lexicon struct {
	gaz     map[string][]*GazEntry // fold.Key of the phrase → entries
	gazMax  int
	gazPre  map[string]bool // every proper prefix (in words) of a multi-word gazetteer key
	roles   map[string]Role // fold.Key → role
	roleMax int
	rolePre map[string]bool // every proper prefix of a multi-word role
	// Honor maps an honorific as written ("Mr", "Sir", "Gen.") to how it is used.
	Honor map[string]Honorific
	// HonorGender maps a folded honorific ("mr", "dame") to the gender it tells, 'f' or 'm'.
	HonorGender map[string]byte
	Given       Words           // folded given names
	Stop        Words           // folded words that open sentences, never names
	OrgHeads    Words           // words (as written) that head organisation names
	LocHeads    Words           // words (as written) that end names of places and buildings
	OrgNouns    Words           // folded lower-case nouns after an organisation's name
	LocNouns    Words           // folded lower-case nouns around a place's name
	NotNames    Words           // folded capitalised words that are never names
	Gender      map[string]byte // folded given name → 'f' or 'm'
	Speakers    Words           // folded nouns of unnamed speakers
	Speech      map[string]SpeechVerb
	cameo       map[string]CameoCode
	// Patterns maps a trigger word to the CAMEO patterns it opens.
	Patterns map[string][]*Pattern
	Cues     Cues
	Calendar Calendar
	classes  map[string]Class // fold.Key of a word → the lists it is in
}

// Load returns the embedded lexicon, parsed on first use and shared.
var Load = sync.OnceValues(func() (*Lexicon, error) { return parse(dataFS) })

// parse reads every table from fsys.
func parse(fsys fs.FS) (*Lexicon, error) {
	lx := &Lexicon{
		gaz: map[string][]*GazEntry{}, roles: map[string]Role{}, gazPre: map[string]bool{}, rolePre: map[string]bool{},
		Honor: map[string]Honorific{}, HonorGender: map[string]byte{}, Gender: map[string]byte{}, Speech: map[string]SpeechVerb{}, cameo: map[string]CameoCode{}, Patterns: map[string][]*Pattern{},
	}
	for _, t := range lx.tables() {
		if err := t.Load(fsys); err != nil {
			return nil, fmt.Errorf("lexicon %w", err)
		}
	}
	if err := lx.addSpeechVerbs(); err != nil {
		return nil, err
	}
	words := []struct {
		file string
		set  *Words
		key  func(string) string
	}{
		{"givennames.txt", &lx.Given, fold.Fold},
		{"stopcaps.txt", &lx.Stop, fold.Fold},
		{"orgheads.txt", &lx.OrgHeads, asWritten},
		{"speakers.txt", &lx.Speakers, fold.Fold},
		{"placeheads.txt", &lx.LocHeads, asWritten},
		{"orgnouns.txt", &lx.OrgNouns, fold.Fold},
		{"placenouns.txt", &lx.LocNouns, fold.Fold},
		{"notnames.txt", &lx.NotNames, fold.Fold},
	}
	for _, w := range words {
		if err := readWords(fsys, w.file, w.set, w.key); err != nil {
			return nil, err
		}
	}
	if err := lx.Cues.load(fsys); err != nil {
		return nil, err
	}
	if err := lx.Calendar.load(&lx.Cues.Abbreviations); err != nil {
		return nil, err
	}
	if err := lx.buildClasses(); err != nil {
		return nil, err
	}
	for _, ps := range lx.Patterns {
		for _, p := range ps {
			if _, ok := lx.cameo[p.Code]; !ok {
				return nil, fmt.Errorf("lexicon cameo_verbs.tsv: code %s not in cameo.tsv", p.Code)
			}
		}
	}
	return lx, nil
}

func asWritten(s string) string { return s }

// tables lists the tab-separated tables and how each row is read.
func (lx *Lexicon) tables() []*words.Table {
	return []*words.Table{
		{File: "countries.tsv", Columns: []string{"canonical", "aliases", "demonyms"}, Required: []string{"canonical"}, Row: lx.addCountry},
		{File: "places.tsv", Columns: []string{"kind", "canonical", "aliases", "country"}, Required: []string{"kind", "canonical"}, Row: lx.addPlace},
		{File: "orgs.tsv", Columns: []string{"kind", "canonical", "aliases", "country"}, Required: []string{"kind", "canonical"}, Row: lx.addOrg},
		{File: "demonyms.tsv", Columns: []string{"demonyms", "place"}, Required: []string{"demonyms"}, Row: lx.addDemonym},
		{File: "roles.tsv", Columns: []string{"phrase", "canonical", "flags"}, Required: []string{"phrase", "canonical"}, Flags: "sl", Row: lx.addRole},
		{File: "honorifics.tsv", Columns: []string{"word", "style", "gender"}, Required: []string{"word", "style"}, Row: lx.addHonorific},
		{File: "cameo.tsv", Columns: []string{"code", "quad", "goldstein", "label"}, Required: []string{"code", "quad", "goldstein", "label"}, Row: lx.addCameo},
		{File: "gender.tsv", Columns: []string{"gender", "names"}, Required: []string{"gender", "names"}, Row: lx.addGender},
		lx.cameoVerbs(),
	}
}

func (lx *Lexicon) addHonorific(r words.Row) error {
	style := HonorStyle(r.Get("style"))
	switch style {
	case HonorGiven, HonorSurname, HonorRank:
	default:
		return fmt.Errorf("honorific style %q: want given, surname or rank", style)
	}
	w := r.Get("word")
	lx.Honor[strings.TrimSuffix(w, ".")] = Honorific{Style: style}
	if g := r.Get("gender"); g != "" {
		if g != "f" && g != "m" {
			return fmt.Errorf("honorific gender %q: want f, m or nothing", g)
		}
		lx.HonorGender[fold.Fold(strings.TrimSuffix(w, "."))] = g[0]
	}
	return nil
}

// addSpeechVerbs reads the speech verbs of pkg/words.
func (lx *Lexicon) addSpeechVerbs() error {
	vs, err := words.SpeechVerbs()
	if err != nil {
		return err
	}
	for _, v := range vs {
		lx.Speech[strings.ToLower(v.Form)] = SpeechVerb{Lemma: v.Lemma, Participle: v.Participle, Addressee: v.Addressee}
	}
	return nil
}

func (lx *Lexicon) addGender(r words.Row) error {
	g := r.Get("gender")
	if g != "f" && g != "m" {
		return fmt.Errorf("gender %q: want f or m", g)
	}
	for _, n := range strings.Fields(r.Get("names")) {
		if prev, ok := lx.Gender[fold.Fold(n)]; ok && prev != g[0] {
			return fmt.Errorf("%s is listed as both f and m", n)
		}
		lx.Gender[fold.Fold(n)] = g[0]
	}
	return nil
}

func (lx *Lexicon) addCameo(r words.Row) error {
	q, err := strconv.Atoi(r.Get("quad"))
	if err != nil || q < 1 || q > 4 {
		return fmt.Errorf("quad class %q: want 1 to 4", r.Get("quad"))
	}
	g, err := strconv.ParseFloat(r.Get("goldstein"), 64)
	if err != nil {
		return fmt.Errorf("goldstein: %w", err)
	}
	code := r.Get("code")
	lx.cameo[code] = CameoCode{Code: code, QuadClass: q, Goldstein: g, Label: r.Get("label")}
	return nil
}

// Cameo returns the CAMEO row of code.
func (lx *Lexicon) Cameo(code string) (CameoCode, bool) {
	c, ok := lx.cameo[code]
	return c, ok
}

// CameoCodes returns every row of the CAMEO table.
func (lx *Lexicon) CameoCodes() map[string]CameoCode { return lx.cameo }
