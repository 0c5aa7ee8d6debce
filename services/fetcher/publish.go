package fetcher

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nuid"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
)

// headerRoom is what the headers of a document message may take of the
// server's max payload.
const headerRoom = 4 << 10

// published is the result of one publish.
type published struct {
	doc events.Document
	// duplicate is set when the server already held the message (PubAck.Duplicate).
	duplicate bool
}

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

// publish sends doc with its content inline or, when it is over the inline
// limit or would not fit in a message, through the object store; it returns
// once the server has stored the message.
func (f *Fetcher) publish(ctx context.Context, doc events.Document, text []byte) (published, error) {
	var data []byte
	var err error
	if len(text) <= f.cfg.InlineLimit {
		doc.Content = text
		if data, err = json.Marshal(doc); err != nil {
			return published{}, fmt.Errorf("encode document %s: %w", doc.ID, err)
		}
		if f.fits(data) {
			return f.send(ctx, doc, data)
		}
		doc.Content = nil
	}
	if doc.Ref, err = f.claimCheck(ctx, doc, text); err != nil {
		return published{}, err
	}
	if data, err = json.Marshal(doc); err != nil {
		return published{}, fmt.Errorf("encode document %s: %w", doc.ID, err)
	}
	return f.send(ctx, doc, data)
}

// fits reports whether a message body of data fits the server's max payload.
func (f *Fetcher) fits(data []byte) bool {
	nc := f.js.Conn()
	if nc == nil {
		return true
	}
	limit := nc.MaxPayload()
	return limit <= 0 || int64(len(data))+headerRoom <= limit
}

// send publishes data as the document message and waits for the PubAck.
func (f *Fetcher) send(ctx context.Context, doc events.Document, data []byte) (published, error) {
	ctx, cancel := context.WithTimeout(ctx, publishTimeout)
	defer cancel()
	ack, err := f.pub.Publish(ctx, stage.Output{
		Subject:  events.SubjectDocuments,
		Type:     events.TypeDocumentReceived,
		DocID:    doc.ID,
		Data:     data,
		TraceID:  doc.TraceID,
		Received: doc.ReceivedAt,
	}, nil)
	if err != nil {
		return published{}, err
	}
	return published{doc: doc, duplicate: ack.Duplicate}, nil
}

// claimCheck stores text in the object store under the document id and
// returns the reference. An object stored within the stream's deduplication
// window is reused as it is: the publish that follows will be a duplicate of
// the message that already points at it. An older one is replaced, which
// renews its age.
func (f *Fetcher) claimCheck(ctx context.Context, doc events.Document, text []byte) (*events.ObjectRef, error) {
	obs, err := f.objectStore(ctx)
	if err != nil {
		return nil, err
	}
	info, err := obs.GetInfo(ctx, doc.ID)
	switch {
	case err == nil && !info.Deleted && time.Since(info.ModTime) < events.StreamDocuments.Duplicates:
		return &events.ObjectRef{Bucket: events.ObjectBucket, Name: doc.ID, Size: int64(info.Size)}, nil
	case err != nil && !errors.Is(err, jetstream.ErrObjectNotFound):
		return nil, fmt.Errorf("look up object %s: %w", doc.ID, err)
	}
	info, err = obs.Put(ctx, jetstream.ObjectMeta{
		Name:        doc.ID,
		Description: "tidings document " + doc.Source,
		Metadata:    map[string]string{"source": doc.Source, "media_type": doc.MediaType},
	}, bytes.NewReader(text))
	if err != nil {
		return nil, fmt.Errorf("store document %s in object store: %w", doc.ID, err)
	}
	return &events.ObjectRef{Bucket: events.ObjectBucket, Name: doc.ID, Size: int64(info.Size)}, nil
}

// objectStore opens the claim-check bucket on first use (creating it when
// missing); a failure is retried on the next use.
func (f *Fetcher) objectStore(ctx context.Context) (jetstream.ObjectStore, error) {
	if f.obs != nil {
		return f.obs, nil
	}
	obs, err := stage.Topology{}.EnsureObjectStore(ctx, f.js)
	if err != nil {
		return nil, err
	}
	f.obs = obs
	return obs, nil
}
