package lexicon

import (
	"fmt"
	"strings"

	"github.com/tidings-news/tidings/pkg/words"
	"github.com/tidings-news/tidings/services/enricher/extract/fold"
)

// GazKind is what kind of name a gazetteer entry is.
type GazKind string

// Gazetteer kinds, as the data files write them.
const (
	KindCountry   GazKind = "country"
	KindCity      GazKind = "city"
	KindRegion    GazKind = "region"
	KindContinent GazKind = "continent"
	KindSea       GazKind = "sea"
	KindDemonym   GazKind = "demonym"
	KindIntl      GazKind = "intl"    // international organisation
	KindGov       GazKind = "gov"     // government body or metonym ("the Kremlin")
	KindParty     GazKind = "party"   // political party
	KindMedia     GazKind = "media"   // news organisation
	KindCompany   GazKind = "company" // company
)

var placeKinds = map[GazKind]bool{KindCity: true, KindRegion: true, KindContinent: true, KindSea: true}
var orgKinds = map[GazKind]bool{KindIntl: true, KindGov: true, KindParty: true, KindMedia: true, KindCompany: true}

// Entity types of gazetteer entries (the same strings as layer's).
const (
	typeLOC  = "LOC"
	typeORG  = "ORG"
	typeNORP = "NORP"
)

// GazEntry is one name the gazetteer knows: a place, an organisation or a demonym.
type GazEntry struct {
	Canon   string  // canonical name ("United Kingdom")
	Type    string  // LOC, ORG or NORP
	Kind    GazKind // country, city, region, …
	Country string  // the country it belongs to or stands for, "" if none
	// Upper is set for an all-capitals alias ("US", "WHO") that must be
	// written in capitals to match.
	Upper bool
}

func (lx *Lexicon) addGaz(surface string, e GazEntry) {
	k := fold.Key(surface)
	if k == "" {
		return
	}
	e.Upper = fold.IsUpperWord(surface) && len(strings.Fields(k)) <= 2
	lx.gaz[k] = append(lx.gaz[k], &e)
	lx.gazMax = max(lx.gazMax, len(strings.Fields(k)))
	addPrefixes(lx.gazPre, k)
}

func (lx *Lexicon) addCountry(r words.Row) error {
	canon := r.Get("canonical")
	e := GazEntry{Canon: canon, Type: typeLOC, Kind: KindCountry, Country: canon}
	lx.addGaz(canon, e)
	for _, a := range splitAlts(r.Get("aliases")) {
		lx.addGaz(a, e)
	}
	dems := splitAlts(r.Get("demonyms"))
	for _, d := range dems {
		lx.addGaz(d, GazEntry{Canon: dems[0], Type: typeNORP, Kind: KindDemonym, Country: canon})
	}
	return nil
}

func (lx *Lexicon) addPlace(r words.Row) error {
	kind := GazKind(r.Get("kind"))
	if !placeKinds[kind] {
		return fmt.Errorf("place kind %q unknown", kind)
	}
	return lx.addNamed(r, GazEntry{Canon: r.Get("canonical"), Type: typeLOC, Kind: kind, Country: r.Get("country")})
}

func (lx *Lexicon) addOrg(r words.Row) error {
	kind := GazKind(r.Get("kind"))
	if !orgKinds[kind] {
		return fmt.Errorf("organisation kind %q unknown", kind)
	}
	return lx.addNamed(r, GazEntry{Canon: r.Get("canonical"), Type: typeORG, Kind: kind, Country: r.Get("country")})
}

func (lx *Lexicon) addNamed(r words.Row, e GazEntry) error {
	lx.addGaz(e.Canon, e)
	for _, a := range splitAlts(r.Get("aliases")) {
		lx.addGaz(a, e)
	}
	return nil
}

func (lx *Lexicon) addDemonym(r words.Row) error {
	dems := splitAlts(r.Get("demonyms"))
	if len(dems) == 0 {
		return fmt.Errorf("empty demonym")
	}
	for _, d := range dems {
		lx.addGaz(d, GazEntry{Canon: dems[0], Type: typeNORP, Kind: KindDemonym, Country: r.Get("place")})
	}
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

// LookupGaz returns the entry for a folded phrase, honouring capitals-only aliases.
func (lx *Lexicon) LookupGaz(key string, upper bool) *GazEntry {
	for _, e := range lx.gaz[key] {
		if e.Upper && !upper {
			continue
		}
		return e
	}
	return nil
}

// GazKnows reports whether any entry has the folded phrase key.
func (lx *Lexicon) GazKnows(key string) bool { return lx.gaz[key] != nil }

// GazPrefix reports whether key is a proper word prefix of a longer gazetteer phrase.
func (lx *Lexicon) GazPrefix(key string) bool { return lx.gazPre[key] }

// GazMax is the number of words of the longest gazetteer phrase.
func (lx *Lexicon) GazMax() int { return lx.gazMax }

// GazEntries returns every entry under each folded phrase.
func (lx *Lexicon) GazEntries() map[string][]*GazEntry { return lx.gaz }
