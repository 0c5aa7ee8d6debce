// Package pronouns is the extraction pass that adds a mention for every
// personal pronoun outside names ("he", "her"); the agents pass resolves
// them.
package pronouns

import (
	"context"
	"slices"

	"github.com/tidings-news/tidings/services/enricher/extract/layer"
	"github.com/tidings-news/tidings/services/enricher/extract/lexicon"
)

// Run is the pronouns pass: it adds pronoun mentions, keeping the mention
// layer in text order. The names are in text order, and so are the
// pronouns, so they are merged from the back in place.
func Run(_ context.Context, d *layer.Doc, lx *lexicon.Lexicon) error {
	var at []int // tokens of the pronouns outside names
	ni, covered := 0, 0
	for i := range d.Toks {
		for ni < len(d.Mentions) && d.Mentions[ni].T0 <= i {
			covered = max(covered, d.Mentions[ni].T1)
			ni++
		}
		if i >= covered && d.IsWord(i) && lx.Cues.Pronouns.In(d.Toks[i].Class) {
			at = append(at, i)
		}
	}
	if len(at) == 0 {
		return nil
	}
	n := len(d.Mentions)
	d.Mentions = slices.Grow(d.Mentions, len(at))[:n+len(at)]
	for k, mi := len(at)-1, n-1; k >= 0; {
		dst := mi + k + 1
		if mi >= 0 && d.Mentions[mi].T0 > at[k] {
			d.Mentions[dst] = d.Mentions[mi]
			mi--
			continue
		}
		i := at[k]
		t := d.Toks[i]
		d.Mentions[dst] = layer.Mention{Start: t.Start, End: t.End, T0: i, T1: i + 1, Type: layer.Person, Kind: layer.KindPronoun,
			Canon: t.Text, Quote: t.Quote, Sent: t.Sent, Ent: -1}
		k--
	}
	return nil
}
