// Package enricher is the enricher stage of Tidings: it consumes parsed
// articles, extracts entities, quotes and events with package extract, and
// publishes the enriched records for the sink.
package enricher

import (
	"context"
	"fmt"

	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/services/enricher/extract"
)

// NewHandler returns the enricher's handler: it extracts from each
// events.Article and outputs one events.EnrichedArticle on
// events.SubjectEnriched, and, with fan != nil, its events, entities and
// quotes as messages of their own (see Fanout). A message that is not an
// article is dead-lettered with reason stage.ReasonDecode.
func NewHandler(x *extract.Extractor, fan *Fanout) stage.Handler {
	return NewGroupingHandler(x, fan, nil)
}

// NewGroupingHandler is NewHandler with near duplicates and stories marked
// on each record by group (nil: none).
func NewGroupingHandler(x *extract.Extractor, fan *Fanout, group *Grouping) stage.Handler {
	t := stage.Typed[events.Article, events.EnrichedArticle]{
		Input: "article", Subject: events.SubjectEnriched, Type: events.CETypeArticleEnriched,
		Work: func(ctx context.Context, d *stage.Delivery, a *events.Article) (*events.EnrichedArticle, error) {
			if a.TraceID == "" {
				a.TraceID = d.TraceID
			}
			logLarge(d.Log, x, a)
			rec, err := x.Extract(ctx, a)
			if err != nil {
				return nil, fmt.Errorf("extract article %s: %w", a.ID, err)
			}
			if err := group.Apply(ctx, rec); err != nil {
				return nil, err
			}
			logOutcome(d.Log, a, rec)
			return rec, nil
		},
	}
	if fan != nil {
		t.Also = func(ctx context.Context, _ *stage.Delivery, rec *events.EnrichedArticle) ([]stage.Output, error) {
			return fan.outputs(ctx, rec)
		}
	}
	return t
}

// logLarge says at info that a long article's enrichment starts (it takes
// seconds: the KeepAlive middleware then logs its progress), and how much of
// a body over the extractor's limit is extracted.
func logLarge(log *zap.Logger, x *extract.Extractor, a *events.Article) {
	if log == nil || len(a.Body) <= extract.WindowBytes || extract.NotEnrichedReason(a) != "" {
		return
	}
	n := x.Extracted(a)
	if n == len(a.Body) {
		log.Info("enriching a large article", zap.Int("body_bytes", len(a.Body)))
		return
	}
	log.Info("enriching a large article: entities, quotes and events of its first extracted_bytes only (the record keeps the whole body)",
		zap.Int("body_bytes", len(a.Body)), zap.Int("extracted_bytes", n))
}

// logOutcome writes the stage's one info line about an article: what was
// found, or why it was not enriched.
func logOutcome(log *zap.Logger, a *events.Article, rec *events.EnrichedArticle) {
	if log == nil {
		return
	}
	if !rec.Enriched {
		log.Info("article not enriched", zap.String("language", a.Language),
			zap.String("reason", extract.NotEnrichedReason(a)))
		return
	}
	log.Info("article enriched", zap.String("language", a.Language), zap.Int("entities", len(rec.Entities)),
		zap.Int("quotes", len(rec.Quotes)), zap.Int("events", len(rec.Events)))
}
