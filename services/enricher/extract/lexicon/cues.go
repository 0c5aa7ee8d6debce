package lexicon

import (
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"time"

	"github.com/tidings-news/tidings/pkg/words"
	"github.com/tidings-news/tidings/services/enricher/extract/fold"
)

// Cues are the small closed word lists of data/cues.tsv, one field per
// list (what each list is for is written beside it in the file). Words
// are folded with fold.Key.
type Cues struct {
	Abbreviations, NameParticles, Connectors, MiscOpeners, TitleCaseSmall                                                                                                                                                      Words
	Pronouns, FormerWords, TitleKeepers, StaffNouns, PlacePrepsBefore, MotionVerbs, PersonVerbs                                                                                                                                Words
	SpeakerBreaks, SpeakerDeterminers, Prepositions, CataphoraOpeners, ObjectPrepositions                                                                                                                                      Words
	CorporateSuffixes, GenericOrgWords, GenericRoles                                                                                                                                                                           Words
	CueFillers, TermOpeners, SpeakerPhraseDeterminers, PossessiveDeterminers, NounPrepositions                                                                                                                                 Words
	LabourCues, StrikeWords, RelativePronouns, Subordinators, TimeSubordinators, ClauseVerbs                                                                                                                                   Words
	BothNouns, LocPreps, PlaceFillers, FutureModals, FutureBefore                                                                                                                                                              Words
	NounDeterminers, GerundPreps, VerbMarkers, BeForms, Negations, TimexOpeners, HypotheticalModals, Conditionals, DesireVerbs, ForceNouns, SportsWords, NounVerbForms, PartyLetters, NotNamesAlone, PersonHeads, NameSuffixes Words
}

// keyOnly are the lists read by key (Has) alone: they take no Class bit.
func (c *Cues) keyOnly() map[string]*Words {
	return map[string]*Words{"name-suffixes": &c.NameSuffixes}
}

// lists maps each list name of the file to its field.
func (c *Cues) lists() map[string]*Words {
	m := c.classLists()
	for n, w := range c.keyOnly() {
		m[n] = w
	}
	return m
}

// classLists maps the name of each list with a Class bit to its field.
func (c *Cues) classLists() map[string]*Words {
	return map[string]*Words{
		"abbreviations": &c.Abbreviations, "name-particles": &c.NameParticles, "connectors": &c.Connectors,
		"misc-openers": &c.MiscOpeners, "title-case-small": &c.TitleCaseSmall,
		"pronouns": &c.Pronouns, "former-words": &c.FormerWords, "title-keepers": &c.TitleKeepers,
		"staff-nouns": &c.StaffNouns, "place-preps-before": &c.PlacePrepsBefore, "motion-verbs": &c.MotionVerbs,
		"person-verbs": &c.PersonVerbs, "speaker-breaks": &c.SpeakerBreaks, "speaker-determiners": &c.SpeakerDeterminers,
		"prepositions": &c.Prepositions, "cataphora-openers": &c.CataphoraOpeners, "object-prepositions": &c.ObjectPrepositions,
		"corporate-suffixes": &c.CorporateSuffixes, "generic-org-words": &c.GenericOrgWords, "generic-roles": &c.GenericRoles,
		"cue-fillers": &c.CueFillers, "term-openers": &c.TermOpeners,
		"speaker-phrase-determiners": &c.SpeakerPhraseDeterminers, "possessive-determiners": &c.PossessiveDeterminers, "noun-prepositions": &c.NounPrepositions, "labour-cues": &c.LabourCues, "strike-words": &c.StrikeWords,
		"relative-pronouns": &c.RelativePronouns, "subordinators": &c.Subordinators, "time-subordinators": &c.TimeSubordinators,
		"clause-verbs": &c.ClauseVerbs, "both-nouns": &c.BothNouns, "loc-preps": &c.LocPreps, "place-fillers": &c.PlaceFillers,
		"future-modals": &c.FutureModals, "future-before": &c.FutureBefore, "noun-determiners": &c.NounDeterminers,
		"gerund-preps": &c.GerundPreps, "verb-markers": &c.VerbMarkers, "be-forms": &c.BeForms, "negations": &c.Negations,
		"timex-openers": &c.TimexOpeners, "hypothetical-modals": &c.HypotheticalModals, "conditionals": &c.Conditionals, "desire-verbs": &c.DesireVerbs, "force-nouns": &c.ForceNouns, "sports-words": &c.SportsWords, "noun-verb-forms": &c.NounVerbForms, "party-letters": &c.PartyLetters, "not-names-alone": &c.NotNamesAlone, "person-heads": &c.PersonHeads,
	}
}

// sets returns every list, in a fixed order.
func (c *Cues) sets() []*Words {
	lists := c.classLists()
	names := make([]string, 0, len(lists))
	for n := range lists {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]*Words, len(names))
	for i, n := range names {
		out[i] = lists[n]
	}
	return out
}

// load reads data/cues.tsv: an unknown list name is an error, and so is a
// list the file does not fill.
func (c *Cues) load(fsys fs.FS) error {
	lists := c.lists()
	t := &words.Table{File: "cues.tsv", Columns: []string{"list", "words"}, Required: []string{"list", "words"}, Row: func(r words.Row) error {
		w, ok := lists[r.Get("list")]
		if !ok {
			return fmt.Errorf("unknown list %q", r.Get("list"))
		}
		for _, word := range strings.Fields(r.Get("words")) {
			w.add(fold.Key(word))
		}
		return nil
	}}
	if err := t.Load(fsys); err != nil {
		return fmt.Errorf("lexicon %w", err)
	}
	for name, w := range lists {
		if w.Len() == 0 {
			return fmt.Errorf("lexicon cues.tsv: list %q missing", name)
		}
	}
	return nil
}

// Calendar holds the calendar words of time expressions (pkg/words'
// calendar table; no abbreviated weekday: "sun" and "sat" are words too).
type Calendar struct {
	Weekdays     map[string]time.Weekday
	Months       map[string]time.Month
	RelativeDays map[string]int // days from the article's date
	DayParts     Words
	// Names are the full day and month names that are never people (not "May").
	Names Words
}

// load reads the calendar table and adds the abbreviated months ("jan",
// "sept") to abbrevs, the words whose full stop ends no sentence.
func (c *Calendar) load(abbrevs *Words) error {
	ws, err := words.Calendar()
	if err != nil {
		return err
	}
	c.Weekdays, c.Months, c.RelativeDays = map[string]time.Weekday{}, map[string]time.Month{}, map[string]int{}
	for _, w := range ws {
		k := fold.Key(w.Word)
		switch {
		case w.Kind == words.Weekday && !w.Abbrev:
			c.Weekdays[k] = time.Weekday(w.Value)
		case w.Kind == words.Month:
			c.Months[k] = time.Month(w.Value)
			if w.Abbrev {
				abbrevs.add(k)
			}
		case w.Kind == words.RelativeDay:
			c.RelativeDays[k] = w.Value
		case w.Kind == words.DayPart:
			c.DayParts.add(k)
		}
		if (w.Kind == words.Weekday || w.Kind == words.Month) && !w.Abbrev && !w.Name {
			c.Names.add(k)
		}
	}
	if len(c.Weekdays) != 7 || len(c.Months) < 12 {
		return fmt.Errorf("words calendar.tsv: %d weekdays and %d month names", len(c.Weekdays), len(c.Months))
	}
	return nil
}
