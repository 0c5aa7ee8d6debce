// Package spans is the entity-spans pass: a Recogniser finds the article's
// names as typed token spans. The rules-based recogniser of this package
// (Rules) is the default; a trained tagger is another Recogniser. Titles,
// honorifics, pronouns and unnamed speakers are found by the passes after
// this one, whichever recogniser ran.
package spans

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/tidings-news/tidings/services/enricher/extract/layer"
)

// Recogniser finds the names of an article.
//
// Recognise returns name mentions in text order, not overlapping, each with
// its token range [T0, T1), its Type (layer.Person, Org, Loc or Norp) and
// Kind layer.KindName. It may set Canon (the canonical name, else the text
// is used) and Gaz (the gazetteer's entry, which also gives the country of a
// place or demonym); Start and End are taken from the tokens unless set (a
// name inside a hyphenated word: "US" in "US-Ukraine"). It reads the token,
// sentence and quotation layers and must not change them.
type Recogniser interface {
	Recognise(d *layer.Doc) []layer.Mention
}

// Pass writes the name mentions a Recogniser finds.
type Pass struct {
	rec Recogniser
}

// New returns the pass with recogniser rec.
func New(rec Recogniser) *Pass { return &Pass{rec: rec} }

// Name implements layer.Pass.
func (*Pass) Name() string { return "spans" }

// Run implements layer.Pass.
func (p *Pass) Run(_ context.Context, d *layer.Doc) error {
	prevEnd := 0
	names := p.rec.Recognise(d)
	d.Mentions = slices.Grow(d.Mentions[:0], len(names)+len(names)/2+8) // room for pronouns and titles used alone
	for _, m := range names {
		if m.T0 < 0 || m.T1 <= m.T0 || m.T1 > len(d.Toks) {
			return fmt.Errorf("spans: recogniser gave tokens [%d,%d) of %d", m.T0, m.T1, len(d.Toks))
		}
		m.Kind = layer.KindName
		if text := d.Body[d.Toks[m.T0].Start:d.Toks[m.T1-1].End]; strings.ContainsAny(text, "\t\n\r") {
			continue // a name does not run across a tab or a line break ("D\tL\tPts" in a table)
		}
		d.AddMention(m)
		added := d.Mentions[len(d.Mentions)-1]
		if added.Start < prevEnd || added.End <= added.Start {
			return fmt.Errorf("spans: recogniser gave [%d,%d) after a name ending at %d", added.Start, added.End, prevEnd)
		}
		prevEnd = added.End
	}
	return nil
}
