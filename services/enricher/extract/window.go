package extract

import (
	"context"
	"slices"
	"sort"
	"unicode"
	"unicode/utf8"

	"github.com/tidings-news/tidings/pkg/events"
)

// WindowBytes is the longest body extracted in one piece. A longer article
// (a book, a transcript, a feed dump) is extracted window by window, each
// ending at a paragraph (else a sentence, else a space) boundary, and the
// windows' records are merged: time and memory then grow with the length,
// not faster, at the price of links across a window's edge (a pronoun whose
// name is in the window before). News articles are far shorter.
const WindowBytes = 64 << 10

// extractWindows enriches a long article window by window into out.
func (x *Extractor) extractWindows(ctx context.Context, a *events.Article, out *events.EnrichedArticle) error {
	byID := map[string]int{}
	d := x.doc(a)
	defer x.release(d)
	for start := 0; start < len(a.Body); {
		if err := ctx.Err(); err != nil {
			return err
		}
		end := windowEnd(a, start, WindowBytes)
		d.Reset(window(a, start, end))
		if err := x.annotate(ctx, d); err != nil {
			return err
		}
		for _, e := range renderEntities(d) {
			mergeEntity(out, byID, e, start)
		}
		for _, q := range d.Quotes {
			q.Start, q.End = q.Start+start, q.End+start
			out.Quotes = append(out.Quotes, q)
		}
		for _, ev := range d.Events {
			ev.Evidence.Start, ev.Evidence.End = ev.Evidence.Start+start, ev.Evidence.End+start
			out.Events = append(out.Events, ev)
		}
		start = end
	}
	return nil
}

// mergeEntity adds e, found in the window at offset, to out: its mentions
// join those of the entity with the same id from earlier windows.
func mergeEntity(out *events.EnrichedArticle, byID map[string]int, e events.Entity, offset int) {
	for i := range e.Mentions {
		e.Mentions[i].Start += offset
		e.Mentions[i].End += offset
	}
	i, seen := byID[e.ID]
	if !seen || e.ID == "" {
		byID[e.ID] = len(out.Entities)
		out.Entities = append(out.Entities, e)
		return
	}
	have := &out.Entities[i]
	have.Mentions = append(have.Mentions, e.Mentions...)
	if len(e.Name) > len(have.Name) { // the fullest name seen
		have.Aliases = append(have.Aliases, have.Name)
		have.Name = e.Name
	}
	for _, al := range e.Aliases {
		if !slices.Contains(have.Aliases, al) {
			have.Aliases = append(have.Aliases, al)
		}
	}
	have.Aliases = slices.DeleteFunc(have.Aliases, func(s string) bool { return s == have.Name })
	sort.Strings(have.Aliases)
}

// window is the part [start, end) of a as an article of its own, with the
// paragraphs and sentences inside it.
func window(a *events.Article, start, end int) *events.Article {
	w := *a
	w.Body = a.Body[start:end]
	w.Paragraphs = spansWithin(a.Paragraphs, start, end)
	w.Sentences = spansWithin(a.Sentences, start, end)
	return &w
}

// spansWithin returns the spans of ss inside [start, end), made relative to start.
func spansWithin(ss []events.Span, start, end int) []events.Span {
	var out []events.Span
	for _, s := range ss {
		if s.Start >= start && s.End <= end {
			out = append(out, events.Span{Start: s.Start - start, End: s.End - start})
		}
	}
	return out
}

// windowEnd is where the window starting at start ends: at most max bytes
// on, at the last paragraph start before that, else the last sentence
// start, else the last space, else the last character boundary.
func windowEnd(a *events.Article, start, max int) int {
	limit := start + max
	if limit >= len(a.Body) {
		return len(a.Body)
	}
	for _, ss := range [][]events.Span{a.Paragraphs, a.Sentences} {
		if cut := lastStartIn(ss, start, limit); cut > start {
			return cut
		}
	}
	body := a.Body
	for i := limit; i > start+max/2; {
		r, size := utf8.DecodeLastRuneInString(body[:i])
		if unicode.IsSpace(r) {
			return i
		}
		i -= size
	}
	for limit > start+1 && !utf8.RuneStart(body[limit]) {
		limit--
	}
	return limit
}

// lastStartIn is the largest span start in (lo, hi], or lo when none is
// (spans are in body order).
func lastStartIn(ss []events.Span, lo, hi int) int {
	i := sort.Search(len(ss), func(i int) bool { return ss[i].Start > hi })
	if i > 0 && ss[i-1].Start > lo {
		return ss[i-1].Start
	}
	return lo
}
