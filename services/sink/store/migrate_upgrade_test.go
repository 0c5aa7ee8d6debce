package store_test

import (
	"context"
	"database/sql"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/sink/store"
	"github.com/tidings-news/tidings/services/sink/store/pgtest"
	"github.com/tidings-news/tidings/services/sink/store/postgres"
	"github.com/tidings-news/tidings/services/sink/store/sqlite"
	"github.com/tidings-news/tidings/services/sink/store/sqlstore"
)

// The upgrade tests build a database with the migrations before the one
// that moved event participants into events (SQLite 0004, PostgreSQL
// 0003), fill it as the writer of that schema did, and open it with the
// current store: the migration must carry every participant over.

// oldParticipantRows is one article as the old schema held it: two events,
// one participant without an entity id, and one entity named twice as a
// target of the same event.
const oldParticipantRows = `
INSERT INTO entities (id, type, name, name_key, aliases, first_seen, last_seen, article_count) VALUES
 ('per:ann', 'PERSON', 'Ann Vale', 'ann vale', '[]', %T, %T, 1),
 ('per:bo', 'PERSON', 'Bo Rask', 'bo rask', '[]', %T, %T, 1);
INSERT INTO article_entities (article_seq, entity_id, ordinal, type, name, mention_count, mentions) VALUES
 (%SEQ, 'per:ann', 0, 'PERSON', 'Ann Vale', 0, '[]'),
 (%SEQ, 'per:bo', 1, 'PERSON', 'Bo Rask', 0, '[]');
INSERT INTO events (article_seq, ordinal, code, root_code, goldstein, date, evidence_start, evidence_end) VALUES
 (%SEQ, 0, '042', '04', 1.9, '2026-03-01', 0, 4),
 (%SEQ, 1, '111', '11', -2, '2026-03-02', 5, 9);
INSERT INTO event_participants (article_seq, event_ordinal, role, ordinal, entity_id, name) VALUES
 (%SEQ, 0, 'actor', 0, 'per:ann', 'Ann Vale'),
 (%SEQ, 0, 'target', 0, NULL, 'the crowd'),
 (%SEQ, 1, 'actor', 0, 'per:bo', 'Bo Rask'),
 (%SEQ, 1, 'target', 0, 'per:ann', 'Ann Vale'),
 (%SEQ, 1, 'target', 1, 'per:ann', 'Ann');
`

// oldRows renders oldParticipantRows with a time literal and the article's seq.
func oldRows(timeLit, seq string) string {
	return strings.NewReplacer("%T", timeLit, "%SEQ", seq).Replace(oldParticipantRows)
}

// migrationFiles returns the SQL of the migrations in dir numbered below before.
func migrationFiles(t *testing.T, fsys fs.FS, dir string, before int) []sqlstore.Migration {
	t.Helper()
	all, err := sqlstore.LoadMigrations(fsys, dir)
	if err != nil {
		t.Fatal(err)
	}
	return slices.DeleteFunc(all, func(m sqlstore.Migration) bool { return m.Version >= before })
}

// The table the migration runner keeps, as each database has it (the old
// database is built without the runner).
const (
	sqliteSchemaMigrations = `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`
	pgSchemaMigrations     = `CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)`
)

