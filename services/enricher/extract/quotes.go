package extract

import (
	"unicode"
	"unicode/utf8"

	"github.com/tidings-news/tidings/pkg/events"
)

// attribution is who said a quote and with which verb.
type attribution struct {
	Ent  int    // speaking entity, -1 if unnamed or unknown
	Name string // the unnamed speaker's words ("a Number 10 spokesman")
	Cue  string
	ok   bool
}

// extractQuotes finds direct speech and its speakers.
func (d *doc) extractQuotes() []events.Quote {
	var out []events.Quote
	var prev attribution
	prevPara := -10
	for qi := range d.quotes {
		q := d.quotes[qi]
		words := d.quoteWords(qi)
		if words == 0 {
			continue
		}
		att := d.attribute(qi)
		paraStart := d.quoteOpensParagraph(q)
		if !att.ok && (q.Cont || paraStart) && prev.ok && q.Para-prevPara <= 2 {
			att = prev // a continuation paragraph: the same speaker goes on
		}
		if !att.ok && paraStart && q.Para > 0 {
			att = d.attributeFromColon(q.Para - 1) // "In a statement, the ministry said:" ¶ "“…”"
		}
		if !att.ok && prev.ok && q.Para == prevPara && d.opensSentence(q) && words >= 3 {
			att = prev // "“…,” Whitfield said. “The votes are there.”"
		}
		if !att.ok {
			if words < 8 || !paraStart {
				continue // a scare-quoted term or title, not speech
			}
		} else if words <= 4 && d.isTermQuote(q) {
			continue
		}
		rec := events.Quote{Text: d.body[q.Start:q.End], Start: q.Start, End: q.End, Cue: att.Cue, Partial: d.isPartial(q)}
		if att.Ent >= 0 {
			e := d.link.entities[att.Ent]
			rec.Speaker = &events.Ref{ID: e.ID, Name: e.Name}
		} else if att.Name != "" {
			rec.Speaker = &events.Ref{Name: att.Name}
		}
		out = append(out, rec)
		if att.ok {
			prev, prevPara = att, q.Para
		}
	}
	return out
}

func (d *doc) quoteWords(qi int) int {
	n := 0
	for _, t := range d.toks {
		if t.Quote == qi && t.Kind == tWord {
			n++
		}
	}
	return n
}

// quoteOpensParagraph reports whether the quote's mark opens its paragraph.
func (d *doc) quoteOpensParagraph(q quote) bool {
	return q.Para < len(d.paras) && d.paras[q.Para].Start == q.Open
}

// isTermQuote reports a short quoted phrase used as a term: after an article
// or "so-called" ("a “grand bargain”").
func (d *doc) isTermQuote(q quote) bool {
	i := d.tokenAt(q.Open) - 1
	if i < 0 {
		return false
	}
	switch d.toks[i].Key {
	case "a", "an", "the", "so called", "called", "its", "their", "his", "her", "our", "this", "that":
		return true
	}
	return false
}

// isPartial reports a fragment inside reported speech: it does not follow a
// colon, a comma or the start of a sentence or paragraph, or it starts in
// lower case.
func (d *doc) isPartial(q quote) bool {
	r, _ := utf8.DecodeRuneInString(d.body[q.Start:])
	if unicode.IsLower(r) {
		return true
	}
	return !d.opensSentence(q)
}

// opensSentence reports whether the quote's mark follows a colon, a comma,
// a dash, the end of a sentence or the start of the paragraph.
func (d *doc) opensSentence(q quote) bool {
	p := q.Open
	for p > 0 {
		r, n := utf8.DecodeLastRuneInString(d.body[:p])
		if r == '\n' {
			return true
		}
		if !unicode.IsSpace(r) {
			return r == ':' || r == ',' || r == '\u2014' || r == '\u2013' || r == '.' || r == '!' || r == '?' ||
				r == '\u201d' || r == '"'
		}
		p -= n
	}
	return true
}

// attribute finds the speech verb and speaker of quote qi in the sentence
// that holds it: before the quote ("X said: “…”"), after it ("“…”, X warned")
// or elsewhere in the same sentence ("…, adding that “…”").
func (d *doc) attribute(qi int) attribution {
	q := d.quotes[qi]
	openTok := d.tokenAt(q.Open)
	closeTok := len(d.toks)
	if q.Close >= 0 {
		closeTok = d.tokenAt(q.Close) + 1
	}
	if openTok >= len(d.toks) {
		return attribution{}
	}
	s0 := d.toks[openTok].Sent
	// after the quote: "”, Sir Alan warned."
	if closeTok < len(d.toks) {
		s1 := d.toks[closeTok-1].Sent
		for i := closeTok; i < len(d.toks) && i < closeTok+8 && d.toks[i].Sent == s1; i++ {
			if d.toks[i].Quote >= 0 {
				break
			}
			if sv, ok := d.lx.speech[d.toks[i].Key]; ok {
				if a := d.speakerNear(s1, closeTok, i, sv); a.ok {
					return a
				}
				break
			}
			if !d.inAgent(s1, i) && !cueFiller[d.toks[i].Key] && d.toks[i].Text != "," {
				break // the quote is followed by more narrative, not by its speaker
			}
		}
	}
	// before the quote, in its sentence
	for i := openTok - 1; i >= 0 && d.toks[i].Sent == s0; i-- {
		if d.toks[i].Quote >= 0 {
			continue
		}
		if sv, ok := d.lx.speech[d.toks[i].Key]; ok {
			if a := d.speakerBefore(s0, i, sv); a.ok {
				return a
			}
		}
	}
	return attribution{}
}

