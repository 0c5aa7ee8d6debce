// Package unnamed is the extraction pass that finds unnamed speakers and
// actors: "a Number 10 spokesman", "one senior backbencher", "the prime
// minister's spokesman".
package unnamed

import (
	"context"

	"github.com/tidings-news/tidings/services/enricher/extract/layer"
	"github.com/tidings-news/tidings/services/enricher/extract/lexicon"
)

// Run is the unnamed pass: it writes the unnamed-speaker layer. A speaker
// noun outside names and inside no longer title ("foreign ministry
// spokesman" is a title) ends one.
func Run(_ context.Context, d *layer.Doc, lx *lexicon.Lexicon) error {
	mi, ri := 0, 0
	for i := range d.Toks {
		if t := &d.Toks[i]; !d.IsWord(i) || t.Cap || !lx.Speakers.In(t.Class) {
			continue
		}
		for mi < len(d.Mentions) && d.Mentions[mi].T1 <= i {
			mi++
		}
		for ri < len(d.Roles) && d.Roles[ri].T1 <= i {
			ri++
		}
		inName := mi < len(d.Mentions) && d.Mentions[mi].T0 <= i
		inTitle := ri < len(d.Roles) && d.Roles[ri].T0 < i
		if !inName && !inTitle {
			note(d, lx, i)
		}
	}
	return nil
}

// note records "a/the [modifiers] spokesman" ending at token i.
func note(d *layer.Doc, lx *lexicon.Lexicon, i int) {
	if d.CapWord(i+1) && d.SameRun(i+1) {
		return // "the Kremlin spokesman Ivan Sorokin": named after all
	}
	add := func(j int) {
		d.Unnamed = append(d.Unnamed, layer.Unnamed{T0: j, T1: i + 1, Start: d.Toks[j].Start, End: d.Toks[i].End,
			Sent: d.Toks[i].Sent, Quote: d.Toks[i].Quote})
	}
	cues := &lx.Cues
	possAt := -1 // a possessor before the noun: "the prime minister's spokesman"
	j := i - 1
	for ; j >= 0 && i-j <= 8 && d.SameRun(j+1) && (d.IsWord(j) || d.Toks[j].Kind == layer.Poss); j-- {
		c := d.Toks[j].Class
		if d.Toks[j].Kind == layer.Poss {
			possAt = j
			continue
		}
		if c&lexicon.ClassSpeech != 0 || cues.Prepositions.In(c) || cues.SpeakerBreaks.In(c) {
			break // not one noun phrase
		}
		if cues.SpeakerDeterminers.In(c) {
			add(j)
			return
		}
		if possAt >= 0 && !d.Toks[j].Cap {
			break
		}
	}
	if possAt > j+1 {
		add(j + 1) // "Keir Smith's spokesman"
	}
}
