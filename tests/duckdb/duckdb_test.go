//go:build cgo

package duckdb

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/sink/export"
	"github.com/tidings-news/tidings/services/sink/store/sqlite"
	"github.com/tidings-news/tidings/services/sink/store/storetest"
)

// gdeltPrefix is the order and naming of GDELT 2.0's event table for the
// columns Tidings has a counterpart for; ours follow.
const gdeltPrefix = "GLOBALEVENTID SQLDATE MonthYear Year FractionDate Actor1Code Actor1Name Actor2Code Actor2Name " +
	"EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale ActionGeo_FullName ActionGeo_FeatureID DATEADDED SOURCEURL"

// TestParquetOpensInDuckDB exports every table of a SQLite store holding
// the fixture records to Parquet through the export code `tidings export`
// runs, and queries each file with DuckDB: its row count, its column names
// in the CSV export's order (GDELT's first for events), the column types
// analysts rely on, and values looked up by id.
func TestParquetOpensInDuckDB(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	recs := storetest.Fill(t, st, 12)
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	dir := t.TempDir()
	files := map[string]string{}
	counts := map[string]int{}
	for _, table := range export.Tables() {
		files[table] = filepath.Join(dir, table+".parquet")
		counts[table] = exportTo(t, st, table, export.FormatParquet, files[table])
		csvPath := filepath.Join(dir, table+".csv")
		exportTo(t, st, table, export.FormatCSV, csvPath)
		t.Run(table, func(t *testing.T) {
			var n int
			if err := db.QueryRowContext(ctx, "SELECT count(*) FROM read_parquet(?)", files[table]).Scan(&n); err != nil || n != counts[table] {
				t.Errorf("DuckDB counts %d rows (%v); the export wrote %d", n, err, counts[table])
			}
			cols := columns(t, db, files[table])
			if got, want := names(cols), csvHeader(t, csvPath); got != want {
				t.Errorf("columns\n %s\nwant (the CSV header)\n %s", got, want)
			}
			if table == export.TableEvents && !strings.HasPrefix(names(cols), gdeltPrefix+" ") {
				t.Errorf("events columns do not start with GDELT's:\n %s", names(cols))
			}
		})
	}
	want := wantCounts(ctx, t, st, recs)
	for table, n := range want {
		if counts[table] != n {
			t.Errorf("%s: %d rows exported, want %d", table, counts[table], n)
		}
	}
	checkTypes(t, db, files)
	checkValues(ctx, t, db, files, recs)
}

