package meta

import "github.com/tidings-news/tidings/pkg/words"

// monthByName maps English month names and abbreviations to 1-12, and
// weekdays holds the weekday names and abbreviations: the calendar table of
// pkg/words. Read-only.
var monthByName, weekdays = calendar()

func calendar() (map[string]int, map[string]bool) {
	ws, err := words.Calendar()
	if err != nil {
		panic(err) // the embedded table, checked by pkg/words' tests
	}
	months, days := map[string]int{}, map[string]bool{}
	for _, w := range ws {
		switch w.Kind {
		case words.Month:
			months[w.Word] = w.Value
		case words.Weekday:
			days[w.Word] = true
		}
	}
	return months, days
}

// zones maps common time-zone abbreviations to seconds east of UTC. Read-only.
var zones = map[string]int{
	"GMT": 0, "UTC": 0, "Z": 0, "BST": 3600, "CET": 3600, "CEST": 7200, "EET": 7200, "EEST": 10800,
	"EST": -5 * 3600, "EDT": -4 * 3600, "CST": -6 * 3600, "CDT": -5 * 3600,
	"MST": -7 * 3600, "MDT": -6 * 3600, "PST": -8 * 3600, "PDT": -7 * 3600,
	"IST": 19800, "JST": 9 * 3600, "AEST": 10 * 3600, "AEDT": 11 * 3600,
}
