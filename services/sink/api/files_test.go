package api_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/tidings-news/tidings/services/sink/api"
	"github.com/tidings-news/tidings/services/sink/export"
	"github.com/tidings-news/tidings/services/sink/store"
	"github.com/tidings-news/tidings/services/sink/store/storetest"
)

// download GETs path and returns the body, failing unless 200 with ctype.
func download(t *testing.T, srv *httptest.Server, path, ctype string) []byte {
	t.Helper()
	status, h, body := do(t, srv, http.MethodGet, path, "", "")
	if status != http.StatusOK || h.Get("Content-Type") != ctype {
		t.Fatalf("GET %s: %d %s: %s", path, status, h.Get("Content-Type"), body)
	}
	if cd := h.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment; filename=") {
		t.Errorf("GET %s: Content-Disposition %q", path, cd)
	}
	return []byte(body)
}

// The lists as files: every matching row, past the page size, with the
// list's filters, in the format asked.
func TestListsAsFiles(t *testing.T) {
	st := openSQLite(t)
	ctx := context.Background()
	const n = 50 // 50 × 12 events: more than one page of 500
	for i := range n {
		if err := st.Upsert(ctx, storetest.Record(i)); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(api.Handler(st, ""))
	defer srv.Close()

	// Events as CSV: GDELT's header, every root-04 row, nothing else.
	rows, err := csv.NewReader(bytes.NewReader(download(t, srv, "/api/v1/events?format=csv&root=04", "text/csv; charset=utf-8"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0][:5], ",") != "GLOBALEVENTID,SQLDATE,MonthYear,Year,FractionDate" || rows[0][11] != "EventRootCode" {
		t.Errorf("header %v", rows[0])
	}
	want := 0
	for i := range n {
		for _, e := range storetest.Record(i).Events {
			if e.RootCode == "04" {
				want += max(1, len(e.Actors)) * max(1, len(e.Targets))
			}
		}
	}
	if len(rows)-1 != want {
		t.Fatalf("%d rows, want %d", len(rows)-1, want)
	}
	// All events: more than one page of the store's.
	all, _ := csv.NewReader(bytes.NewReader(download(t, srv, "/api/v1/events?format=csv", "text/csv; charset=utf-8"))).ReadAll()
	allWant, ids := 0, map[string]bool{}
	for i := range n {
		for _, e := range storetest.Record(i).Events {
			allWant += max(1, len(e.Actors)) * max(1, len(e.Targets))
		}
	}
	for _, r := range all[1:] {
		ids[r[0]] = true
	}
	if len(all)-1 != allWant || len(ids) != n*12 || n*12 <= store.MaxLimit {
		t.Errorf("all events: %d rows of %d distinct events, want %d rows of %d", len(all)-1, len(ids), allWant, n*12)
	}
	for _, r := range rows[1:] {
		if r[11] != "04" || r[0] == "" {
			t.Fatalf("row %v", r)
		}
	}

	// Quotes of one speaker as Parquet.
	speaker := storetest.Record(0).Quotes[0].Speaker.ID
	body := download(t, srv, "/api/v1/quotes?format=parquet&speaker="+speaker, "application/vnd.apache.parquet")
	qs, err := parquet.Read[export.Quote](bytes.NewReader(body), int64(len(body)))
	if err != nil || len(qs) == 0 {
		t.Fatalf("parquet quotes: %d, %v", len(qs), err)
	}
	for _, q := range qs {
		if q.SpeakerID != speaker || q.Text == "" {
			t.Fatalf("quote %+v, want speaker %s", q, speaker)
		}
	}

	// People as JSON Lines; articles as CSV, all of them.
	sc := bufio.NewScanner(bytes.NewReader(download(t, srv, "/api/v1/entities?format=jsonl&type=PERSON", "application/x-ndjson")))
	people := 0
	for sc.Scan() {
		var e export.Entity
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil || e.Type != "PERSON" {
			t.Fatalf("entity line %s: %v", sc.Bytes(), err)
		}
		people++
	}
	if people == 0 {
		t.Error("no people")
	}
	arts, _ := csv.NewReader(bytes.NewReader(download(t, srv, "/api/v1/articles?format=csv", "text/csv; charset=utf-8"))).ReadAll()
	if len(arts) != n+1 {
		t.Errorf("%d article rows, want %d", len(arts)-1, n)
	}
	// format=json is the page, as without it.
	var page struct{ Items []json.RawMessage }
	get(t, srv, "/api/v1/events?format=json&limit=3", "", http.StatusOK, &page)
	if len(page.Items) != 3 {
		t.Errorf("format=json: %d items", len(page.Items))
	}
}

func TestBadFileRequests(t *testing.T) {
	srv := httptest.NewServer(api.Handler(openSQLite(t), ""))
	defer srv.Close()
	for path, want := range map[string]string{
		"/api/v1/events?format=xlsx":         `format="xlsx": want json (a page), jsonl, csv, parquet`,
		"/api/v1/quotes?format=csv&limit=10": "limit does not apply to format=csv",
		"/api/v1/events?format=csv&root=4":   "root",
	} {
		var e struct{ Error struct{ Message string } }
		get(t, srv, path, "", http.StatusBadRequest, &e)
		if !strings.Contains(e.Error.Message, want) {
			t.Errorf("%s: %q, want %q", path, e.Error.Message, want)
		}
	}
}
