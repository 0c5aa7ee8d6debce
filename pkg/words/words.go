// Package words holds the English word tables more than one stage reads —
// calendar words and speech verbs — as tab-separated data files under data/,
// embedded, each read by a typed loader that rejects unknown columns, flags
// and kinds. Table is the reader, for other tables of the same format.
package words

import (
	"embed"
	"fmt"
	"io/fs"
	"strconv"
)

//go:embed data/*.tsv
var dataFS embed.FS

// Calendar word kinds.
const (
	Weekday     = "weekday"      // Value: 0 = Sunday … 6
	Month       = "month"        // Value: 1 … 12
	RelativeDay = "relative-day" // Value: days from the article's date
	DayPart     = "day-part"     // no Value
)

// CalendarWord is one row of data/calendar.tsv.
type CalendarWord struct {
	Word   string // lower case
	Kind   string // Weekday, Month, RelativeDay or DayPart
	Value  int
	Abbrev bool // an abbreviation ("sept", "wed")
	Name   bool // a name as often ("May")
}

// Calendar returns the calendar words in file order.
func Calendar() ([]CalendarWord, error) { return calendar(dataFS) }

func calendar(fsys fs.FS) ([]CalendarWord, error) {
	var out []CalendarWord
	t := &Table{File: "calendar.tsv", Columns: []string{"word", "kind", "value", "flags"}, Required: []string{"word", "kind"}, Flags: "an", Row: func(r Row) error {
		w := CalendarWord{Word: r.Get("word"), Kind: r.Get("kind"), Abbrev: r.Has('a'), Name: r.Has('n')}
		if w.Kind == DayPart {
			if r.Get("value") != "" {
				return fmt.Errorf("a day part has no value")
			}
			out = append(out, w)
			return nil
		}
		v, err := strconv.Atoi(r.Get("value"))
		if err != nil {
			return fmt.Errorf("value %q: %w", r.Get("value"), err)
		}
		w.Value = v
		switch {
		case w.Kind == Weekday && v >= 0 && v <= 6, w.Kind == Month && v >= 1 && v <= 12, w.Kind == RelativeDay:
		default:
			return fmt.Errorf("kind %q with value %d unknown", w.Kind, v)
		}
		out = append(out, w)
		return nil
	}}
	if err := t.Load(fsys); err != nil {
		return nil, fmt.Errorf("words %w", err)
	}
	return out, nil
}

// SpeechVerb is one row of data/speechverbs.tsv: a form of a verb that
// introduces reported speech.
type SpeechVerb struct {
	Form  string // lower case
	Lemma string
	// Participle forms ("saying", "adding") take the clause's subject as speaker.
	Participle bool
	// Addressee: the object after the verb is the one addressed ("told
	// reporters"), never the speaker.
	Addressee bool
	// AfterQuote forms are finite and no common noun: after a quote ending
	// in "?" or "!" they attribute it ("“Why?” she asked.").
	AfterQuote bool
}

// SpeechVerbs returns the speech verb forms in file order.
func SpeechVerbs() ([]SpeechVerb, error) { return speechVerbs(dataFS) }

func speechVerbs(fsys fs.FS) ([]SpeechVerb, error) {
	var out []SpeechVerb
	t := &Table{File: "speechverbs.tsv", Columns: []string{"form", "lemma", "flags"}, Required: []string{"form", "lemma"}, Flags: "poq", Row: func(r Row) error {
		out = append(out, SpeechVerb{Form: r.Get("form"), Lemma: r.Get("lemma"), Participle: r.Has('p'), Addressee: r.Has('o'), AfterQuote: r.Has('q')})
		return nil
	}}
	if err := t.Load(fsys); err != nil {
		return nil, fmt.Errorf("words %w", err)
	}
	return out, nil
}
