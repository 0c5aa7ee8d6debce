package quotes

import (
	"strings"

	"github.com/tidings-news/tidings/services/enricher/extract/agents"
	"github.com/tidings-news/tidings/services/enricher/extract/layer"
	"github.com/tidings-news/tidings/services/enricher/extract/lexicon"
)

// maxTail is how far after a quote its attribution clause may reach ("”,
// Scott Pruitt, the Republican attorney general of Oklahoma, said").
const maxTail = 30

// attribute finds the speech verb and speaker of quote qi in the sentence
// that holds it: in the clause after the quote ("“…”, X warned", "“…” ―
// X"), else before it ("X said: “…”", "…, adding that “…”").
func (p *quoter) attribute(qi int) attribution {
	d := p.d
	q := d.QuoteRegions[qi]
	openTok := d.TokenAt(q.Open)
	closeTok := len(d.Toks)
	if q.Close >= 0 {
		closeTok = d.TokenAt(q.Close) + 1
	}
	if openTok >= len(d.Toks) {
		return attribution{}
	}
	if p.inQuestion(openTok) {
		return attribution{} // "Asked whether Clinton “has the integrity …,” 75 percent said yes": the question's words
	}
	if a := p.attributeAfter(closeTok); a.ok {
		return a
	}
	// before the quote, in its sentence
	s0 := d.Toks[openTok].Sent
	lo := d.TokenAt(d.Sents[s0].Start)
	for i := openTok - 1; i >= lo; i-- {
		if d.Toks[i].Quote >= 0 {
			continue
		}
		if a := p.asPutIt(s0, i); a.ok {
			return a // "As one aide put it, “…”"
		}
		if sv, ok := p.speechAt(i); ok {
			if a := p.speakerOf(s0, i, lo, sv, false); a.ok {
				return a
			}
		}
	}
	return p.colonSpeaker(s0, openTok)
}

// inQuestion reports whether the quote that opens at token open lies in a
// clause that opens its sentence with "Asked whether", "Asked if": the
// words of a question put to someone, not anyone's answer.
func (p *quoter) inQuestion(open int) bool {
	d := p.d
	lo := d.TokenAt(d.Sents[d.Toks[open].Sent].Start)
	if lo+1 >= open || d.Toks[lo].Key != "asked" || !p.lx.Cues.Conditionals.In(d.Toks[lo+1].Class) {
		return false
	}
	for i := lo + 2; i < open; i++ {
		if d.Toks[i].Text == "," && d.Toks[i].Quote < 0 {
			return false // the quote is in the answer's clause
		}
	}
	return true
}

// colonSpeaker attributes a quote introduced by a colon right after a name:
// "The view of the pollster Ruth Adler: “…”".
func (p *quoter) colonSpeaker(s, openTok int) attribution {
	d := p.d
	c := openTok - 1
	if c < 1 || d.Toks[c].Text != ":" || d.Toks[c].Quote >= 0 {
		return attribution{}
	}
	a := p.agentEndingAt(s, c-1)
	if a == nil || (a.Ent >= 0 && (d.Entities[a.Ent].Type == layer.Loc || d.Entities[a.Ent].Type == layer.Norp)) {
		return attribution{}
	}
	return attributionOf(a, ":")
}

// speechAt returns the speech verb at token i; a form used as a noun
// after a determiner ("the states", "two reports") is none.
func (p *quoter) speechAt(i int) (lexicon.SpeechVerb, bool) {
	t := p.d.Toks[i]
	if t.Class&lexicon.ClassSpeech == 0 || t.Cap && !t.Initial {
		// a capitalised form inside a sentence is part of a name or a
		// title ("the United States", "Trump Says"), not a verb
		return lexicon.SpeechVerb{}, false
	}
	if i > 0 && t.Key != "according" {
		c := &p.lx.Cues
		if c.NounDeterminers.In(p.d.Toks[i-1].Class) {
			return lexicon.SpeechVerb{}, false
		}
	}
	sv, ok := p.lx.Speech[t.Key]
	return sv, ok
}

