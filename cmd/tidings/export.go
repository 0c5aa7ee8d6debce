package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/tidings-news/tidings/cmd/tidings/internal/allinone"
	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/sink/store"
	// The stores export reads register themselves.
	_ "github.com/tidings-news/tidings/services/sink/store/postgres"
	"github.com/tidings-news/tidings/services/sink/store/sqlite"
)

func cmdExport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f := newFlags("export", stderr)
	var dataDir, storeURL string
	setUsage(f, stderr, "Usage: tidings export [--data-dir DIR | --store-url URL]\n\n"+
		"Prints every stored record as JSON Lines, oldest first; works while tidings up runs.\n")
	f.String(&dataDir, "data-dir", "./data", "the data folder tidings up ran with (its database is DIR/tidings.db)")
	f.String(&storeURL, "store-url", "", "store URL (default sqlite://DATA-DIR/tidings.db)")
	if code, ok := parse(f, args, stderr); !ok {
		return code
	}
	if storeURL == "" {
		storeURL = allinone.StoreURL(dataDir)
	}
	// Reading must not create: a mistyped --data-dir would print nothing.
	if path, err := sqlite.Path(storeURL); err == nil {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(stderr, "tidings export: no database at %s (has `tidings up` run with this --data-dir?)\n", path)
			return 1
		}
	}
	st, err := store.Open(ctx, storeURL)
	if err != nil {
		fmt.Fprintln(stderr, "tidings export:", err)
		return 1
	}
	defer st.Close()
	w := bufio.NewWriter(stdout)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	err = st.Export(ctx, func(rec *events.EnrichedArticle) error { return enc.Encode(rec) })
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		fmt.Fprintln(stderr, "tidings export:", err)
		return 1
	}
	return 0
}
