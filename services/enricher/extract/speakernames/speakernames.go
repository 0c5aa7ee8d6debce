// Package speakernames is a rule pass after the recogniser: the name of
// someone who speaks is a person's. A capitalised word or two right before
// a speech verb ("Sanders said", "Gillibrand replied") or right after one
// that follows a quote ("”, said Hester") is a person's name when the
// recogniser found nothing there, or found a place the gazetteer does not
// know ("Mr. Obama said" is no place). A single word opening its sentence
// counts only when the article also writes it capitalised inside a
// sentence ("Traders said" is no name); what the recogniser typed, and
// names the gazetteer knows, are left as they are ("Boeing said", "Kyiv
// said"), and so is a name after a preposition ("police in Liege said").
package speakernames

import (
	"context"
	"slices"
	"strings"

	"github.com/tidings-news/tidings/services/enricher/extract/layer"
	"github.com/tidings-news/tidings/services/enricher/extract/lexicon"
	"github.com/tidings-news/tidings/services/enricher/extract/lookup"
)

// maxWords is the longest name this pass adds.
const maxWords = 3

// pass holds the lexicon for the methods of Run.
type pass struct{ lx *lexicon.Lexicon }

// Run is the speakernames pass: it makes the names of speakers persons.
func Run(_ context.Context, d *layer.Doc, lx *lexicon.Lexicon) error {
	p := &pass{lx: lx}
	var add []layer.Mention
	for v := range d.Toks {
		if !p.speechVerb(d, v) {
			continue
		}
		for _, r := range []run{p.runBefore(d, v), p.runAfter(d, v)} {
			if r.t1 <= r.t0 {
				continue
			}
			if m, ok := p.person(d, r); ok {
				add = append(add, m)
			}
		}
	}
	if len(add) == 0 {
		return nil
	}
	for _, m := range add {
		if !overlaps(d.Mentions, m) {
			d.AddMention(m)
		}
	}
	slices.SortStableFunc(d.Mentions, func(a, b layer.Mention) int { return a.Start - b.Start })
	return nil
}

// run is a stretch of capitalised words, tokens [t0, t1).
type run struct{ t0, t1 int }

// speechVerb reports a speech verb at token v outside quotes, not a noun
// after a determiner ("the states") and not a participle.
func (p *pass) speechVerb(d *layer.Doc, v int) bool {
	t := d.Toks[v]
	if t.Class&lexicon.ClassSpeech == 0 || t.Quote >= 0 || t.Cap {
		return false
	}
	if sv := p.lx.Speech[t.Key]; sv.Participle || sv.Lemma == "according to" {
		return false
	}
	return v == 0 || !p.lx.Cues.NounDeterminers.In(d.Toks[v-1].Class)
}

// runBefore returns the capitalised words right before the verb at v,
// past adverbs ("Sanders also said").
func (p *pass) runBefore(d *layer.Doc, v int) run {
	k := v - 1
	for k >= 0 && d.SameRun(k+1) && !d.Toks[k].Cap && (p.lx.Cues.CueFillers.In(d.Toks[k].Class) || strings.HasSuffix(d.Toks[k].Key, "ly")) {
		k--
	}
	if k < 0 || !d.CapWord(k) || !d.SameRun(k+1) {
		return run{}
	}
	t0 := k
	for t0 > 0 && k-t0+1 < maxWords && d.CapWord(t0-1) && d.SameRun(t0) {
		t0--
	}
	return p.trim(d, run{t0, k + 1})
}

// runAfter returns the capitalised words right after a verb that follows
// a quote and a comma ("”, said Hester").
func (p *pass) runAfter(d *layer.Doc, v int) run {
	if v < 1 || !isClosingMark(d.Toks[v-1].Text) && !(v >= 2 && d.Toks[v-1].Text == "," && isClosingMark(d.Toks[v-2].Text)) {
		return run{} // not right after a quote: ”, said X / ,” said X
	}
	t0 := v + 1
	if _, n := lookup.Honor(d, p.lx, t0); n > 0 {
		t0 += n // the titles pass reads the honorific
	}
	t1 := t0
	for t1 < len(d.Toks) && t1-t0 < maxWords && d.CapWord(t1) && (t1 == t0 || d.SameRun(t1)) {
		t1++
	}
	return p.trim(d, run{t0, t1})
}

func isClosingMark(s string) bool { return s == "\u201d" || s == "\"" || s == "\u2019" }

// trim drops words at the start of r that are no names: a word opening the
// sentence that the lexicon knows as such ("But Sanders said"), a title
// ("President"), a day or a month.
func (p *pass) trim(d *layer.Doc, r run) run {
	for r.t0 < r.t1 {
		t := d.Toks[r.t0]
		_, role := lookup.Role(d, p.lx, r.t0)
		if !(t.Initial && p.lx.Stop.In(t.Class)) && role == 0 && !p.lx.Calendar.Names.In(t.Class) &&
			!p.lx.NotNames.In(t.Class) && !p.lx.Cues.Pronouns.In(t.Class) && !p.lx.Cues.NotNamesAlone.In(t.Class) {
			break
		}
		r.t0++
	}
	return r
}

// person returns the person mention to add for r, or retypes the place
// the recogniser found there; ok is false when there is nothing to add.
func (p *pass) person(d *layer.Doc, r run) (layer.Mention, bool) {
	start, end := d.Toks[r.t0].Start, d.Toks[r.t1-1].End
	if r.t0 > 0 && p.lx.Cues.Prepositions.In(d.Toks[r.t0-1].Class) {
		return layer.Mention{}, false // "police in Liege said": the place qualifies the speaker
	}
	for i := range d.Mentions {
		m := &d.Mentions[i]
		if m.End > start && m.Start < end {
			if m.Start == start && m.End == end && m.Type == layer.Loc && m.Gaz == nil {
				m.Type = layer.Person // "Mr. Obama said": no place the gazetteer knows
			}
			return layer.Mention{}, false
		}
	}
	if e, n := lookup.Gaz(d, p.lx, r.t0); e != nil && (r.t0+n >= r.t1 || layer.GazType(e) == layer.Norp) {
		return layer.Mention{}, false // a place or body the gazetteer knows speaks for itself
	}
	if r.t1-r.t0 == 1 && d.Toks[r.t0].Initial && !capitalisedInside(d, r.t0) {
		return layer.Mention{}, false
	}
	return layer.Mention{T0: r.t0, T1: r.t1, Type: layer.Person, Kind: layer.KindName}, true
}

// capitalisedInside reports that the word at token i is also written
// capitalised inside a sentence somewhere in the article.
func capitalisedInside(d *layer.Doc, i int) bool {
	for _, t := range d.Toks {
		if t.Key == d.Toks[i].Key && t.Cap && !t.Initial {
			return true
		}
	}
	return false
}

// overlaps reports a mention of ms that overlaps m's tokens.
func overlaps(ms []layer.Mention, m layer.Mention) bool {
	for _, o := range ms {
		if o.T0 < m.T1 && m.T0 < o.T1 {
			return true
		}
	}
	return false
}
