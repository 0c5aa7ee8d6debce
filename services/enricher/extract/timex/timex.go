// Package timex finds time expressions in a sentence ("on Tuesday", "next
// week", "yesterday", "3 March 2025") and resolves them to a date against
// the article's publication date.
package timex

import (
	"strconv"
	"time"

	"github.com/tidings-news/tidings/services/enricher/extract/layer"
	"github.com/tidings-news/tidings/services/enricher/extract/lexicon"
)

// Expr is a time expression found in the body.
type Expr struct {
	T0, T1 int
	Text   string
	// what Resolve needs
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

// lastWeekend marks "last weekend", resolved to the Saturday before.
const lastWeekend = -1000

// Find returns the time expressions of sentence s outside quotes.
func Find(d *layer.Doc, lx *lexicon.Lexicon, s int) []Expr {
	var out []Expr
	sp := d.Sents[s]
	i0 := d.TokenAt(sp.Start)
	for i := i0; i < len(d.Toks) && d.Toks[i].Start < sp.End; i++ {
		if d.Toks[i].Quote >= 0 || !d.IsWord(i) {
			continue
		}
		if x, ok := at(d, lx, i0, i); ok {
			out = append(out, x)
		}
	}
	for k := range out {
		out[k].Text = d.Body[d.Toks[out[k].T0].Start:d.Toks[out[k].T1-1].End]
	}
	return out
}

// at reads a time expression at token i of a sentence starting at token i0.
func at(d *layer.Doc, lx *lexicon.Lexicon, i0, i int) (Expr, bool) {
	cal := &lx.Calendar
	t := &d.Toks[i]
	if t.Class&lexicon.ClassCalendar == 0 && t.Kind != layer.Num && t.Key != "this" && t.Key != "last" && t.Key != "next" {
		return Expr{}, false
	}
	start := i
	if i > i0 && lx.Cues.TimexOpeners.In(d.Toks[i-1].Class) {
		start = i - 1
	}
	wd, isWeekday := cal.Weekdays[t.Key]
	rel, isRelative := cal.RelativeDays[t.Key]
	switch {
	case isWeekday && (t.Cap || wd == time.Sunday):
		return weekday(d, lx, i0, i, start, wd), true
	case isRelative:
		return Expr{T0: i, T1: i + 1, offset: rel, hasOff: true}, true
	case (t.Key == "this" || t.Key == "last" || t.Key == "next") && i+1 < len(d.Toks):
		return relative(d, i0, i)
	case t.Kind == layer.Num && i+1 < len(d.Toks) && cal.Months[d.Toks[i+1].Key] != 0 && d.Toks[i+1].Cap:
		day, _ := strconv.Atoi(t.Text)
		x := Expr{T0: start, T1: i + 2, month: cal.Months[d.Toks[i+1].Key], dayOfMon: day}
		if i+2 < len(d.Toks) && d.Toks[i+2].Kind == layer.Num && len(d.Toks[i+2].Text) == 4 {
			x.year, _ = strconv.Atoi(d.Toks[i+2].Text)
			x.T1++
		}
		return x, day >= 1 && day <= 31
	case t.Cap && cal.Months[t.Key] != 0 && len(t.Key) > 3 && i+1 < len(d.Toks) && d.Toks[i+1].Kind == layer.Num:
		day, _ := strconv.Atoi(d.Toks[i+1].Text)
		return Expr{T0: start, T1: i + 2, month: cal.Months[t.Key], dayOfMon: day}, day >= 1 && day <= 31
	}
	return Expr{}, false
}

// weekday reads "on Tuesday", "next Friday", "Wednesday evening".
func weekday(d *layer.Doc, lx *lexicon.Lexicon, i0, i, start int, wd time.Weekday) Expr {
	x := Expr{weekday: wd, isDay: true}
	end := i + 1
	if end < len(d.Toks) && lx.Calendar.DayParts.In(d.Toks[end].Class) {
		end++
	}
	if end < len(d.Toks) && d.Toks[end].Kind == layer.Poss {
		end = i + 1
	}
	if i > i0 {
		switch d.Toks[i-1].Key {
		case "next":
			x.next, start = true, i-1
		case "last":
			x.last, start = true, i-1
		}
	}
	x.T0, x.T1 = start, end
	return x
}

// relative reads "this week", "last weekend", "next month", "this morning".
func relative(d *layer.Doc, i0, i int) (Expr, bool) {
	t, n := d.Toks[i], d.Toks[i+1].Key
	x := Expr{T0: i, T1: i + 2}
	switch {
	case n == "week" || n == "weekend":
		x.hasOff = true
		if t.Key == "last" {
			x.offset = -7
			if n == "weekend" {
				x.offset = lastWeekend
			}
		} else if t.Key == "next" {
			x.offset = 7
		}
	case n == "morning" || n == "afternoon" || n == "evening":
		x.hasOff = t.Key == "this"
	case n == "month" || n == "year" || n == "summer" || n == "winter" || n == "spring" || n == "autumn":
	default:
		return Expr{}, false
	}
	if i > i0 && d.Toks[i-1].Key == "earlier" {
		x.T0 = i - 1
	}
	return x, true
}

// Resolve returns the date of x as YYYY-MM-DD, or "" if unknown, given the
// article's date and whether the event is reported as future.
func (x Expr) Resolve(pub *time.Time, future bool) string {
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
		} else if diff > 0 {
			diff -= 7
		}
		if x.last && diff == 0 {
			diff = -7
		}
		return p.AddDate(0, 0, diff).Format(time.DateOnly)
	case x.hasOff && x.offset == lastWeekend:
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

// Nearest returns the expression closest to token tok, preferring those after it.
func Nearest(xs []Expr, tok int) (Expr, bool) {
	best, bestD := Expr{}, -1
	for _, x := range xs {
		dist := x.T0 - tok
		if dist < 0 {
			dist = -dist * 2 // prefer expressions after the trigger
		}
		if bestD < 0 || dist < bestD {
			best, bestD = x, dist
		}
	}
	return best, bestD >= 0
}
