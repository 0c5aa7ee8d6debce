package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/tidings-news/tidings/cmd/tidings/internal/evaluate"
	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/enricher/extract"
	"github.com/tidings-news/tidings/services/enricher/extract/ids"
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
	if _, ok := events.MediaTypeOf(name); !ok {
		return nil, fmt.Errorf("unsupported file type %q (want .txt, .md, .html, .htm or .json)", filepath.Ext(name))
	}
	content, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return extractBytes(ctx, x, name, content)
}

// extractBytes parses and enriches one document's content; name gives its
// media type and source.
func extractBytes(ctx context.Context, x *extract.Extractor, name string, content []byte) (*events.EnrichedArticle, error) {
	return evaluate.Extract(ctx, x, name, content)
}