// attributeAfter reads the attribution clause after a quote that closed
// before token closeTok: a dash and a name ("” ― Jane Smith"), or the first
// speech verb of the clause and its subject, up to the next quote, the end
// of the sentence, a semicolon or a colon.
func (p *quoter) attributeAfter(closeTok int) attribution {
	d := p.d
	if closeTok >= len(d.Toks) || closeTok == 0 {
		return attribution{}
	}
	s1 := d.Toks[closeTok-1].Sent
	i := closeTok
	for i < len(d.Toks) && d.Toks[i].Sent == s1 && (d.Toks[i].Text == "," || d.Toks[i].Text == ".") && d.Toks[i].Quote < 0 {
		i++
	}
	if i < len(d.Toks) && isDash(d.Toks[i].Text) && d.Toks[i].Quote < 0 {
		return p.dashSpeaker(i)
	}
	for ; i < len(d.Toks) && i < closeTok+maxTail && d.Toks[i].Sent == s1; i++ {
		t := d.Toks[i]
		if t.Quote >= 0 || t.Text == ";" || t.Text == ":" || p.lx.Cues.Subordinators.In(t.Class) {
			break // "“…,” while 73 percent said …": another clause
		}
		if a := p.asPutIt(s1, i); a.ok {
			return a // "“…,” as a Homeland Security memo put it"
		}
		if a := p.perSource(s1, i); a.ok {
			return a // "“…,” per the party’s bylaws"
		}
		if sv, ok := p.speechAt(i); ok {
			if p.introducesNext(i) {
				break // "“…” and language calling for “…”": the verb's own quote follows it
			}
			return p.speakerOf(s1, i, closeTok, sv, true)
		}
	}
	return attribution{}
}

// maxAsPutIt is the most tokens between "as" and "put it".
const maxAsPutIt = 10

// asPutIt reads "as X put it" opening at token i of sentence s: X, a name
// or a noun phrase, is the speaker.
func (p *quoter) asPutIt(s, i int) attribution {
	d := p.d
	if d.Toks[i].Key != "as" {
		return attribution{}
	}
	for k := i + 2; k+1 < len(d.Toks) && k <= i+maxAsPutIt && d.Toks[k].Sent == s && d.Toks[k].Quote < 0; k++ {
		if d.Toks[k].Key != "put" || d.Toks[k+1].Key != "it" {
			continue
		}
		if a := p.agentEndingAt(s, k-1); a != nil && a.T0 == i+1 {
			return attributionOf(a, "put it")
		}
		if name := p.phraseEndingAt(k-1, i+1); name != "" {
			return attribution{Ent: -1, Name: name, Cue: "put it", ok: true}
		}
		return attribution{}
	}
	return attribution{}
}

// perSource reads "per X" at token i of sentence s, "according to" in
// short, X a name or a noun phrase that opens with a determiner ("per the
// party’s bylaws"); "per year" and "per cent" name no source.
func (p *quoter) perSource(s, i int) attribution {
	d := p.d
	if d.Toks[i].Key != "per" || i+1 >= len(d.Toks) || d.Toks[i+1].Sent != s {
		return attribution{}
	}
	as := d.Agents[s]
	if a, found := p.agentAfter(as, i, "per"); found && a.ok && d.Toks[i+1].Cap {
		return a
	}
	return p.phraseAfter(i+1, "per")
}

