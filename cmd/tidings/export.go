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
	"path/filepath"
	"time"

	"github.com/tidings-news/tidings/cmd/tidings/internal/allinone"
	"github.com/tidings-news/tidings/cmd/tidings/internal/watch"
	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/sink/export"
	"github.com/tidings-news/tidings/services/sink/store"
	// The stores export reads register themselves.
	_ "github.com/tidings-news/tidings/services/sink/store/postgres"
	"github.com/tidings-news/tidings/services/sink/store/sqlite"
)

const exportUsage = `Usage: tidings export [--data-dir DIR | --store-url URL] [--table T --format F] [--since S] [--out FILE]

Without --table, prints every stored record as JSON Lines, oldest first.
With --table articles|entities|events|quotes, writes that table as jsonl, csv
or parquet (--format): the events table has one row per actor-target pair,
in the column order and naming of GDELT 2.0's event table. Works while
tidings up runs; memory stays constant however large the store.
`

// exportFlags are the command's choices.
type exportFlags struct {
	dataDir, storeURL, table, format, since, out string
}

func cmdExport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f := newFlags("export", stderr)
	var o exportFlags
	setUsage(f, stderr, exportUsage)
	f.String(&o.dataDir, "data-dir", "./data", "the data folder tidings up ran with (its database is DIR/tidings.db)")
	f.String(&o.storeURL, "store-url", "", "store URL (default sqlite://DATA-DIR/tidings.db)")
	f.String(&o.table, "table", "", "articles, entities, events or quotes (default: whole records as JSON Lines)")
	f.String(&o.format, "format", export.FormatJSONL, "with --table: jsonl, csv or parquet")
	f.String(&o.since, "since", "", "only articles since this long ago (24h), this date (2025-03-12) or time (RFC 3339), with their events and quotes; entities last seen since")
	f.String(&o.out, "out", "", "write to this file (default standard output)")
	if code, ok := parse(f, args, stderr); !ok {
		return code
	}
	opts, err := o.options()
	if err != nil {
		fmt.Fprintln(stderr, "tidings export:", err)
		return 2
	}
	if o.format == export.FormatParquet && o.out == "" && isTerminal(stdout) {
		fmt.Fprintln(stderr, "tidings export: Parquet is binary; give --out FILE or redirect the output")
		return 2
	}
	st, code := openForExport(ctx, o, stderr)
	if st == nil {
		return code
	}
	defer st.Close()
	if isTerminal(stderr) {
		start := time.Now()
		opts.Progress = func(rows, articles int) {
			fmt.Fprintf(stderr, "\rtidings export: %d rows from %d articles, %s ", rows, articles, time.Since(start).Round(time.Second))
		}
	}
	err = writeOut(o.out, stdout, func(w io.Writer) error {
		if o.table == "" {
			return exportRecords(ctx, st, opts.Since, w)
		}
		_, err := export.Run(ctx, st, opts, w)
		return err
	})
	if opts.Progress != nil {
		fmt.Fprintln(stderr)
	}
	if err != nil {
		fmt.Fprintln(stderr, "tidings export:", err)
		return 1
	}
	return 0
}

// options checks the flags and turns them into export options.
func (o exportFlags) options() (export.Options, error) {
	opts := export.Options{Table: o.table, Format: o.format}
	if o.since != "" {
		t, err := watch.ParseSince(o.since, time.Now())
		if err != nil {
			return opts, err
		}
		opts.Since = t
	}
	if o.table == "" {
		if o.format != export.FormatJSONL {
			return opts, fmt.Errorf("--format %s needs --table (articles, entities, events or quotes)", o.format)
		}
		return opts, nil
	}
	return opts, opts.Check()
}

// openForExport opens the store; it never creates one (a mistyped
// --data-dir would print nothing).
func openForExport(ctx context.Context, o exportFlags, stderr io.Writer) (store.Store, int) {
	url := o.storeURL
	if url == "" {
		url = allinone.StoreURL(o.dataDir)
	}
	if path, err := sqlite.Path(url); err == nil {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(stderr, "tidings export: no database at %s (has `tidings up` run with this --data-dir?)\n", path)
			return nil, 1
		}
	}
	st, err := store.Open(ctx, url)
	if err != nil {
		fmt.Fprintln(stderr, "tidings export:", err)
		return nil, 1
	}
	return st, 0
}

// exportRecords prints the stored records (since since) as JSON Lines.
func exportRecords(ctx context.Context, st store.Store, since time.Time, w io.Writer) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	err := st.Export(ctx, func(rec *events.EnrichedArticle) error {
		if !since.IsZero() && store.SeenAt(rec).Before(since) {
			return nil
		}
		return enc.Encode(rec)
	})
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	return err
}

// writeOut runs fn on stdout, or on a file at path that appears (renamed
// from a temporary one beside it) only once fn succeeded.
func writeOut(path string, stdout io.Writer, fn func(io.Writer) error) error {
	if path == "" {
		return fn(stdout)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	bw := bufio.NewWriterSize(tmp, 256<<10)
	err = fn(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
