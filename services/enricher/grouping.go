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
	text := rec.Title + "\n\n" + rec.Body
	dup, err := g.Dups.Check(ctx, rec.ID, text)
	if err != nil {
		return fmt.Errorf("near duplicates of %s: %w", rec.ID, err)
	}
	rec.DuplicateOf = dup
	if g.Stories == nil {
		return nil
	}
	story, err := g.Stories.Assign(ctx, StoryArticle(rec))
	if err != nil {
		return fmt.Errorf("story of %s: %w", rec.ID, err)
	}
	rec.StoryID = story
	return nil
}

// StoryArticle is what story assignment reads of a record: its date, its
// entities by mentions, its events by code, its text's signature.
func StoryArticle(rec *events.EnrichedArticle) stories.Article {
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
	if sig, ok := neardup.Sign(rec.Title + "\n\n" + rec.Body); ok {
		a.Sig = &sig
	}
	return a
}
