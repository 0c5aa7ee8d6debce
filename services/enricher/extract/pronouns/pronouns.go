// Package pronouns is the extraction pass that adds a mention for every
// personal pronoun outside names ("he", "her"); the agents pass resolves
// them.
package pronouns

import (
	"context"

	"github.com/tidings-news/tidings/services/enricher/extract/layer"
	"github.com/tidings-news/tidings/services/enricher/extract/lexicon"
)

// Pass adds pronoun mentions, keeping the mention layer in text order.
type Pass struct {
	lx *lexicon.Lexicon
}

// New returns the pass.
func New(lx *lexicon.Lexicon) *Pass { return &Pass{lx: lx} }

// Name implements layer.Pass.
func (*Pass) Name() string { return "pronouns" }

// Run implements layer.Pass: the names are in text order, and so are the
// pronouns, so one walk merges them.
func (p *Pass) Run(_ context.Context, d *layer.Doc) error {
	names := d.Mentions
	var out []layer.Mention
	ni, covered := 0, 0 // next name; end token of the names walked so far
	for i := range d.Toks {
		for ni < len(names) && names[ni].T0 <= i {
			if out != nil {
				out = append(out, names[ni])
			}
			covered = max(covered, names[ni].T1)
			ni++
		}
		if i < covered || !d.IsWord(i) || !p.lx.Cues.Pronouns[d.Toks[i].Key] {
			continue
		}
		if out == nil {
			out = make([]layer.Mention, ni, len(names)+16)
			copy(out, names[:ni])
		}
		d.Mentions = out
		d.AddMention(layer.Mention{T0: i, T1: i + 1, Type: layer.Person, Kind: layer.KindPronoun})
		out = d.Mentions
	}
	if out != nil {
		d.Mentions = append(out, names[ni:]...)
	} else {
		d.Mentions = names
	}
	return nil
}