// attributeFromColon attributes a quote that opens a paragraph to the
// speech verb at the end of the previous paragraph, when it ends in a colon.
func (d *doc) attributeFromColon(para int) attribution {
	p := d.paras[para]
	last := d.tokenAt(p.End) - 1
	if last < 0 || d.toks[last].Text != ":" || d.toks[last].Quote >= 0 {
		return attribution{}
	}
	for i := last - 1; i >= 0 && i >= last-6 && d.toks[i].Start >= p.Start; i-- {
		if sv, ok := d.lx.speech[d.toks[i].Key]; ok {
			return d.speakerBefore(d.toks[i].Sent, i, sv)
		}
	}
	return attribution{}
}

// cueFiller are words allowed between a quote and its speech verb.
var cueFiller = map[string]bool{"also": true, "then": true, "later": true, "has": true, "had": true, "have": true,
	"once": true, "again": true, "further": true, "previously": true, "earlier": true}

// inAgent reports whether token i belongs to an agent of sentence s.
func (d *doc) inAgent(s, i int) bool {
	for _, a := range d.agents[s] {
		if i >= a.T0 && i < a.T1 {
			return true
		}
	}
	return false
}

func (d *doc) isNORP(ei int) bool { return ei >= 0 && d.link.entities[ei].Type == "NORP" }

func (d *doc) attributionOf(a *agent, cue string) attribution {
	if a == nil {
		return attribution{}
	}
	if a.Ent >= 0 {
		return attribution{Ent: a.Ent, Cue: cue, ok: true}
	}
	if a.Name != "" {
		return attribution{Ent: -1, Name: a.Name, Cue: cue, ok: true}
	}
	return attribution{}
}

// speakerBefore finds the speaker of a verb at token v that precedes the
// quote: the clause's subject for a participle, else the closest agent
// before the verb, else right after it ("said Mr Smith").
func (d *doc) speakerBefore(s, v int, sv speechVerb) attribution {
	cue := d.toks[v].Text
	as := d.agents[s]
	if sv.Lemma == "according to" {
		for i := range as {
			if as[i].T0 > v && as[i].T0 <= v+3 {
				return d.attributionOf(&as[i], cue) // "according to Jane Smith"
			}
		}
		return attribution{}
	}
	if sv.Participle {
		for i := range as {
			if as[i].T1 == v && (as[i].Ent >= 0 || as[i].Name != "") && !d.isNORP(as[i].Ent) {
				return d.attributionOf(&as[i], cue) // "with spokesman Pavel Orlov saying"
			}
		}
		return d.attributionOf(d.subjectAgent(s, v), cue)
	}
	limit := d.skipAppositive(v)
	for i := len(as) - 1; i >= 0; i-- {
		if as[i].T1 <= limit && (as[i].Ent >= 0 || as[i].Name != "") {
			if (as[i].Prep && !as[i].Pronoun) || d.isNORP(as[i].Ent) {
				continue
			}
			return d.attributionOf(&as[i], cue)
		}
	}
	for i := range as {
		if as[i].T0 > v && as[i].T0 <= v+3 {
			return d.attributionOf(&as[i], cue)
		}
	}
	if a := d.subjectAgent(s, v); a != nil {
		return d.attributionOf(a, cue)
	}
	if name := d.nounPhraseBefore(v); name != "" {
		return attribution{Ent: -1, Name: name, Cue: cue, ok: true}
	}
	return attribution{}
}

// skipAppositive returns where the subject of the verb at v must end: before
// a comma-delimited apposition or relative clause that ends right before the
// verb ("Marsh, who met …, said"; "Sir Ewan Trask, chief of …, said").
func (d *doc) skipAppositive(v int) int {
	if v == 0 || d.toks[v-1].Text != "," {
		return v
	}
	s := d.toks[v].Sent
	for c := v - 2; c >= 0 && c >= v-30 && d.toks[c].Sent == s; c-- {
		if d.toks[c].Quote >= 0 {
			return v
		}
		if d.toks[c].Text == "," {
			if c+1 < len(d.toks) && d.opensApposition(c+1) {
				return c
			}
			return v
		}
	}
	return v
}

// opensApposition reports a relative pronoun, an article or a title at k.
func (d *doc) opensApposition(k int) bool {
	switch d.toks[k].Key {
	case "who", "which", "whose", "a", "an", "the", "now", "then", "himself", "herself":
		return true
	}
	if _, n := d.rec.roleAt(k); n > 0 {
		return true
	}
	return false
}

// nounPhraseBefore returns a determiner phrase right before token v that
// opens its sentence or clause ("One senior backbencher said …").
func (d *doc) nounPhraseBefore(v int) string {
	s := d.toks[v].Sent
	for j := v - 1; j >= 0 && j >= v-5 && d.toks[j].Sent == s; j-- {
		t := d.toks[j]
		if !d.isWord(j) || t.Quote >= 0 {
			return ""
		}
		switch t.Key {
		case "a", "an", "the", "one", "another", "two", "three", "several", "some", "many":
			if j == v-1 {
				return ""
			}
			if t.Initial || (j > 0 && d.toks[j-1].Text == ",") {
				return d.body[t.Start:d.toks[v-1].End]
			}
			return ""
		}
	}
	return ""
}

// speakerNear finds the speaker of a verb at token v after a quote that
// closed at token from: the agent between the quote and the verb, or right
// after the verb.
func (d *doc) speakerNear(s, from, v int, sv speechVerb) attribution {
	cue := d.toks[v].Text
	as := d.agents[s]
	for i := range as {
		if as[i].T0 >= from && as[i].T1 <= v {
			return d.attributionOf(&as[i], cue)
		}
	}
	for i := range as {
		if as[i].T0 > v && as[i].T0 <= v+3 {
			return d.attributionOf(&as[i], cue)
		}
	}
	if sv.Participle {
		return d.attributionOf(d.subjectAgent(s, from), cue)
	}
	return attribution{}
}
