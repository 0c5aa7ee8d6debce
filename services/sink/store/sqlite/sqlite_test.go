package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
	"github.com/tidings-news/tidings/services/sink/store"
	"github.com/tidings-news/tidings/services/sink/store/sqlite"
	"github.com/tidings-news/tidings/services/sink/store/sqlite/sqlitetest"
	"github.com/tidings-news/tidings/services/sink/store/sqlstore"
	"github.com/tidings-news/tidings/services/sink/store/storetest"
)

func openFile(t testing.TB, path string) *sqlite.SQLite {
	t.Helper()
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	return st
}

func TestSQLiteConformance(t *testing.T) {
	storetest.RunConformance(t, func(t *testing.T) store.Store { return sqlitetest.Open(t) })
}

func BenchmarkUpsert(b *testing.B) {
	storetest.BenchmarkUpsert(b, func(b *testing.B) store.Store { return sqlitetest.Open(b) })
}

// migrationRows reads schema_migrations through a connection of its own.
func migrationRows(t *testing.T, path string) []string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT version || ' ' || name || ' ' || applied_at FROM schema_migrations ORDER BY version`)
	var out []string
	if err := sqlstore.EachRow(rows, err, func(rows *sql.Rows) error {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err
		}
		out = append(out, s)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestReopenKeepsDataAndMigrations(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sub", "dir", "tidings.db") // directories are created
	st := openFile(t, path)
	rec := storetest.Record(7)
	if err := st.Upsert(ctx, rec); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	before := migrationRows(t, path)
	if len(before) == 0 || !strings.HasPrefix(before[0], "1 init ") {
		t.Fatalf("schema_migrations after the first open: %q", before)
	}

	st = openFile(t, path)
	defer st.Close()
	got, err := st.Get(ctx, rec.ID)
	if err != nil {
		t.Fatalf("Get after reopening: %v", err)
	}
	storetest.AssertSameRecord(t, got, rec)
	if after := migrationRows(t, path); strings.Join(after, "\n") != strings.Join(before, "\n") {
		t.Errorf("reopening changed schema_migrations:\n%q\n%q", before, after)
	}
	if err := st.Upsert(ctx, rec); err != nil { // and it is still writable
		t.Fatal(err)
	}
}

func TestNewerSchemaIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tidings.db")
	if err := openFile(t, path).Close(); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO schema_migrations VALUES (9999, 'future', '2030-01-01T00:00:00.000000000Z')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if st, err := sqlite.Open(context.Background(), path); err == nil || !strings.Contains(err.Error(), "9999") {
		if st != nil {
			st.Close()
		}
		t.Fatalf("opening a database from a newer version: %v, want an error naming migration 9999", err)
	}
}

// TestTwoHandlesOnOneFile opens one file twice, with separate connection
// pools as two processes would (`tidings up` writing while `tidings export`
// reads, or two sinks): both write, one exports meanwhile, nothing is lost.
func TestTwoHandlesOnOneFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tidings.db")
	a, b := openFile(t, path), openFile(t, path)
	defer a.Close()
	defer b.Close()

	const n = 40
	var wg sync.WaitGroup
	errs := make(chan error, 3)
	write := func(st store.Store, from int) {
		defer wg.Done()
		for i := from; i < from+n; i++ {
			if err := st.Upsert(ctx, storetest.Record(i)); err != nil {
				errs <- err
				return
			}
		}
	}
	wg.Add(3)
	go write(a, 0)
	go write(b, n/2) // overlapping ids: the same article from two writers
	go func() {
		defer wg.Done()
		for range 10 {
			prev := ""
			if err := b.Export(ctx, func(r *events.EnrichedArticle) error {
				key := r.ReceivedAt.UTC().Format("2006-01-02T15:04:05.000000000") + r.ID
				if key < prev {
					return errors.New("export out of order")
				}
				prev = key
				return nil
			}); err != nil {
				errs <- err
				return
			}
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for _, st := range []store.Store{a, b} {
		if c, err := st.Count(ctx); err != nil || c != n+n/2 {
			t.Errorf("Count = %d, %v; want %d", c, err, n+n/2)
		}
	}
}

func TestClose(t *testing.T) {
	st := openFile(t, filepath.Join(t.TempDir(), "tidings.db"))
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if err := st.Upsert(context.Background(), storetest.Record(1)); err == nil {
		t.Error("Upsert on a closed store succeeded")
	}
}

func TestOpenURL(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	t.Chdir(dir)
	for _, url := range []string{"sqlite://./data/a.db", "sqlite://b.db", "sqlite://" + filepath.Join(dir, "c.db"), "d.db"} {
		st, err := store.Open(ctx, url)
		if err != nil {
			t.Fatalf("Open(%q): %v", url, err)
		}
		if err := st.Ping(ctx); err != nil {
			t.Errorf("Ping(%q): %v", url, err)
		}
		st.Close()
	}
	for _, f := range []string{"data/a.db", "b.db", "c.db", "d.db"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s not created: %v", f, err)
		}
	}
}

// TestSQLiteReferencesHold writes and rewrites articles, some naming fewer
// entities the second time, and checks every foreign key of the schema
// with PRAGMA foreign_key_check: the writer, which does not have SQLite
// enforce them, keeps them itself.
func TestSQLiteReferencesHold(t *testing.T) {
	ctx := context.Background()
	st := sqlitetest.Open(t)
	for n := range 30 {
		if err := st.Upsert(ctx, storetest.Record(n)); err != nil {
			t.Fatal(err)
		}
	}
	for n := range 10 {
		rec := storetest.Record(n)
		rec.Entities = rec.Entities[:len(rec.Entities)/2]
		rec.Quotes, rec.Events = rec.Quotes[:1], rec.Events[:2]
		if err := st.Upsert(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}
	db, err := sql.Open("sqlite", "file:"+st.Location()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err := sqlstore.EachRow(rows, err, func(rows *sql.Rows) error {
		var table, parent string
		var rowid sql.NullInt64
		var fk int
		if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
			return err
		}
		t.Errorf("a row of %s points at a missing row of %s", table, parent)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	stats, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Articles != 30 {
		t.Errorf("stats %+v, want 30 articles", stats)
	}
}

// TestSQLiteCheckpointsInTheBackground writes some 12 MB of log, less than
// the 32 MiB at which the writer checkpoints by itself: the background
// checkpointer must copy it into the database file within moments.
func TestSQLiteCheckpointsInTheBackground(t *testing.T) {
	ctx := context.Background()
	st := sqlitetest.Open(t)
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			for n := g; n < 300; n += 16 {
				if err := st.Upsert(ctx, storetest.Record(n)); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	size := func(path string) int64 {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	deadline := time.Now().Add(5 * time.Second)
	for size(st.Location()) < 4<<20 {
		if time.Now().After(deadline) {
			t.Fatalf("database file %d bytes, log %d bytes 5 s after the writes: nothing was checkpointed",
				size(st.Location()), size(st.Location()+"-wal"))
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("database file %.1f MB, log %.1f MB", float64(size(st.Location()))/1e6, float64(size(st.Location()+"-wal"))/1e6)
}

// TestIndexHoldsTheFirstMiBOfABody: the full-text index holds a body's
// first MiB (indexing 20 MB took some 70 MB of memory); a word past it is
// not found, the article stays whole; an update and a delete by hand take
// out exactly what was put in (no term left behind).
func TestIndexHoldsTheFirstMiBOfABody(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tidings.db")
	st := storetest.Closing(t, openFile(t, path))
	rec := storetest.Record(1)
	rec.Body = "Zanzibarian envoys met. " + strings.Repeat("The talks went on. ", sqlite.IndexedBodyBytes/19) + "Quixotically, they left."
	if err := st.Upsert(ctx, rec); err != nil {
		t.Fatal(err)
	}
	found := func(q string) int {
		page, err := st.Articles(ctx, store.ArticleQuery{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		return len(page.Items)
	}
	if found("Zanzibarian") != 1 || found("Quixotically") != 0 {
		t.Errorf("a word in the first MiB found %d times, one past it %d; want 1 and 0", found("Zanzibarian"), found("Quixotically"))
	}
	if got, err := st.Get(ctx, rec.ID); err != nil || got.Body != rec.Body {
		t.Fatalf("the stored body is not the whole body (%v)", err)
	}
	rec.Title = "Revised " + rec.Title
	if err := st.Upsert(ctx, rec); err != nil {
		t.Fatal(err)
	}
	if found("Revised") != 1 || found("Zanzibarian") != 1 {
		t.Errorf("after an update: the new title found %d times, the body's word %d; want 1 and 1", found("Revised"), found("Zanzibarian"))
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var left int
	for _, q := range []string{
		`PRAGMA foreign_keys = OFF`,
		`DELETE FROM articles`,
		`CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, articles_fts, 'row')`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM temp.terms`).Scan(&left); err != nil || left != 0 {
		t.Errorf("%d terms left in the index once every article is deleted (%v), want 0", left, err)
	}
}

