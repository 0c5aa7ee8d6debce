package parser

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
)

// Dead-letter reasons of the handler.
const (
	ReasonDecode        = "decode"
	ReasonMissingObject = "missing_object"
)

// handler is the parser stage's stage.Handler.
type handler struct {
	js jetstream.JetStream
}

// NewHandler returns the parser stage's handler: it decodes the
// events.Document, loads its content (inline, or from the object store when
// the document carries a Ref), parses it and outputs one article on
// events.SubjectArticles. A non-English article is output too, its language
// marked; the enricher decides what to do with it.
func NewHandler(js jetstream.JetStream) stage.Handler {
	return &handler{js: js}
}

// Handle implements stage.Handler.
func (h *handler) Handle(ctx context.Context, d *stage.Delivery) ([]stage.Output, error) {
	var doc events.Document
	if err := json.Unmarshal(d.Data, &doc); err != nil {
		return nil, stage.Permanent(ReasonDecode, fmt.Errorf("decode document: %w", err))
	}
	content, err := h.content(ctx, &doc)
	if err != nil {
		return nil, err
	}
	art, err := Parse(&doc, content)
	if err != nil {
		return nil, err
	}
	if art.TraceID == "" {
		art.TraceID = d.TraceID
	}
	data, err := json.Marshal(art)
	if err != nil {
		return nil, fmt.Errorf("encode article %s: %w", doc.ID, err)
	}
	docID := doc.ID
	if docID == "" {
		docID = d.DocID
	}
	return []stage.Output{{
		Subject: events.SubjectArticles,
		Type:    events.TypeArticleParsed,
		DocID:   docID,
		Data:    data,
	}}, nil
}

// content returns the document's bytes: inline, or read from the object store.
// A missing bucket or object is permanent; other store errors are transient.
func (h *handler) content(ctx context.Context, doc *events.Document) ([]byte, error) {
	if doc.Ref == nil {
		return doc.Content, nil
	}
	bucket := doc.Ref.Bucket
	if bucket == "" {
		bucket = events.ObjectBucket
	}
	obs, err := h.js.ObjectStore(ctx, bucket)
	if err != nil {
		if errors.Is(err, jetstream.ErrBucketNotFound) {
			return nil, stage.Permanent(ReasonMissingObject, fmt.Errorf("open bucket %s for %s: %w", bucket, doc.ID, err))
		}
		return nil, fmt.Errorf("open bucket %s for %s: %w", bucket, doc.ID, err)
	}
	data, err := obs.GetBytes(ctx, doc.Ref.Name)
	if err != nil {
		if errors.Is(err, jetstream.ErrObjectNotFound) || errors.Is(err, jetstream.ErrNoObjectsFound) {
			return nil, stage.Permanent(ReasonMissingObject, fmt.Errorf("object %s/%s for %s: %w", bucket, doc.Ref.Name, doc.ID, err))
		}
		return nil, fmt.Errorf("get object %s/%s for %s: %w", bucket, doc.Ref.Name, doc.ID, err)
	}
	return data, nil
}
