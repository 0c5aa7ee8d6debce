package evaluate

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/enricher/extract"
	"github.com/tidings-news/tidings/services/enricher/extract/ids"
	"github.com/tidings-news/tidings/services/parser"
)

// NewExtractor returns the shipped extractor on an in-memory entity
// registry, as tidings extract runs it.
func NewExtractor() (*extract.Extractor, error) {
	return extract.New(extract.Options{Registry: ids.NewMemoryRegistry()})
}

// Extracted gives each document's record as x extracts it (see Extract).
func Extracted(ctx context.Context, x *extract.Extractor) RecordFunc {
	return func(name string, text []byte) (*Record, error) {
		a, err := Extract(ctx, x, name, text)
		if err != nil {
			return nil, err
		}
		r := FromEnriched(a)
		return &r, nil
	}
}

// Extract parses and enriches one document's content as tidings extract
// does; name gives its media type and source.
func Extract(ctx context.Context, x *extract.Extractor, name string, content []byte) (*events.EnrichedArticle, error) {
	media, ok := events.MediaTypeOf(name)
	if !ok {
		return nil, fmt.Errorf("unsupported file type %q (want %s)", filepath.Ext(name), events.AcceptedExtensions())
	}
	return ExtractAs(ctx, x, filepath.Base(name), media, content)
}

// ExtractAs parses and enriches content of the given media type as a
// document named source.
func ExtractAs(ctx context.Context, x *extract.Extractor, source, media string, content []byte) (*events.EnrichedArticle, error) {
	doc := &events.Document{
		SchemaVersion: events.SchemaVersion,
		ID:            events.DocumentID(content),
		Source:        source,
		MediaType:     media,
		ReceivedAt:    time.Now().UTC(),
		Size:          int64(len(content)),
	}
	art, err := parser.Parse(doc, content)
	if err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	rec, err := x.Extract(ctx, art)
	if err != nil {
		return nil, fmt.Errorf("extract: %w", err)
	}
	return rec, nil
}