// introducesNext reports whether the speech verb at v governs a quote that
// opens right after it behind a preposition or "that" ("calling for “…”",
// "said that “…”"): the verb is that quote's, not one before it.
func (p *quoter) introducesNext(v int) bool {
	d := p.d
	k := v + 1
	if k >= len(d.Toks) || !p.lx.Cues.Prepositions.In(d.Toks[k].Class) && d.Toks[k].Key != "that" {
		return false
	}
	for k++; k < len(d.Toks) && d.Toks[k].Kind == layer.Punct && d.Toks[k].Quote < 0 && d.Toks[k].Text != "," && d.Toks[k].Text != "."; k++ {
		// the opening mark
	}
	return k < len(d.Toks) && d.Toks[k].Quote >= 0 && d.Toks[k].Sent == d.Toks[v].Sent
}

func isDash(s string) bool { return s == "\u2015" || s == "\u2014" || s == "\u2013" || s == "-" }

// dashSpeaker reads the name after a dash that follows a quote.
func (p *quoter) dashSpeaker(dash int) attribution {
	for _, a := range p.agentsOf(p.d.Toks[dash].Sent, dash+1) {
		if a.T0 > dash && a.T0 <= dash+2 {
			return attributionOf(a, p.d.Toks[dash].Text)
		}
	}
	return p.signature(dash)
}

// maxSignature is the most tokens of a name signed after a dash.
const maxSignature = 6

// signature reads the capitalised words signed after the dash at token
// dash, up to the end of the line, as the speaker's name when no entity
// starts there ("― Julie A. Diaz Martinez."): two to six words, each
// capitalised or an initial, and at most a full stop after them.
func (p *quoter) signature(dash int) attribution {
	d := p.d
	lineEnd := len(d.Body)
	if k := strings.IndexByte(d.Body[d.Toks[dash].End:], '\n'); k >= 0 {
		lineEnd = d.Toks[dash].End + k
	}
	words, last := 0, -1
	for i := dash + 1; i < len(d.Toks) && d.Toks[i].Start < lineEnd; i++ {
		t := d.Toks[i]
		switch {
		case t.Kind == layer.Word && t.Cap && t.Quote < 0 && words < maxSignature:
			words, last = words+1, i
		case t.Text == "." && last == i-1:
			// the full stop of an initial or of the line
		default:
			return attribution{}
		}
	}
	if words < 2 {
		return attribution{}
	}
	return attribution{Ent: -1, Name: d.Body[d.Toks[dash+1].Start:d.Toks[last].End], Cue: d.Toks[dash].Text, ok: true}
}

// agentsOf returns the agents of sentence s, and those of the next
// sentence when from lies in it.
func (p *quoter) agentsOf(s, from int) []*layer.Agent {
	var out []*layer.Agent
	for _, ss := range []int{s, s + 1} {
		if ss >= len(p.d.Agents) || (ss == s+1 && (from >= len(p.d.Toks) || p.d.Toks[from].Sent != ss)) {
			continue
		}
		for i := range p.d.Agents[ss] {
			out = append(out, &p.d.Agents[ss][i])
		}
	}
	return out
}

// attributeFromSentenceBefore attributes a quote that opens its sentence
// to the speaker of the sentence before it in the paragraph when that
// sentence ends in its speech verb ("…, Schiff said. “…”"; "Said Ellis:").
func (p *quoter) attributeFromSentenceBefore(qi int) attribution {
	d := p.d
	q := d.QuoteRegions[qi]
	open := d.TokenAt(q.Open)
	if open == 0 || open >= len(d.Toks) {
		return attribution{}
	}
	s := d.Toks[open].Sent - 1
	if s < 0 || d.Sents[s].Start < d.Paras[q.Para].Start {
		return attribution{}
	}
	lo := d.TokenAt(d.Sents[s].Start)
	k := p.skipBack(open-1, lo)
	for k >= lo && d.Toks[k].Kind == layer.Punct {
		k--
	}
	for v := k; v >= lo && v > k-4; v-- { // the verb or "said X" at the end
		if d.Toks[v].Quote >= 0 {
			return attribution{}
		}
		if sv, ok := p.speechAt(v); ok && !sv.Participle {
			return p.speakerOf(s, v, lo, sv, true)
		}
	}
	return p.namedBefore(s, lo, k)
}

