package fetcher

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/nats-io/nuid"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
)

// newDocument builds the document of an accepted file received at now.
func newDocument(source string, l *loaded, now time.Time) events.Document {
	return events.Document{
		SchemaVersion: events.SchemaVersion,
		ID:            events.DocumentID(l.text),
		Source:        source,
		MediaType:     l.mediaType,
		ReceivedAt:    now,
		Size:          int64(len(l.text)),
		TraceID:       nuid.Next(),
	}
}

// publish sends doc with its content through the stage publisher (a
// message over the inline limit goes as a claim check) and returns once
// the server has stored it. The wait for the PubAck is bounded by
// publishTimeout; an upload to the object store by ctx.
func (f *Fetcher) publish(ctx context.Context, doc events.Document, text []byte) (stage.Published, error) {
	doc.Content = text
	data, err := json.Marshal(doc)
	if err != nil {
		return stage.Published{}, fmt.Errorf("encode document %s: %w", doc.ID, err)
	}
	if len(data) <= f.claims.Limit() {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, publishTimeout)
		defer cancel()
	}
	return f.pub.Publish(ctx, stage.Output{
		Subject:  events.SubjectDocuments,
		Type:     events.CETypeDocumentReceived,
		DocID:    doc.ID,
		Data:     data,
		TraceID:  doc.TraceID,
		Received: doc.ReceivedAt,
	}, nil)
}
