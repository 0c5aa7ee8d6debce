package fetcher

import (
	"context"
	"encoding/base64"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/nats-io/nuid"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
)

// publish is the fetcher's PublishFunc, the one path of every source: it
// checks the item's content, builds its document and sends it.
func (f *Fetcher) publish(ctx context.Context, it Item) (Published, error) {
	text, converted, err := f.check(it)
	if err != nil {
		return Published{}, err
	}
	doc := events.Document{
		SchemaVersion: events.SchemaVersion,
		ID:            events.DocumentID(text),
		Source:        it.Name,
		SourceURL:     it.SourceURL,
		MediaType:     it.MediaType,
		ReceivedAt:    time.Now().UTC(),
		Size:          int64(len(text)),
		TraceID:       it.TraceID,
		Published:     it.Published,
	}
	if doc.TraceID == "" {
		doc.TraceID = nuid.Next()
	}
	res, err := f.send(ctx, doc, text, it.ItemID)
	if err != nil {
		return Published{Doc: doc}, err
	}
	f.metrics.bytes.Add(float64(len(text)))
	if res.ClaimCheck {
		f.metrics.objectStore.Inc()
	}
	return Published{Published: res, Doc: doc, FromUTF16: converted}, nil
}

// check is the publishing path's verdict on an item's content: a
// *rejection when it is empty, too large, binary, not text or (JSON) not a
// document; else the
// UTF-8 text (converted reports a conversion from UTF-16).
func (f *Fetcher) check(it Item) (text []byte, converted bool, err error) {
	if len(it.Raw) == 0 {
		return nil, false, reject(ReasonEmpty, "the file is empty")
	}
	if int64(len(it.Raw)) > f.cfg.MaxSize {
		return nil, false, reject(ReasonTooLarge, "%d bytes is over the limit of %d bytes", len(it.Raw), f.cfg.MaxSize)
	}
	text, converted, rej := decodeText(it.Raw)
	if rej == nil && it.MediaType == events.MediaJSON {
		if err := events.CheckJSONDocument(text); err != nil {
			rej = reject(ReasonInvalidJSON, "%v", err)
		}
	}
	if rej != nil {
		rej.docID = events.DocumentID(it.Raw)
		return nil, false, rej
	}
	return text, converted, nil
}

// send sends doc with its content through the stage publisher (a message
// over the inline limit goes as a claim check) and returns once the server
// has stored it, under itemID when set. Each request to NATS has the
// JetStream context's timeout.
func (f *Fetcher) send(ctx context.Context, doc events.Document, text []byte, itemID string) (stage.Published, error) {
	if len(text) >= stage.TightGCPayload {
		defer stage.HandlingLarge()()
	}
	doc.Content = text
	data, err := stage.MarshalSized(doc, base64.StdEncoding.EncodedLen(len(text))*5/4+4<<10) // the content in base64, the rest, a quarter free
	if err != nil {
		return stage.Published{}, fmt.Errorf("encode document %s: %w", doc.ID, err)
	}
	if len(data) >= stage.LargePayload {
		defer debug.FreeOSMemory() // its copies' memory back to the system, as stage.InHand does
	}
	return f.pub.Publish(ctx, stage.Output{
		Subject:  events.SubjectDocuments,
		Type:     events.CETypeDocumentReceived,
		DocID:    doc.ID,
		Data:     data,
		TraceID:  doc.TraceID,
		Received: doc.ReceivedAt,
		Source:   doc.Source,
		ItemID:   itemID,
	}, nil)
}