// namedBefore attributes a quote that opens its sentence to the person who
// speaks in the sentence before it when that sentence has no quote and its
// speech verb follows its subject, a person named there ("X, his former
// partner, called him a master at deals. “He showed again and again …”").
func (p *quoter) namedBefore(s, lo, hi int) attribution {
	d := p.d
	for v := lo; v <= hi; v++ {
		if d.Toks[v].Quote >= 0 {
			return attribution{}
		}
	}
	for v := lo; v <= hi; v++ {
		sv, ok := p.speechAt(v)
		if !ok || sv.Participle || sv.Lemma == "according to" {
			continue
		}
		if a, found := p.subjectBefore(s, v, lo, d.Toks[v].Text); found && a.ok && a.Ent >= 0 && d.IsPerson(a.Ent) {
			return a
		}
		return attribution{}
	}
	return attribution{}
}

// attributeFromColon attributes a quote that opens a paragraph to the
// speech verb at the end of the previous paragraph, when it ends in a colon.
func (p *quoter) attributeFromColon(para int) attribution {
	d := p.d
	pr := d.Paras[para]
	last := d.TokenAt(pr.End) - 1
	if last < 0 || d.Toks[last].Text != ":" || d.Toks[last].Quote >= 0 {
		return attribution{}
	}
	s := d.Toks[last].Sent
	lo := d.TokenAt(d.Sents[s].Start)
	for i := last - 1; i >= 0 && i >= last-8 && d.Toks[i].Start >= pr.Start; i-- {
		if sv, ok := p.speechAt(i); ok {
			return p.speakerOf(d.Toks[i].Sent, i, lo, sv, false)
		}
	}
	// no speech verb: the subject of the sentence that announces the
	// quote ("X issued the following statement:")
	return attributionOf(agents.Subject(d, s, last), ":")
}

