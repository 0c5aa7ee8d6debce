package parser

import (
	"context"

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
			return art, nil
		},
	}
}
