package enricher

import (
	"context"
	"fmt"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/enricher/neardup"
	"github.com/tidings-news/tidings/services/enricher/stories"
)

// Grouping marks a record's near duplicate (DuplicateOf) and its story
// (StoryID), from state the enricher's replicas share.
type Grouping struct {
	Dups    *neardup.Index
	Stories *stories.Assigner
}

// Apply sets rec.DuplicateOf and rec.StoryID.
func (g *Grouping) Apply(ctx context.Context, rec *events.EnrichedArticle) error {
	if g == nil {
		return nil
	}
	var digest *neardup.Digested
	var sig *neardup.Signature
	if d, ok := neardup.Digest(rec.Title, rec.Body); ok { // once for both, the body not copied
		// The story keeps its own copy of the signature: a pointer into d
		// would keep the shingle set (up to the text's size) with it.
		s := d.Sig
		digest, sig = &d, &s
	}
	dup, err := g.Dups.CheckDigest(ctx, rec.ID, digest)
	if err != nil {
		return fmt.Errorf("near duplicates of %s: %w", rec.ID, err)
	}
	rec.DuplicateOf = dup
	if g.Stories == nil {
		return nil
	}
	story, err := g.Stories.Assign(ctx, StoryArticle(rec, sig))
	if err != nil {
		return fmt.Errorf("story of %s: %w", rec.ID, err)
	}
	rec.StoryID = story
	return nil
}

// StoryArticle is what story assignment reads of a record: its date, its
// entities by mentions, its events by code, and sig, its text's signature.
func StoryArticle(rec *events.EnrichedArticle, sig *neardup.Signature) stories.Article {
	a := stories.Article{ID: rec.ID, Time: rec.ReceivedAt, Entities: map[string]int{}, Events: map[string]int{}, DuplicateOf: rec.DuplicateOf}
	if rec.Published != nil {
		a.Time = *rec.Published
	}
	for _, e := range rec.Entities {
		if e.ID != "" {
			a.Entities[e.ID] += max(len(e.Mentions), 1)
		}
	}
	for _, ev := range rec.Events {
		a.Events[ev.Code]++
	}
	a.Sig = sig
	return a
}
