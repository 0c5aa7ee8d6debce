package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/enricher/extract"
	"github.com/tidings-news/tidings/services/enricher/extract/ids"
	"github.com/tidings-news/tidings/services/parser"
)

// cmdExtract parses and enriches files in-process, one JSON record per line,
// with one entity registry across the files (ids agree between articles).
func cmdExtract(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f := newFlags("extract", stderr)
	if code, ok := parse(f, args, stderr); !ok {
		return code
	}
	files := f.FlagSet().Args()
	if len(files) == 0 {
		fmt.Fprintln(stderr, "tidings extract: name one or more files")
		return 2
	}
	x, err := extract.New(extract.Options{Registry: ids.NewMemoryRegistry()})
	if err != nil {
		fmt.Fprintln(stderr, "tidings extract:", err)
		return 1
	}
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	failed := 0
	for _, name := range files {
		rec, err := extractFile(ctx, x, name)
		if err != nil {
			fmt.Fprintf(stderr, "tidings extract: %s: %v\n", name, err)
			failed++
			continue
		}
		if !rec.Enriched {
			fmt.Fprintf(stderr, "tidings extract: %s: not enriched: %s\n", name, extract.NotEnrichedReason(&rec.Article))
		}
		if err := enc.Encode(rec); err != nil {
			fmt.Fprintln(stderr, "tidings extract:", err)
			return 1
		}
	}
	if failed > 0 {
		return 1
	}
	return 0
}

func extractFile(ctx context.Context, x *extract.Extractor, name string) (*events.EnrichedArticle, error) {
	media, ok := events.MediaTypeOf(name)
	if !ok {
		return nil, fmt.Errorf("unsupported file type %q (want .txt, .md, .html, .htm or .json)", filepath.Ext(name))
	}
	content, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	doc := &events.Document{
		SchemaVersion: events.SchemaVersion,
		ID:            events.DocumentID(content),
		Source:        filepath.Base(name),
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