// TestALargeBodyIsStoredInParts: a body over a MiB is stored in parts of a
// MiB or so, cut between runes (SQLite copied a body bound whole twice),
// and so is a stored record over a MiB; both are read back whole by Get and
// Export; a shorter body and record replacing them leave no part behind.
func TestALargeBodyIsStoredInParts(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tidings.db")
	st := storetest.Closing(t, openFile(t, path))
	rec := storetest.Record(1)
	rec.Body = "Zanzibarian envoys met. " + strings.Repeat("Die Gespräche gingen weiter: «ça va» — 会談は続いた。", 3*sqlite.BodyPartBytes/60) + "Quixotically, they left."
	for i := 0; i < 3*sqlite.BodyPartBytes/40; i++ {
		rec.Boilerplate = append(rec.Boilerplate, "Photo: a caption «"+strconv.Itoa(i)+"» é")
	}
	count := func(table string) int {
		db, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var n int
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM `+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	parts := func() int { return count("article_body_parts") }
	whole := func(body string) {
		t.Helper()
		if got, err := st.Get(ctx, rec.ID); err != nil || got.Body != body || !slices.Equal(got.Boilerplate, rec.Boilerplate) {
			t.Fatalf("Get: the body or record read back is not the one stored (%v)", err)
		}
		var exported []*events.EnrichedArticle
		if err := st.Export(ctx, func(r *events.EnrichedArticle) error { exported = append(exported, r); return nil }); err != nil || len(exported) != 1 ||
			exported[0].Body != body || !slices.Equal(exported[0].Boilerplate, rec.Boilerplate) {
			t.Fatalf("Export: the body or record read back is not the one stored (%v)", err)
		}
	}
	if err := st.Upsert(ctx, rec); err != nil {
		t.Fatal(err)
	}
	if n, want := parts(), (len(rec.Body)-1)/sqlite.BodyPartBytes; n != want || want < 2 {
		t.Errorf("a body of %d bytes stored with %d parts beside the column's, want %d", len(rec.Body), n, want)
	}
	if n := count("article_record_parts"); n < 2 {
		t.Errorf("a record of over 2 MiB stored with %d parts beside the column's, want 2 or more", n)
	}
	whole(rec.Body)
	page, err := st.Articles(ctx, store.ArticleQuery{Text: "Zanzibarian"})
	if err != nil || len(page.Items) != 1 {
		t.Errorf("a word at the start of a body in parts found %d times (%v), want 1", len(page.Items), err)
	}
	long, boiler := rec.Body, rec.Boilerplate
	rec.Body, rec.Boilerplate = "A short one now.", nil
	if err := st.Upsert(ctx, rec); err != nil {
		t.Fatal(err)
	}
	if n, m := parts(), count("article_record_parts"); n != 0 || m != 0 {
		t.Errorf("%d body parts and %d record parts left after a short article replaced a long one, want 0", n, m)
	}
	whole(rec.Body)
	rec.Body, rec.Boilerplate = long, boiler
	if err := st.Upsert(ctx, rec); err != nil {
		t.Fatal(err)
	}
	whole(long)

	// With its JSON in hand (the sink cuts a large record's from its
	// message), the record is stored from the pieces and reads back the
	// same; pieces that are not the record's are set aside.
	bodiless := *rec
	bodiless.Body = ""
	raw := string(stagetest.Marshal(t, &bodiless))
	at := strings.Index(raw, `"body":""`) + len(`"body":`)
	if err := st.UpsertEncoded(ctx, rec, store.Encoded{raw[:at], `""`, raw[at+2:]}); err != nil {
		t.Fatal(err)
	}
	if n := count("article_record_parts"); n < 2 {
		t.Errorf("a record of over 2 MiB stored from its pieces with %d parts beside the column's, want 2 or more", n)
	}
	whole(long)
	other := strings.Replace(raw, "Photo: a caption", "Photo: another caption", 1)
	if err := st.UpsertEncoded(ctx, rec, store.Encoded{other}); err != nil {
		t.Fatal(err)
	}
	whole(long)
}
