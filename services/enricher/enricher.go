// Package enricher is the enricher stage of Tidings: it consumes parsed
// articles, extracts entities, quotes and events with package extract, and
// publishes the enriched records for the sink.
package enricher

import (
	"context"
	"encoding/json"
	"fmt"

	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/services/enricher/extract"
)

// ReasonDecode is the dead-letter reason of a message that is not an article.
const ReasonDecode = "decode"

// handler is the enricher stage's stage.Handler.
type handler struct {
	x *extract.Extractor
}

// NewHandler returns the enricher's handler: it decodes an events.Article,
// extracts from it and outputs one events.EnrichedArticle on
// events.SubjectEnriched. A message that is not an article is dead-lettered
// with reason "decode".
func NewHandler(x *extract.Extractor) stage.Handler {
	return &handler{x: x}
}

// Handle implements stage.Handler.
func (h *handler) Handle(ctx context.Context, d *stage.Delivery) ([]stage.Output, error) {
	var a events.Article
	if err := json.Unmarshal(d.Data, &a); err != nil {
		return nil, stage.Permanent(ReasonDecode, fmt.Errorf("decode article: %w", err))
	}
	if a.TraceID == "" {
		a.TraceID = d.TraceID
	}
	rec, err := h.x.Extract(ctx, &a)
	if err != nil {
		return nil, fmt.Errorf("extract article %s: %w", a.ID, err)
	}
	data, err := json.Marshal(rec)
	if err != nil {
		return nil, fmt.Errorf("encode enriched article %s: %w", a.ID, err)
	}
	docID := a.ID
	if docID == "" {
		docID = d.DocID
	}
	logOutcome(d.Log, &a, rec)
	return []stage.Output{{Subject: events.SubjectEnriched, Type: events.TypeArticleEnriched, DocID: docID, Data: data}}, nil
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
