package quotes

import (
	"github.com/tidings-news/tidings/services/enricher/extract/agents"
	"github.com/tidings-news/tidings/services/enricher/extract/layer"
	"github.com/tidings-news/tidings/services/enricher/extract/lexicon"
	"github.com/tidings-news/tidings/services/enricher/extract/lookup"
)

// attribute finds the speech verb and speaker of quote qi in the sentence
// that holds it: before the quote ("X said: “…”"), after it ("“…”, X warned")
// or elsewhere in the same sentence ("…, adding that “…”").
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
	if a := p.attributeAfter(closeTok); a.ok {
		return a
	}
	// before the quote, in its sentence
	s0 := d.Toks[openTok].Sent
	for i := openTok - 1; i >= 0 && d.Toks[i].Sent == s0; i-- {
		if d.Toks[i].Quote >= 0 {
			continue
		}
		if sv, ok := p.lx.Speech[d.Toks[i].Key]; ok {
			if a := p.speakerBefore(s0, i, sv); a.ok {
				return a
			}
		}
	}
	return attribution{}
}

// attributeAfter finds the speaker after a quote that closed at token
// closeTok: "”, Sir Alan warned."
func (p *quoter) attributeAfter(closeTok int) attribution {
	d := p.d
	if closeTok >= len(d.Toks) {
		return attribution{}
	}
	s1 := d.Toks[closeTok-1].Sent
	for i := closeTok; i < len(d.Toks) && i < closeTok+8 && d.Toks[i].Sent == s1; i++ {
		if d.Toks[i].Quote >= 0 {
			break
		}
		if sv, ok := p.lx.Speech[d.Toks[i].Key]; ok {
			return p.speakerNear(s1, closeTok, i, sv)
		}
		if !p.inAgent(s1, i) && !p.lx.Cues.CueFillers.In(d.Toks[i].Class) && d.Toks[i].Text != "," {
			break // the quote is followed by more narrative, not by its speaker
		}
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
	for i := last - 1; i >= 0 && i >= last-6 && d.Toks[i].Start >= pr.Start; i-- {
		if sv, ok := p.lx.Speech[d.Toks[i].Key]; ok {
			return p.speakerBefore(d.Toks[i].Sent, i, sv)
		}
	}
	return attribution{}
}

// inAgent reports whether token i belongs to an agent of sentence s.
func (p *quoter) inAgent(s, i int) bool {
	for _, a := range p.d.Agents[s] {
		if i >= a.T0 && i < a.T1 {
			return true
		}
	}
	return false
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

// speakerBefore finds the speaker of a verb at token v that precedes the
// quote: the clause's subject for a participle, else the closest agent
// before the verb, else right after it ("said Mr Smith").
func (p *quoter) speakerBefore(s, v int, sv lexicon.SpeechVerb) attribution {
	d := p.d
	cue := d.Toks[v].Text
	as := d.Agents[s]
	if sv.Lemma == "according to" {
		a, _ := p.agentAfter(as, v, cue) // "according to Jane Smith"
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
	limit := p.skipAppositive(v)
	for i := len(as) - 1; i >= 0; i-- {
		if as[i].T1 <= limit && (as[i].Ent >= 0 || as[i].Name != "") {
			if (as[i].Prep && !as[i].Pronoun) || d.IsNORP(as[i].Ent) {
				continue
			}
			return attributionOf(&as[i], cue)
		}
	}
	if a, found := p.agentAfter(as, v, cue); found {
		return a
	}
	if a := agents.Subject(d, s, v); a != nil {
		return attributionOf(a, cue)
	}
	if name := p.nounPhraseBefore(v); name != "" {
		return attribution{Ent: -1, Name: name, Cue: cue, ok: true}
	}
	return attribution{}
}

// agentAfter returns the attribution to the agent that starts within
// three tokens after the verb at v, and whether there is one.
func (p *quoter) agentAfter(as []layer.Agent, v int, cue string) (attribution, bool) {
	for i := range as {
		if as[i].T0 > v && as[i].T0 <= v+3 {
			return attributionOf(&as[i], cue), true
		}
	}
	return attribution{}, false
}

// skipAppositive returns where the subject of the verb at v must end: before
// a comma-delimited apposition or relative clause that ends right before the
// verb ("Marsh, who met …, said"; "Sir Ewan Trask, chief of …, said").
func (p *quoter) skipAppositive(v int) int {
	d := p.d
	if v == 0 || d.Toks[v-1].Text != "," {
		return v
	}
	s := d.Toks[v].Sent
	for c := v - 2; c >= 0 && c >= v-30 && d.Toks[c].Sent == s; c-- {
		if d.Toks[c].Quote >= 0 {
			return v
		}
		if d.Toks[c].Text == "," {
			if c+1 < len(d.Toks) && p.opensApposition(c+1) {
				return c
			}
			return v
		}
	}
	return v
}

// opensApposition reports a relative pronoun, an article or a title at k.
func (p *quoter) opensApposition(k int) bool {
	if p.lx.Cues.AppositionOpeners.In(p.d.Toks[k].Class) {
		return true
	}
	_, n := lookup.Role(p.d, p.lx, k)
	return n > 0
}

// nounPhraseBefore returns a determiner phrase right before token v that
// opens its sentence or clause ("One senior backbencher said …").
func (p *quoter) nounPhraseBefore(v int) string {
	d := p.d
	s := d.Toks[v].Sent
	for j := v - 1; j >= 0 && j >= v-5 && d.Toks[j].Sent == s; j-- {
		t := d.Toks[j]
		if !d.IsWord(j) || t.Quote >= 0 {
			return ""
		}
		if p.lx.Cues.SpeakerPhraseDeterminers.In(t.Class) {
			if j == v-1 {
				return ""
			}
			if t.Initial || (j > 0 && d.Toks[j-1].Text == ",") {
				return d.Body[t.Start:d.Toks[v-1].End]
			}
			return ""
		}
	}
	return ""
}

// speakerNear finds the speaker of a verb at token v after a quote that
// closed at token from: the agent between the quote and the verb, or right
// after the verb.
func (p *quoter) speakerNear(s, from, v int, sv lexicon.SpeechVerb) attribution {
	cue := p.d.Toks[v].Text
	as := p.d.Agents[s]
	for i := range as {
		if as[i].T0 >= from && as[i].T1 <= v {
			return attributionOf(&as[i], cue)
		}
	}
	if a, found := p.agentAfter(as, v, cue); found {
		return a
	}
	if sv.Participle {
		return attributionOf(agents.Subject(p.d, s, from), cue)
	}
	return attribution{}
}
