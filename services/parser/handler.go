package parser

import (
	"context"
	"unicode/utf8"

	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
)

// NewHandler returns the parser stage's handler: it parses each
// events.Document (its content, loaded by the router's ClaimCheck middleware
// when the document travelled through the object store) and outputs one
// article on events.SubjectArticles. A non-English article is output too,
// its language marked; the enricher decides what to do with it.
func NewHandler() stage.Handler {
	return stage.Typed[events.Document, events.Article]{
		Input: "document", Subject: events.SubjectArticles, Type: events.CETypeArticleParsed,
		Work: func(_ context.Context, d *stage.Delivery, doc *events.Document) (*events.Article, error) {
			art, err := Parse(doc, doc.Content)
			if err != nil {
				return nil, err
			}
			if art.TraceID == "" {
				art.TraceID = d.TraceID
			}
			if d.Log != nil {
				d.Log.Info("article parsed", zap.String("source", doc.Source), zap.String("title", clip(art.Title, 80)),
					zap.String("language", art.Language), zap.Int("body_bytes", len(art.Body)),
					zap.Int("paragraphs", len(art.Paragraphs)), zap.Int("sentences", len(art.Sentences)))
			}
			return art, nil
		},
	}
}

// clip shortens s to at most n bytes (on a character boundary), marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