func attributionOf(a *layer.Agent, cue string) attribution {
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

// speakerOf finds who speaks with the verb at token v of sentence s,
// looking no further left than token lo: "according to X"; the subject of
// a participle ("…, adding"); the subject before the verb, past adverbs,
// auxiliaries, a parenthesis and appositions ("X (D-Wis.) said", "X, 70,
// told"); after the verb ("said X"); a noun phrase ("a narrator in the ad
// asks"); else the sentence's subject.
func (p *quoter) speakerOf(s, v, lo int, sv lexicon.SpeechVerb, after bool) attribution {
	d := p.d
	cue := d.Toks[v].Text
	as := d.Agents[s]
	if p.hypothetical(v, lo) {
		return attribution{} // "I hope in 2017 America says, “…”": nobody said it
	}
	if sv.Lemma == "according to" {
		a, _ := p.agentAfter(as, v+1, cue)
		if !a.ok {
			a = p.phraseAfter(p.after(v, "to"), cue) // "according to a civil complaint"
		}
		return a
	}
	if sv.Participle {
		for i := range as {
			if as[i].T1 == v && (as[i].Ent >= 0 || as[i].Name != "") && !d.IsNORP(as[i].Ent) {
				return attributionOf(&as[i], cue) // "with spokesman Pavel Orlov saying"
			}
		}
		return attributionOf(agents.Subject(d, s, v), cue)
	}
	if a, found := p.subjectBefore(s, v, lo, cue); found {
		return a
	}
	if k := p.skipBack(v-1, lo); k >= lo && d.Toks[k].Key == "i" && d.Toks[k].Quote < 0 {
		return attribution{Ent: -1, Name: d.Toks[k].Text, Cue: cue, ok: true} // the writer: "I laughed and said, “…”"
	}
	if (after || p.opensClause(v, lo)) && !sv.Addressee {
		// "“…,” said X"; "Said X: “…”"
		if a, found := p.agentAfter(as, v, cue); found {
			return a
		}
		return p.phraseAfter(v+1, cue)
	}
	if a := agents.Subject(d, s, v); a != nil {
		return attributionOf(a, cue)
	}
	return attribution{}
}

// after returns the token after v, past the word w if it comes next.
func (p *quoter) after(v int, w string) int {
	if v+1 < len(p.d.Toks) && p.d.Toks[v+1].Key == w {
		return v + 2
	}
	return v + 1
}

// hypothetical reports whether the speech verb at v is wished for or
// supposed, not reported: a conditional or a verb of wishing earlier in its
// clause, no further back than token lo or a punctuation mark ("I hope
// America says", "if he says").
func (p *quoter) hypothetical(v, lo int) bool {
	c := &p.lx.Cues
	for i := v - 1; i >= lo && i > v-8; i-- {
		t := p.d.Toks[i]
		if t.Kind == layer.Punct || t.Quote >= 0 {
			return false
		}
		if t.Cap && !t.Initial {
			continue // a name ("Hope Hicks said")
		}
		if c.DesireVerbs.In(t.Class) || c.Conditionals.In(t.Class) && (i == 0 || p.d.Toks[i-1].Key != "as") {
			return true // not "as if to say": a gesture read as words
		}
	}
	return false
}

// opensClause reports that only commas, adverbs and auxiliaries stand
// between token lo and the verb at v.
func (p *quoter) opensClause(v, lo int) bool {
	k := p.skipBack(v-1, lo)
	for k >= lo && p.d.Toks[k].Text == "," {
		k--
	}
	return k < lo
}

// agentAfter returns the attribution to the agent that starts within
// three tokens after the verb at v, and whether there is one.
func (p *quoter) agentAfter(as []layer.Agent, v int, cue string) (attribution, bool) {
	for i := range as {
		if as[i].T0 > v && as[i].T0 <= v+3 {
			return attributionOf(&as[i], cue), true
		}
	}
	for i := range as {
		if as[i].T0 > v+3 && as[i].T0 <= v+1+maxRoleWords && !as[i].Prep && p.roleWords(v+1, as[i].T0) {
			return attributionOf(&as[i], cue), true // "said 9/11 widow Ann Roe"
		}
	}
	return attribution{}, false
}

// maxRoleWords is the most tokens of a description between a speech verb
// and the name after it ("said Republican political consultant Ann Roe").
const maxRoleWords = 5

// roleWords reports whether tokens [from, to) can describe the name after
// them: words, numbers, hyphens and slashes, no preposition, determiner,
// clause word or speech verb.
func (p *quoter) roleWords(from, to int) bool {
	c := &p.lx.Cues
	for _, t := range p.d.Toks[from:to] {
		switch {
		case t.Quote >= 0:
			return false
		case t.Kind == layer.Punct:
			if t.Text != "-" && t.Text != "/" {
				return false
			}
		case t.Kind == layer.Num:
		case c.Prepositions.In(t.Class) || c.SpeakerPhraseDeterminers.In(t.Class) || p.breaksPhrase(t):
			return false
		}
	}
	return true
}

// subjectBefore finds the subject that ends before the verb at v: past
// adverbs and auxiliaries, a parenthesis, and appositions set off by
// commas. found is false when nothing before the verb can be its subject
// (a comma that closes no apposition, the start of the clause).
func (p *quoter) subjectBefore(s, v, lo int, cue string) (attribution, bool) {
	d := p.d
	k := p.skipBack(v-1, lo)
	for commas := 0; k >= lo && commas < 4; commas++ {
		if d.Toks[k].Text != "," {
			if a := p.agentEndingAt(s, k); a != nil {
				return attributionOf(a, cue), true
			}
			if name := p.phraseEndingAt(k, lo); name != "" {
				return attribution{Ent: -1, Name: name, Cue: cue, ok: true}, true
			}
			return attribution{}, false
		}
		// a comma: an apposition closes here if a name ends before an
		// earlier comma of the clause ("X, a top aide, said")
		c := p.prevComma(k-1, lo)
		if c < 0 {
			return attribution{}, false
		}
		if a := p.agentEndingAt(s, p.skipBack(c-1, lo)); a != nil && !a.Prep {
			return attributionOf(a, cue), true
		}
		if j := p.skipBack(c-1, lo); j >= lo && p.prevComma(j, lo) < 0 {
			// the apposition follows a noun phrase that opens the clause:
			// "Officials at Homeland Security Investigations, a division
			// of …, said"
			if a := p.agentEndingAt(s, p.skipBack(k-1, lo)); a != nil && d.IsPerson(a.Ent) && !a.Pronoun {
				return attributionOf(a, cue), true // "Duncan Hunter’s chief of staff, Joe Kasper, said"
			}
			if name := p.phraseEndingAt(j, lo); name != "" {
				return attribution{Ent: -1, Name: name, Cue: cue, ok: true}, true
			}
		}
		k = c
	}
	return attribution{}, false
}

// skipBack returns the token at or before k that is not an adverb, an
// auxiliary or inside a parenthesis ("has also", "(D-Wis.)").
func (p *quoter) skipBack(k, lo int) int {
	d := p.d
	for k >= lo {
		t := d.Toks[k]
		switch {
		case t.Text == ")" || t.Text == "]":
			k = p.openingBracket(k, lo) - 1
		case (!t.Cap || t.Initial) && (p.lx.Cues.CueFillers.In(t.Class) || p.lx.Cues.ClauseVerbs.In(t.Class) || isAdverb(t)):
			k--
		default:
			return k
		}
	}
	return k
}

// openingBracket returns the token of the bracket that the one at k closes.
func (p *quoter) openingBracket(k, lo int) int {
	for j := k - 1; j >= lo && j > k-12; j-- {
		if p.d.Toks[j].Text == "(" || p.d.Toks[j].Text == "[" {
			return j
		}
	}
	return k
}

// prevComma returns the comma before token k in the clause, -1 if none.
func (p *quoter) prevComma(k, lo int) int {
	d := p.d
	for j := k; j >= lo && j > k-30; j-- {
		switch d.Toks[j].Text {
		case ",":
			return j
		case ";", ":", "\u201c", "\u201d", "\"":
			return -1
		}
		if d.Toks[j].Quote >= 0 {
			return -1
		}
		if _, ok := p.speechAt(j); ok {
			return -1
		}
	}
	return -1
}

// agentEndingAt returns the agent of sentence s whose last token is k,
// neither after a preposition (unless a pronoun) nor a nationality. An
// agent after "of", "at", "from" or "for" qualifies the one before it:
// "Mr. Morgan of the Sierra Club" is Mr. Morgan.
func (p *quoter) agentEndingAt(s, k int) *layer.Agent {
	for hops := 0; k >= 0 && hops < 3; hops++ {
		a := p.agentAt(s, k)
		if a == nil {
			return nil
		}
		if !a.Prep || a.Pronoun {
			if p.d.IsNORP(a.Ent) {
				return nil
			}
			return a
		}
		prep := a.T0 - 1
		if prep < 1 || !p.lx.Cues.NounPrepositions.In(p.d.Toks[prep].Class) {
			return nil
		}
		k = prep - 1
	}
	return nil
}

// agentAt returns the agent of sentence s whose last token is k.
func (p *quoter) agentAt(s, k int) *layer.Agent {
	if k < 0 {
		return nil
	}
	as := p.d.Agents[s]
	for i := range as {
		if a := &as[i]; a.T1 == k+1 && (a.Ent >= 0 || a.Name != "") {
			return a
		}
	}
	return nil
}

// isAdverb reports a lower-case word ending in -ly ("repeatedly", "later").
func isAdverb(t layer.Token) bool {
	n := len(t.Key)
	return t.Kind == layer.Word && !t.Cap && n > 4 && t.Key[n-2:] == "ly"
}