// mustExec is exec failing t on an error.
func mustExec(t *testing.T, exec func(q string, args ...any) error) func(q string, args ...any) {
	return func(q string, args ...any) {
		t.Helper()
		if err := exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// oldSchema builds an old database through exec, as the runner would have:
// its table, then the migrations before version before, each recorded by
// record (an insert into schema_migrations of the version and name).
func oldSchema(t *testing.T, exec func(q string, args ...any), table string, migrations fs.FS, before int, record string) {
	t.Helper()
	exec(table)
	for _, m := range migrationFiles(t, migrations, ".", before) {
		exec(m.SQL)
		exec(record, m.Version, m.Name)
	}
}

func TestSQLiteUpgradeMovesParticipantsIntoEvents(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	exec := mustExec(t, func(q string, args ...any) error { _, err := db.ExecContext(ctx, q, args...); return err })
	oldSchema(t, exec, sqliteSchemaMigrations, os.DirFS("sqlite/migrations"), 4,
		`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, '')`)
	exec(`INSERT INTO articles (seq, id, schema_version, source, body, received_at, record, stored_at, updated_at)
VALUES (1, 'a1', 1, 'a.txt', 'Ann met the crowd. Bo criticised Ann.', '2026-03-02T00:00:00.000000000Z', '{}', '', '')`)
	exec(oldRows("'2026-03-02T00:00:00.000000000Z'", "1"))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	checkUpgraded(t, func() (store.Store, error) { return sqlite.Open(ctx, path) })
}

func TestPostgresUpgradeMovesParticipantsIntoEvents(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	exec := mustExec(t, func(q string, args ...any) error { _, err := conn.Exec(ctx, q, args...); return err })
	oldSchema(t, exec, pgSchemaMigrations, os.DirFS("postgres/migrations"), 3,
		`INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())`)
	var seq int64
	if err := conn.QueryRow(ctx, `INSERT INTO articles (id, schema_version, source, body, received_at, record, stored_at, updated_at)
VALUES ('a1', 1, 'a.txt', 'Ann met the crowd. Bo criticised Ann.', '2026-03-02Z', '{}', now(), now()) RETURNING seq`).Scan(&seq); err != nil {
		t.Fatal(err)
	}
	exec(oldRows("'2026-03-02Z'", strconv.FormatInt(seq, 10)))
	if err := conn.Close(ctx); err != nil {
		t.Fatal(err)
	}

	checkUpgraded(t, func() (store.Store, error) { return postgres.Open(ctx, url) })
}

// checkMigratedParticipants checks the events of oldParticipantRows as the
// current store reads them.
// checkUpgraded opens the old database through open, which migrates it,
// and checks what the migration did.
func checkUpgraded(t *testing.T, open func() (store.Store, error)) {
	t.Helper()
	st, err := open()
	if err != nil {
		t.Fatalf("open the old database: %v", err)
	}
	defer st.Close()
	checkMigratedParticipants(t, st)
}

func checkMigratedParticipants(t *testing.T, r store.Store) {
	t.Helper()
	ctx := context.Background()
	ann, bo := events.Ref{ID: "per:ann", Name: "Ann Vale"}, events.Ref{ID: "per:bo", Name: "Bo Rask"}
	for _, c := range []struct {
		name string
		q    store.EventQuery
		want []store.EventRow
	}{
		{"actor per:ann", store.EventQuery{ActorID: "per:ann"}, []store.EventRow{
			{Event: events.Event{Code: "042", Actors: []events.Ref{ann}, Targets: []events.Ref{{Name: "the crowd"}}}}}},
		{"actor per:bo", store.EventQuery{ActorID: "per:bo"}, []store.EventRow{
			{Event: events.Event{Code: "111", Actors: []events.Ref{bo}, Targets: []events.Ref{ann, {ID: "per:ann", Name: "Ann"}}}}}},
		{"participant per:ann", store.EventQuery{ParticipantID: "per:ann"}, []store.EventRow{
			{Event: events.Event{Code: "042"}}, {Event: events.Event{Code: "111"}}}},
		{"participant nobody", store.EventQuery{ParticipantID: "per:nobody"}, nil},
	} {
		page, err := r.Events(ctx, c.q)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if len(page.Items) != len(c.want) {
			t.Fatalf("%s: %d events, want %d: %+v", c.name, len(page.Items), len(c.want), page.Items)
		}
		for i, want := range c.want {
			got := page.Items[i]
			if got.Code != want.Code {
				t.Errorf("%s: event %d code %s, want %s", c.name, i, got.Code, want.Code)
			}
			if want.Actors != nil && (!slices.Equal(got.Actors, want.Actors) || !slices.Equal(got.Targets, want.Targets)) {
				t.Errorf("%s: event %d actors %v targets %v, want %v and %v", c.name, i, got.Actors, got.Targets, want.Actors, want.Targets)
			}
		}
	}
	st, err := r.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Participants != 5 || st.Events != 2 {
		t.Errorf("stats %+v, want 2 events with 5 participants", st)
	}
}
