package export_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/sink/export"
	"github.com/tidings-news/tidings/services/sink/store"
	"github.com/tidings-news/tidings/services/sink/store/sqlite/sqlitetest"
	"github.com/tidings-news/tidings/services/sink/store/storetest"
)

const nRecords = 12

// fixture is a SQLite store holding the storetest records 0..nRecords-1.
func fixture(t *testing.T) (store.Store, []*events.EnrichedArticle) {
	t.Helper()
	st := sqlitetest.Open(t)
	return st, storetest.Fill(t, st, nRecords)
}

// gdeltColumns are the GDELT 2.0 event table's columns Tidings fills, in
// GDELT's order, then Tidings' own.
var gdeltColumns = []string{"GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
	"Actor1Code", "Actor1Name", "Actor2Code", "Actor2Name", "EventCode", "EventBaseCode", "EventRootCode",
	"QuadClass", "GoldsteinScale", "ActionGeo_FullName", "ActionGeo_FeatureID", "DATEADDED", "SOURCEURL",
	"Actor1Type", "Actor2Type", "EventLabel", "IsFuture", "TimeText", "DateFromArticle", "ArticleID", "ArticleTitle",
	"EvidenceStart", "EvidenceEnd", "EvidenceText"}

func TestEventRowsFollowGDELT(t *testing.T) {
	rec := storetest.Record(3)
	var rows []export.Event
	for i, e := range rec.Events {
		rows = export.EventsOf(rows, rec, e, i)
	}
	want := 0
	for _, e := range rec.Events {
		want += max(1, len(e.Actors)) * max(1, len(e.Targets))
	}
	if len(rows) != want {
		t.Fatalf("%d rows, want one per actor-target pair: %d", len(rows), want)
	}
	r, e := rows[0], rec.Events[0]
	day, _ := time.Parse(time.DateOnly, e.Time.Date)
	if r.GlobalEventID != rec.ID+".event.0" || r.SQLDate != int32(day.Year()*10000+int(day.Month())*100+day.Day()) ||
		r.MonthYear != int32(day.Year()*100+int(day.Month())) || r.Year != int32(day.Year()) || r.DateFromArticle {
		t.Errorf("date columns: %+v (event date %s)", r, e.Time.Date)
	}
	if r.Actor1Code != e.Actors[0].ID || r.Actor1Name != e.Actors[0].Name || r.Actor1Type != events.EntityPerson ||
		r.Actor2Code != e.Targets[0].ID || r.EventCode != "036" || r.EventBaseCode != "036" || r.EventRootCode != "03" ||
		r.QuadClass != 1 || r.GoldsteinScale != 4 || r.ActionGeoFeatureID != e.Location.ID || r.ActionGeoFullName != e.Location.Name {
		t.Errorf("event columns: %+v", r)
	}
	if r.DateAdded != 20250303105100 || r.SourceURL != rec.Source || r.ArticleTitle != rec.Title ||
		r.EvidenceStart != int64(e.Evidence.Start) || r.EvidenceEnd != int64(e.Evidence.End) || rec.Body[r.EvidenceStart:r.EvidenceEnd] != r.EvidenceText {
		t.Errorf("article and evidence columns: %+v (received %s)", r, rec.ReceivedAt)
	}
	// The accusation by "critics" against two targets: two rows, the unnamed actor without a code.
	var accuse []export.Event
	for _, row := range rows {
		if row.EventCode == "112" && row.GlobalEventID == rows[len(rows)-1].GlobalEventID {
			accuse = append(accuse, row)
		}
	}
	if len(accuse) != 2 || accuse[0].Actor1Name != "critics" || accuse[0].Actor1Code != "" || accuse[0].Actor2Code == accuse[1].Actor2Code ||
		!accuse[0].DateFromArticle || accuse[0].SQLDate != int32(store.SeenAt(rec).Year()*10000+int(store.SeenAt(rec).Month())*100+store.SeenAt(rec).Day()) {
		t.Errorf("accusation rows: %+v", accuse)
	}
}

// TestRoundTrips writes every table in every format from a real store and
// reads each file back (CSV with encoding/csv, Parquet with parquet-go,
// JSON Lines with encoding/json): the same rows, in order.
func TestRoundTrips(t *testing.T) {
	st, recs := fixture(t)
	ctx := context.Background()
	var want struct {
		articles []export.Article
		events   []export.Event
		quotes   []export.Quote
		entities []export.Entity
	}
	for _, rec := range recs { // st.Export gives them oldest first, as built
		want.articles = append(want.articles, export.ArticleOfRecord(rec))
		for i, e := range rec.Events {
			want.events = export.EventsOf(want.events, rec, e, i)
		}
		for _, q := range rec.Quotes {
			want.quotes = append(want.quotes, export.QuoteOf(rec.ID, q))
		}
	}
	if err := export.Entities(ctx, st, store.EntityQuery{}, func(e export.Entity) error { want.entities = append(want.entities, e); return nil }); err != nil {
		t.Fatal(err)
	}
	stats, _ := st.Stats(ctx)
	if len(want.entities) != stats.Entities || len(want.entities) < 10 {
		t.Fatalf("%d entity rows for %d registry entries", len(want.entities), stats.Entities)
	}
	for _, format := range export.Formats() {
		t.Run(format, func(t *testing.T) {
			roundTrip(t, st, export.TableArticles, format, want.articles)
			roundTrip(t, st, export.TableEvents, format, want.events)
			roundTrip(t, st, export.TableQuotes, format, want.quotes)
			roundTrip(t, st, export.TableEntities, format, want.entities)
		})
	}
}