// exportTo writes table in format to path as `tidings export --out` does,
// returning the rows written.
func exportTo(t *testing.T, st *sqlite.SQLite, table, format, path string) int {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n, err := export.Run(context.Background(), st, export.Options{Table: table, Format: format}, f)
	if err != nil {
		t.Fatalf("export %s as %s: %v", table, format, err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return n
}

// column is one column as DuckDB describes it.
type column struct{ name, typ string }

func columns(t *testing.T, db *sql.DB, file string) []column {
	t.Helper()
	rows, err := db.Query("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(?))", file)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []column
	for rows.Next() {
		var c column
		if err := rows.Scan(&c.name, &c.typ); err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func names(cols []column) string {
	var s []string
	for _, c := range cols {
		s = append(s, c.name)
	}
	return strings.Join(s, " ")
}

func csvHeader(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	header, _, _ := strings.Cut(string(b), "\n")
	return strings.ReplaceAll(strings.TrimSpace(header), ",", " ")
}

// wantCounts are the rows each table should have, from the records and
// the store's registry.
func wantCounts(ctx context.Context, t *testing.T, st *sqlite.SQLite, recs []*events.EnrichedArticle) map[string]int {
	t.Helper()
	want := map[string]int{export.TableArticles: len(recs)}
	for _, rec := range recs {
		want[export.TableQuotes] += len(rec.Quotes)
		for _, e := range rec.Events {
			want[export.TableEvents] += max(1, len(e.Actors)) * max(1, len(e.Targets))
		}
	}
	stats, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want[export.TableEntities] = stats.Entities
	return want
}

// checkTypes: the typed columns arrive in DuckDB as numbers, booleans and
// timestamps, not text.
func checkTypes(t *testing.T, db *sql.DB, files map[string]string) {
	t.Helper()
	want := map[string]map[string]string{
		export.TableEvents: {"SQLDATE": "INTEGER", "QuadClass": "INTEGER", "GoldsteinScale": "DOUBLE", "DATEADDED": "BIGINT",
			"IsFuture": "BOOLEAN", "EvidenceStart": "BIGINT"},
		export.TableArticles: {"published": "TIMESTAMP", "received_at": "TIMESTAMP"},
		export.TableEntities: {"first_seen": "TIMESTAMP", "articles": "BIGINT"},
		export.TableQuotes:   {"partial": "BOOLEAN", "start": "BIGINT"},
	}
	for table, types := range want {
		got := map[string]string{}
		for _, c := range columns(t, db, files[table]) {
			got[c.name] = c.typ
		}
		for name, typ := range types {
			if !strings.HasPrefix(got[name], typ) {
				t.Errorf("%s.%s is %q in DuckDB, want %s", table, name, got[name], typ)
			}
		}
	}
}

// checkValues looks rows up by id in DuckDB and compares them with the
// records they came from.
func checkValues(ctx context.Context, t *testing.T, db *sql.DB, files map[string]string, recs []*events.EnrichedArticle) {
	t.Helper()
	rec := recs[3]
	row := export.EventsOf(nil, rec, rec.Events[0], 0)[0]
	var actor, code, root string
	var goldstein float64
	var day int32
	err := db.QueryRowContext(ctx, `SELECT Actor1Code, EventCode, EventRootCode, GoldsteinScale, SQLDATE FROM read_parquet(?)
		WHERE GLOBALEVENTID = ? AND Actor2Code = ?`, files[export.TableEvents], row.GlobalEventID, row.Actor2Code).
		Scan(&actor, &code, &root, &goldstein, &day)
	if err != nil || actor != row.Actor1Code || code != row.EventCode || root != row.EventRootCode || goldstein != row.GoldsteinScale || day != row.SQLDate {
		t.Errorf("event %s in DuckDB: %s %s %s %v %d (%v); want %+v", row.GlobalEventID, actor, code, root, goldstein, day, err, row)
	}
	dated := recs[2] // even records have a published date
	var title string
	var published time.Time
	err = db.QueryRowContext(ctx, "SELECT title, published FROM read_parquet(?) WHERE id = ?", files[export.TableArticles], dated.ID).Scan(&title, &published)
	if err != nil || title != dated.Title || dated.Published == nil || !published.Equal(dated.Published.Truncate(time.Millisecond)) {
		t.Errorf("article %s in DuckDB: %q %s (%v); want %q %v", dated.ID, title, published, err, dated.Title, dated.Published)
	}
	q := rec.Quotes[0]
	var text string
	var start int64
	err = db.QueryRowContext(ctx, `SELECT text, start FROM read_parquet(?) WHERE article_id = ? ORDER BY start LIMIT 1`,
		files[export.TableQuotes], rec.ID).Scan(&text, &start)
	if err != nil || text != q.Text || start != int64(q.Start) {
		t.Errorf("first quote of %s in DuckDB: %q at %d (%v); want %q at %d", rec.ID, text, start, err, q.Text, q.Start)
	}
	en := rec.Entities[0]
	var name, typ string
	err = db.QueryRowContext(ctx, "SELECT name, type FROM read_parquet(?) WHERE id = ?", files[export.TableEntities], en.ID).Scan(&name, &typ)
	if err != nil || name == "" || typ != en.Type {
		t.Errorf("entity %s in DuckDB: %q %q (%v); want type %s", en.ID, name, typ, err, en.Type)
	}
}
