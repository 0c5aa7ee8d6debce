package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/tidings-news/tidings/services/sink/export"
	"github.com/tidings-news/tidings/services/sink/store"
	"github.com/tidings-news/tidings/services/sink/store/storetest"
)

func TestExportTables(t *testing.T) {
	dir := t.TempDir()
	url := "sqlite://" + filepath.Join(dir, "t.db")
	ctx := context.Background()
	st, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	events := 0
	for i := range 5 {
		rec := storetest.Record(i)
		for _, e := range rec.Events {
			events += max(1, len(e.Actors)) * max(1, len(e.Targets))
		}
		if err := st.Upsert(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()

	out := filepath.Join(dir, "events.csv")
	var stderr bytes.Buffer
	if code := run(ctx, []string{"export", "--store-url", url, "--table", "events", "--format", "csv", "--out", out}, &bytes.Buffer{}, &stderr); code != 0 {
		t.Fatalf("export events csv: exit %d: %s", code, stderr.String())
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(rows) != events+1 || rows[0][0] != "GLOBALEVENTID" {
		t.Fatalf("events.csv: %d rows (%v), want a header and %d", len(rows), err, events)
	}
	if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o644 {
		t.Errorf("events.csv mode %v", fi.Mode().Perm())
	}

	var stdout bytes.Buffer
	if code := run(ctx, []string{"export", "--store-url", url, "--table", "quotes", "--format", "parquet"}, &stdout, &stderr); code != 0 {
		t.Fatalf("export quotes parquet: exit %d: %s", code, stderr.String())
	}
	qs, err := parquet.Read[export.Quote](bytes.NewReader(stdout.Bytes()), int64(stdout.Len()))
	if err != nil || len(qs) != 5*6 {
		t.Fatalf("quotes.parquet: %d rows, %v; want 30", len(qs), err)
	}

	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--table", "mentions"}, 2, `unknown table "mentions"`},
		{[]string{"--table", "events", "--format", "xlsx"}, 2, `unknown format "xlsx"`},
		{[]string{"--format", "csv"}, 2, "--format csv needs --table"},
		{[]string{"--table", "events", "--since", "last week"}, 2, `--since "last week" is not a duration`},
		{[]string{"--table", "events", "--out", filepath.Join(dir, "no", "such", "dir", "x.csv")}, 1, "create"},
	} {
		stderr.Reset()
		args := append([]string{"export", "--store-url", url}, c.args...)
		if code := run(ctx, args, &bytes.Buffer{}, &stderr); code != c.code || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("%v: exit %d, %q; want %d and %q", c.args, code, stderr.String(), c.code, c.want)
		}
	}
}
