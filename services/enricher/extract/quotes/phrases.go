package quotes

import (
	"github.com/tidings-news/tidings/services/enricher/extract/layer"
	"github.com/tidings-news/tidings/services/enricher/extract/lexicon"
)

// maxPhrase is the longest noun phrase taken for an unnamed speaker.
const maxPhrase = 8

// breaksPhrase reports a token that cannot be inside a speaker's noun
// phrase: punctuation other than a possessive ending, an auxiliary, a
// speech verb, a relative pronoun, a subordinator or a personal pronoun.
func (p *quoter) breaksPhrase(t layer.Token) bool {
	c := &p.lx.Cues
	if t.Kind == layer.Punct {
		return t.Text != "-" && t.Text != "\u2011"
	}
	if t.Kind == layer.Poss {
		return false
	}
	return c.SpeakerBreaks.In(t.Class) || c.ClauseVerbs.In(t.Class) || c.RelativePronouns.In(t.Class) ||
		c.Subordinators.In(t.Class) || (c.Pronouns.In(t.Class) && !c.PossessiveDeterminers.In(t.Class)) || t.Class&lexicon.ClassSpeech != 0 || t.Key == "to" || t.Key == "it" ||
		t.Key == "they" || t.Key == "we" || t.Key == "i" || t.Key == "you"
}

// headNoun reports a token that can end a speaker's noun phrase: a word,
// lower case unless it opens the sentence, not a preposition, a
// determiner or an adverb.
func (p *quoter) headNoun(t layer.Token) bool {
	c := &p.lx.Cues
	return t.Kind == layer.Word && (!t.Cap || t.Initial) && !c.Prepositions.In(t.Class) &&
		!c.SpeakerPhraseDeterminers.In(t.Class) && !c.PossessiveDeterminers.In(t.Class) && !isAdverb(t) && !p.breaksPhrase(t)
}

// phraseEndingAt returns the noun phrase that ends at token k and starts
// after token lo-1 at the start of its clause ("a narrator in the Clinton
// ad", "the ad's narrator", "Critics", "Only 52 percent of registered
// voters"), or "".
func (p *quoter) phraseEndingAt(k, lo int) string {
	d := p.d
	if k < lo || !p.headNoun(d.Toks[k]) && !p.namedComplement(k, lo) {
		return ""
	}
	j := k
	for j-1 >= lo && k-(j-1) < maxPhrase && !p.breaksPhrase(d.Toks[j-1]) && d.Toks[j-1].Sent == d.Toks[k].Sent {
		j--
	}
	if j-1 >= lo && d.Toks[j-1].Kind != layer.Punct && d.Toks[j-1].Sent == d.Toks[k].Sent {
		return "" // not at the start of its clause: the phrase goes on further back
	}
	if p.lx.Cues.Prepositions.In(d.Toks[j].Class) {
		return ""
	}
	return d.Body[d.Toks[j].Start:d.Toks[k].End]
}

// maxComplement is the most tokens of a name after the preposition that
// ends a speaker's noun phrase ("a spokesman for committee Democrats").
const maxComplement = 4

// namedComplement reports whether token k, a capitalised word, ends a
// name after a preposition that follows a head noun: "a spokesman for
// committee Democrats", "an aide to Senator Lund".
func (p *quoter) namedComplement(k, lo int) bool {
	d := p.d
	if t := d.Toks[k]; t.Kind != layer.Word || !t.Cap || t.Initial {
		return false
	}
	for j := k - 1; j > lo && j >= k-maxComplement; j-- {
		t := d.Toks[j]
		if p.lx.Cues.NounPrepositions.In(t.Class) || t.Key == "to" {
			return p.headNoun(d.Toks[j-1])
		}
		if p.breaksPhrase(t) {
			return false
		}
	}
	return false
}

// phraseAfter returns the noun phrase that opens at token from with a
// determiner ("said a senior aide"), as an unnamed speaker.
func (p *quoter) phraseAfter(from int, cue string) attribution {
	d := p.d
	if from >= len(d.Toks) || !p.lx.Cues.SpeakerPhraseDeterminers.In(d.Toks[from].Class) {
		return attribution{}
	}
	end := from
	for end+1 < len(d.Toks) && end+1-from < maxPhrase && !p.breaksPhrase(d.Toks[end+1]) && d.Toks[end+1].Sent == d.Toks[from].Sent {
		end++
	}
	for end > from && !p.headNoun(d.Toks[end]) {
		end--
	}
	if end == from {
		return attribution{}
	}
	return attribution{Ent: -1, Name: d.Body[d.Toks[from].Start:d.Toks[end].End], Cue: cue, ok: true}
}