func roundTrip[T any](t *testing.T, st store.Store, table, format string, want []T) {
	t.Helper()
	var buf bytes.Buffer
	n, err := export.Run(context.Background(), st, export.Options{Table: table, Format: format}, &buf)
	if err != nil || n != len(want) {
		t.Fatalf("%s as %s: %d rows, %v; want %d", table, format, n, err, len(want))
	}
	var got []T
	switch format {
	case export.FormatJSONL:
		sc := bufio.NewScanner(&buf)
		for sc.Scan() {
			var row T
			if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
				t.Fatalf("%s jsonl: %v", table, err)
			}
			got = append(got, row)
		}
	case export.FormatParquet:
		r := parquet.NewGenericReader[T](bytes.NewReader(buf.Bytes()))
		got = make([]T, r.NumRows())
		if k, err := r.Read(got); k != len(got) || err != nil && err != io.EOF {
			t.Fatalf("%s parquet: read %d of %d: %v", table, k, len(got), err)
		}
	case export.FormatCSV:
		got = fromCSV[T](t, buf.Bytes())
	}
	if len(got) != len(want) {
		t.Fatalf("%s %s: %d rows back, want %d", table, format, len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(normalize(got[i]), normalize(want[i])) {
			t.Fatalf("%s %s row %d:\n got %+v\nwant %+v", table, format, i, got[i], want[i])
		}
	}
}

// normalize makes times comparable (UTC, same representation).
func normalize(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// fromCSV reads a CSV export back into rows through its JSON column names
// (numbers and booleans as written), checking the header.
func fromCSV[T any](t *testing.T, data []byte) []T {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil || len(recs) == 0 {
		t.Fatalf("csv: %v", err)
	}
	header := recs[0]
	typ := reflect.TypeFor[T]()
	if len(header) != typ.NumField() {
		t.Fatalf("csv header %v for %d fields", header, typ.NumField())
	}
	var out []T
	for _, rec := range recs[1:] {
		m := map[string]any{}
		for i, name := range header {
			f := typ.Field(i)
			switch f.Type.Kind() {
			case reflect.String:
				m[name] = rec[i]
			case reflect.Pointer, reflect.Struct: // times
				if rec[i] != "" {
					m[name] = rec[i]
				}
			default: // numbers and booleans are JSON literals
				m[name] = json.RawMessage(rec[i])
			}
		}
		b, _ := json.Marshal(m)
		var row T
		if err := json.Unmarshal(b, &row); err != nil {
			t.Fatalf("csv row %v: %v", rec, err)
		}
		out = append(out, row)
	}
	return out
}

func TestEventsCSVHeaderIsGDELTs(t *testing.T) {
	st, _ := fixture(t)
	var buf bytes.Buffer
	if _, err := export.Run(context.Background(), st, export.Options{Table: export.TableEvents, Format: export.FormatCSV}, &buf); err != nil {
		t.Fatal(err)
	}
	header, _, _ := strings.Cut(buf.String(), "\n")
	if header != strings.Join(gdeltColumns, ",") {
		t.Errorf("header\n %s\nwant\n %s", header, strings.Join(gdeltColumns, ","))
	}
}

func TestSinceKeepsLaterArticlesAndTheirRows(t *testing.T) {
	st, recs := fixture(t)
	since := store.SeenAt(recs[7]) // odd records have no published date: their receive time counts
	var wantArticles, wantQuotes int
	for _, rec := range recs {
		if !store.SeenAt(rec).Before(since) {
			wantArticles++
			wantQuotes += len(rec.Quotes)
		}
	}
	if wantArticles == 0 || wantArticles == nRecords {
		t.Fatalf("fixture: %d of %d articles since %s", wantArticles, nRecords, since)
	}
	for table, want := range map[string]int{export.TableArticles: wantArticles, export.TableQuotes: wantQuotes} {
		n, err := export.Run(context.Background(), st, export.Options{Table: table, Format: export.FormatCSV, Since: since}, io.Discard)
		if err != nil || n != want {
			t.Errorf("%s since %s: %d rows, %v; want %d", table, since, n, err, want)
		}
	}
}

// The read API's queries as files: the events a filter matches, with the
// same rows (and ids) as the whole table has for them.
func TestEventsOfAQuery(t *testing.T) {
	st, recs := fixture(t)
	var want []export.Event
	for _, rec := range recs {
		for i, e := range rec.Events {
			if e.RootCode == "04" {
				want = export.EventsOf(want, rec, e, i)
			}
		}
	}
	var got []export.Event
	err := export.Events(context.Background(), st, store.EventQuery{Root: "04"}, func(e export.Event) error { got = append(got, e); return nil })
	if err != nil || len(got) != len(want) || len(want) == 0 {
		t.Fatalf("%d rows (%v), want %d", len(got), err, len(want))
	}
	ids := map[string]bool{}
	for _, e := range want {
		ids[normalize(e)] = true
	}
	for _, e := range got {
		if !ids[normalize(e)] {
			t.Errorf("row not in the table: %+v", e)
		}
	}
}

func TestBadOptions(t *testing.T) {
	st, _ := fixture(t)
	for _, o := range []export.Options{{Table: "mentions", Format: "csv"}, {Table: "events", Format: "xlsx"}} {
		_, err := export.Run(context.Background(), st, o, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "unknown") {
			t.Errorf("%+v: %v", o, err)
		}
	}
}

func TestProgressIsReported(t *testing.T) {
	st, _ := fixture(t)
	var last, calls int
	n, err := export.Run(context.Background(), st, export.Options{Table: export.TableEvents, Format: export.FormatJSONL,
		Progress: func(rows, articles int) { calls++; last = rows }}, io.Discard)
	if err != nil || calls == 0 || last != n {
		t.Errorf("progress: %d calls, last %d rows of %d (%v)", calls, last, n, err)
	}
}
