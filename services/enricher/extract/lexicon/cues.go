package lexicon

import (
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tidings-news/tidings/services/enricher/extract/fold"
)

// Cues are the small closed word lists of data/cues.tsv, one field per
// list (what each list is for is written beside it in the file). Words
// are folded with fold.Key.
type Cues struct {
	Abbreviations, NameParticles, Connectors, MiscOpeners, TitleCaseSmall, CalendarWords                                                                               Words
	Pronouns, FormerWords, TitleKeepers, StaffNouns, PlacePrepsBefore, MotionVerbs, PersonVerbs                                                                        Words
	SpeakerBreaks, SpeakerDeterminers, Prepositions, CataphoraOpeners, ObjectPrepositions                                                                              Words
	CorporateSuffixes, GenericOrgWords, GenericRoles                                                                                                                   Words
	CueFillers, TermOpeners, SpeakerPhraseDeterminers, PossessiveDeterminers, NounPrepositions                                                                         Words
	LabourCues, StrikeWords, RelativePronouns, Subordinators, TimeSubordinators, ClauseVerbs                                                                           Words
	BothNouns, LocPreps, PlaceFillers, FutureModals, FutureBefore                                                                                                      Words
	NounDeterminers, GerundPreps, VerbMarkers, BeForms, Negations, TimexOpeners, HypotheticalModals, Conditionals, DesireVerbs, ForceNouns, SportsWords, NounVerbForms Words
}

// lists maps each list name of the file to its field.
func (c *Cues) lists() map[string]*Words {
	return map[string]*Words{
		"abbreviations": &c.Abbreviations, "name-particles": &c.NameParticles, "connectors": &c.Connectors,
		"misc-openers": &c.MiscOpeners, "title-case-small": &c.TitleCaseSmall, "calendar-words": &c.CalendarWords,
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
		"timex-openers": &c.TimexOpeners, "hypothetical-modals": &c.HypotheticalModals, "conditionals": &c.Conditionals, "desire-verbs": &c.DesireVerbs, "force-nouns": &c.ForceNouns, "sports-words": &c.SportsWords, "noun-verb-forms": &c.NounVerbForms,
	}
}

// sets returns every list, in a fixed order.
func (c *Cues) sets() []*Words {
	lists := c.lists()
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
	t := &table{file: "cues.tsv", columns: []string{"list", "words"}, required: []string{"list", "words"}, row: func(r row) error {
		w, ok := lists[r.get("list")]
		if !ok {
			return fmt.Errorf("unknown list %q", r.get("list"))
		}
		for _, word := range strings.Fields(r.get("words")) {
			w.add(fold.Key(word))
		}
		return nil
	}}
	if err := t.load(fsys); err != nil {
		return err
	}
	for name, w := range lists {
		if w.Len() == 0 {
			return fmt.Errorf("lexicon cues.tsv: list %q missing", name)
		}
	}
	return nil
}

// Calendar holds the calendar words of time expressions (data/calendar.tsv).
type Calendar struct {
	Weekdays     map[string]time.Weekday
	Months       map[string]time.Month
	RelativeDays map[string]int // days from the article's date
	DayParts     Words
}

func (c *Calendar) load(fsys fs.FS) error {
	c.Weekdays, c.Months, c.RelativeDays = map[string]time.Weekday{}, map[string]time.Month{}, map[string]int{}
	t := &table{file: "calendar.tsv", columns: []string{"word", "kind", "value"}, required: []string{"word", "kind"}, row: func(r row) error {
		w, kind := fold.Key(r.get("word")), r.get("kind")
		if kind == "day-part" {
			if r.get("value") != "" {
				return fmt.Errorf("a day part has no value")
			}
			c.DayParts.add(w)
			return nil
		}
		v, err := strconv.Atoi(r.get("value"))
		if err != nil {
			return fmt.Errorf("value %q: %w", r.get("value"), err)
		}
		switch {
		case kind == "weekday" && v >= 0 && v <= 6:
			c.Weekdays[w] = time.Weekday(v)
		case kind == "month" && v >= 1 && v <= 12:
			c.Months[w] = time.Month(v)
		case kind == "relative-day":
			c.RelativeDays[w] = v
		default:
			return fmt.Errorf("kind %q with value %d unknown", kind, v)
		}
		return nil
	}}
	if err := t.load(fsys); err != nil {
		return err
	}
	if len(c.Weekdays) != 7 || len(c.Months) < 12 {
		return fmt.Errorf("lexicon calendar.tsv: %d weekdays and %d month names", len(c.Weekdays), len(c.Months))
	}
	return nil
}
