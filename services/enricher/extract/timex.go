package extract

import (
	"strconv"
	"time"
)

// timex is a time expression found in the body.
type timex struct {
	T0, T1 int
	Text   string
	// resolve turns it into a date given the article's date and whether the
	// event is reported as future.
	weekday  time.Weekday
	isDay    bool
	offset   int // days from the article's date
	hasOff   bool
	month    time.Month
	dayOfMon int
	year     int
	next     bool
	last     bool
}

var weekdays = map[string]time.Weekday{"monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday, "sunday": time.Sunday}

var months = map[string]time.Month{"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
	"july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}

var dayParts = map[string]bool{"morning": true, "afternoon": true, "evening": true, "night": true}

var relativeDays = map[string]int{"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1, "overnight": 0}

// findTimex returns the time expressions of sentence s outside quotes.
func (d *doc) findTimex(s int) []timex {
	var out []timex
	sp := d.sents[s]
	i0 := d.tokenAt(sp.Start)
	for i := i0; i < len(d.toks) && d.toks[i].Start < sp.End; i++ {
		t := d.toks[i]
		if t.Quote >= 0 || !d.isWord(i) {
			continue
		}
		start := i
		if i > i0 && (d.toks[i-1].Key == "on" || d.toks[i-1].Key == "earlier" || d.toks[i-1].Key == "later") {
			start = i - 1
		}
		switch {
		case t.Cap && weekdays[t.Key] != 0 || t.Key == "sunday":
			x := timex{weekday: weekdays[t.Key], isDay: true}
			end := i + 1
			if end < len(d.toks) && dayParts[d.toks[end].Key] {
				end++
			}
			if end < len(d.toks) && d.toks[end].Kind == tPoss {
				end = i + 1
			}
			if i > i0 {
				switch d.toks[i-1].Key {
				case "next":
					x.next, start = true, i-1
				case "last":
					x.last, start = true, i-1
				}
			}
			x.T0, x.T1 = start, end
			out = append(out, x)
		case relativeDays[t.Key] != 0 || t.Key == "today" || t.Key == "tonight" || t.Key == "overnight":
			out = append(out, timex{T0: i, T1: i + 1, offset: relativeDays[t.Key], hasOff: true})
		case (t.Key == "this" || t.Key == "last" || t.Key == "next") && i+1 < len(d.toks):
			n := d.toks[i+1].Key
			x := timex{T0: i, T1: i + 2}
			switch {
			case n == "week" || n == "weekend":
				x.hasOff = true
				if t.Key == "last" {
					x.offset = -7
					if n == "weekend" {
						x.offset = -1000 // resolved below
					}
				} else if t.Key == "next" {
					x.offset = 7
				}
			case n == "morning" || n == "afternoon" || n == "evening":
				x.hasOff = t.Key == "this"
			case n == "month" || n == "year" || n == "summer" || n == "winter" || n == "spring" || n == "autumn":
			default:
				continue
			}
			if i > i0 && d.toks[i-1].Key == "earlier" {
				x.T0 = i - 1
			}
			out = append(out, x)
		case t.Kind == tNum && i+1 < len(d.toks) && months[d.toks[i+1].Key] != 0 && d.toks[i+1].Cap:
			day, _ := strconv.Atoi(t.Text)
			x := timex{T0: start, T1: i + 2, month: months[d.toks[i+1].Key], dayOfMon: day}
			if i+2 < len(d.toks) && d.toks[i+2].Kind == tNum && len(d.toks[i+2].Text) == 4 {
				x.year, _ = strconv.Atoi(d.toks[i+2].Text)
				x.T1++
			}
			if day >= 1 && day <= 31 {
				out = append(out, x)
			}
		case t.Cap && months[t.Key] != 0 && len(t.Key) > 3 && i+1 < len(d.toks) && d.toks[i+1].Kind == tNum:
			day, _ := strconv.Atoi(d.toks[i+1].Text)
			if day >= 1 && day <= 31 {
				out = append(out, timex{T0: start, T1: i + 2, month: months[t.Key], dayOfMon: day})
			}
		}
	}
	for k := range out {
		out[k].Text = d.body[d.toks[out[k].T0].Start:d.toks[out[k].T1-1].End]
	}
	return out
}

// resolve returns the date of x as YYYY-MM-DD, or "" if unknown.
func (x timex) resolve(pub *time.Time, future bool) string {
	if pub == nil || pub.IsZero() {
		return ""
	}
	p := time.Date(pub.Year(), pub.Month(), pub.Day(), 0, 0, 0, 0, time.UTC)
	switch {
	case x.isDay:
		diff := int(x.weekday - p.Weekday())
		if future || x.next {
			if diff <= 0 {
				diff += 7
			}
			if x.next && diff < 7 && !future {
				diff += 0
			}
		} else if diff > 0 {
			diff -= 7
		}
		if x.last && diff == 0 {
			diff = -7
		}
		return p.AddDate(0, 0, diff).Format(time.DateOnly)
	case x.hasOff && x.offset == -1000:
		diff := int(time.Saturday - p.Weekday())
		if diff >= 0 {
			diff -= 7
		}
		return p.AddDate(0, 0, diff).Format(time.DateOnly)
	case x.hasOff:
		return p.AddDate(0, 0, x.offset).Format(time.DateOnly)
	case x.month != 0:
		y := x.year
		if y == 0 {
			y = p.Year()
		}
		return time.Date(y, x.month, x.dayOfMon, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
	}
	return ""
}

// futureModals mark a future event by themselves; futureBefore words do
// when "to" follows ("is expected to travel", "plans to visit").
var (
	futureModals = map[string]bool{"will": true, "shall": true, "ll": true, "would": true}
	futureBefore = map[string]bool{"expected": true, "set": true, "due": true, "plans": true, "plan": true,
		"prepares": true, "preparing": true, "going": true, "intends": true, "aims": true, "scheduled": true}
)
