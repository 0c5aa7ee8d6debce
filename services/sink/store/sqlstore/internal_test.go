package sqlstore

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/sink/store"
	"github.com/tidings-news/tidings/services/sink/store/storetest"
)

func TestChunkSizes(t *testing.T) {
	for n, want := range map[int][]int{
		0: nil, 1: {1}, 7: {4, 2, 1}, 64: {64}, 83: {64, 16, 2, 1}, 130: {64, 64, 2},
	} {
		if got := ChunkSizes(n); !slices.Equal(got, want) {
			t.Errorf("chunkSizes(%d) = %v, want %v", n, got, want)
		}
	}
	sizes := BulkSizes()
	for n := range 300 {
		for _, c := range ChunkSizes(n) {
			if !slices.Contains(sizes, c) {
				t.Fatalf("chunkSizes(%d) returned %d, which is not prepared", n, c)
			}
		}
	}
}

func TestInsertSQL(t *testing.T) {
	got := InsertSQL("t", []string{"a", "b"}, 2, "ON CONFLICT DO NOTHING")
	want := "INSERT INTO t (a, b) VALUES (?, ?), (?, ?) ON CONFLICT DO NOTHING"
	if got != want {
		t.Errorf("insertSQL = %q, want %q", got, want)
	}
}

func TestMergeEntity(t *testing.T) {
	d1 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	d2, d3 := d1.AddDate(0, 0, 1), d1.AddDate(0, 0, 2)
	e := mergeEntity(nil, events.Entity{ID: "per:x", Type: "PERSON", Name: "Ann Lee", Aliases: []string{"Lee", "Ann Lee", ""}}, d2)
	if e.Name != "Ann Lee" || !slices.Equal(e.Aliases, []string{"Lee"}) || !e.FirstSeen.Equal(d2) || !e.LastSeen.Equal(d2) {
		t.Fatalf("new entry: %+v", e)
	}
	// An older article: the name stays, its own name becomes an alias.
	older := mergeEntity(&e, events.Entity{ID: "per:x", Type: "PERSON", Name: "Anne Lee", Aliases: []string{"Ms Lee"}}, d1)
	if older.Name != "Ann Lee" || !slices.Equal(older.Aliases, []string{"Lee", "Ms Lee", "Anne Lee"}) ||
		!older.FirstSeen.Equal(d1) || !older.LastSeen.Equal(d2) {
		t.Fatalf("after an older article: %+v", older)
	}
	// A newer article renames; the replaced name is kept as an alias.
	newer := mergeEntity(&older, events.Entity{ID: "per:x", Name: "Anne Lee"}, d3)
	if newer.Name != "Anne Lee" || newer.Type != "PERSON" || !slices.Equal(newer.Aliases, []string{"Lee", "Ms Lee", "Ann Lee"}) ||
		!newer.FirstSeen.Equal(d1) || !newer.LastSeen.Equal(d3) {
		t.Fatalf("after a newer article: %+v", newer)
	}
}

func TestDecompose(t *testing.T) {
	rec := &events.EnrichedArticle{
		Article: events.Article{ID: "a1", Source: "a.txt", Body: "Ann met Bo."},
		Entities: []events.Entity{
			{ID: "per:ann", Type: "PERSON", Name: "Ann", Mentions: []events.Mention{{Text: "Ann", Start: 0, End: 3}}},
			{ID: "per:ann", Type: "PERSON", Name: "Ann", Aliases: []string{"A."}, Mentions: []events.Mention{{Text: "Ann", Start: 0, End: 3}}},
			{Name: "no id"},
		},
		Quotes: []events.Quote{{Text: "x", Start: 1, End: 2}},
		Events: []events.Event{{Code: "042", Actors: []events.Ref{{ID: "per:ann", Name: "Ann"}}, Targets: []events.Ref{{Name: "Bo"}}}},
	}
	d, err := Decompose(rec, "now", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Entities) != 1 || len(d.Entities[0].Mentions) != 2 || !slices.Equal(d.Entities[0].Aliases, []string{"A."}) {
		t.Errorf("entities %+v, want per:ann once with both mentions and its alias", d.Entities)
	}
	if got := []int{d.ArticleEntities.Rows(), d.Quotes.Rows(), d.Events.Rows()}; !slices.Equal(got, []int{1, 1, 1}) {
		t.Errorf("rows per child table %v, want [1 1 1]", got)
	}
	if ae := d.ArticleEntities.Args; ae[7] != "[0]" || ae[8] != "[]" {
		t.Errorf("per:ann's events as actor, target = %v, %v; want [0], []", ae[7], ae[8])
	}
	if ev := d.Events.Args; ev[15] != `[{"id":"per:ann","name":"Ann"}]` || ev[16] != `[{"name":"Bo"}]` {
		t.Errorf("event participants = %v, %v", ev[15], ev[16])
	}
	if root := d.Events.Args[3]; root != "04" {
		t.Errorf("root code %v, want 04 taken from the code", root)
	}
	d.ArticleEntities.setArticleSeq(7)
	if d.ArticleEntities.Args[0] != int64(7) {
		t.Errorf("article key %v, want 7", d.ArticleEntities.Args[0])
	}
	for _, bad := range []*events.EnrichedArticle{nil, {}} {
		if _, err := Decompose(bad, "now", nil); err == nil {
			t.Errorf("decompose(%v) succeeded", bad)
		}
	}
}

func TestLoadMigrations(t *testing.T) {
	all, err := LoadMigrations(os.DirFS("../sqlite/migrations"), ".")
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range all {
		if m.Version != i+1 {
			t.Errorf("migration %d has version %d: versions must run 1, 2, 3…", i, m.Version)
		}
	}
	bad := fstest.MapFS{"m/0001_a.sql": {Data: []byte("")}, "m/1_b.sql": {Data: []byte("")}}
	if _, err := LoadMigrations(bad, "m"); err == nil || !strings.Contains(err.Error(), "share version 1") {
		t.Errorf("duplicate versions: %v", err)
	}
	if _, err := LoadMigrations(fstest.MapFS{"m/init.sql": {}}, "m"); err == nil {
		t.Error("a migration without a version was accepted")
	}
	if _, err := pendingMigrations(all, map[int]bool{1: true, 99: true}); err == nil || !strings.Contains(err.Error(), "99") {
		t.Errorf("unknown applied version: %v", err)
	}
}

func TestRegistryKeepsTheFullestName(t *testing.T) {
	d1 := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	e := mergeEntity(nil, events.Entity{ID: "per:ada-quill", Type: "PERSON", Name: "Ada Quill"}, d1)
	e = mergeEntity(&e, events.Entity{ID: "per:ada-quill", Type: "PERSON", Name: "Dame Ada"}, d1.AddDate(0, 0, 1))
	e = mergeEntity(&e, events.Entity{ID: "per:ada-quill", Type: "PERSON", Name: "Quill"}, d1.AddDate(0, 0, 2))
	if e.Name != "Ada Quill" || !slices.Contains(e.Aliases, "Dame Ada") || !slices.Contains(e.Aliases, "Quill") {
		t.Fatalf("after lesser forms: name %q aliases %v", e.Name, e.Aliases)
	}
	// A fuller form wins even from an older article; an equal one from a newer.
	e = mergeEntity(&e, events.Entity{ID: "per:ada-quill", Name: "Ada Maria Quill"}, d1.AddDate(0, 0, -1))
	if e.Name != "Ada Maria Quill" || !slices.Contains(e.Aliases, "Ada Quill") {
		t.Fatalf("fuller older form: name %q aliases %v", e.Name, e.Aliases)
	}
	e = mergeEntity(&e, events.Entity{ID: "per:ada-quill", Name: "Ada Marie Quill"}, d1.AddDate(0, 0, 3))
	if e.Name != "Ada Marie Quill" {
		t.Fatalf("equal newer form: name %q", e.Name)
	}
}

// TestRecordJSONIsEncodingJSON: the stored record is byte for byte what
// encoding/json writes of it without its body, stored once in its column
// (every field set, HTML and escapes); invalid UTF-8,
// which no record decoded from JSON holds, becomes the same U+FFFD, written
// as itself rather than escaped.
func TestRecordJSONIsEncodingJSON(t *testing.T) {
	pub := time.Date(2025, 3, 12, 9, 30, 0, 0, time.FixedZone("", 3600))
	rec := &events.EnrichedArticle{
		Article: events.Article{SchemaVersion: 1, ID: "a1", Source: "in/a.txt", SourceURL: "https://x.example/a?b=1&c=<2>",
			MediaType: "text/plain", Title: "Talks \"resume\"", Byline: "Ann Lee", Dateline: "GENEVA", Published: &pub,
			Language: "en", Body: "Delegates met.\n\n\u201cYes,\u201d she said \u2028 \x00 <b>&</b>",
			Paragraphs: []events.Span{{Start: 0, End: 14}}, Sentences: []events.Span{{Start: 0, End: 14}},
			Boilerplate: []string{"Photo: AP"}, ReceivedAt: pub.UTC(), ParsedAt: pub, TraceID: "t1"},
		Entities: []events.Entity{{ID: "per:ann-lee", Type: events.EntityPerson, Name: "Ann Lee", Aliases: []string{"Lee"},
			Mentions: []events.Mention{{Text: "Lee", Start: 1, End: 4, Kind: "alias"}}}, {ID: "loc:geneva", Type: events.EntityLoc, Name: "Geneva"}},
		Quotes: []events.Quote{{Text: "Yes,", Start: 17, End: 21, Speaker: &events.Ref{ID: "per:ann-lee", Name: "Ann Lee"}, Cue: "said"}, {Text: "no", Partial: true}},
		Events: []events.Event{{Code: "040", RootCode: "04", Label: "Consult", QuadClass: 1, Goldstein: 1.5,
			Actors: []events.Ref{{ID: "per:ann-lee", Name: "Ann Lee"}}, Location: &events.Ref{Name: "Geneva"},
			Time: &events.TimeExpr{Text: "Monday", Date: "2025-03-10"}, Future: true, Evidence: events.Evidence{Text: "Delegates met.", End: 14}},
			{Code: "01", Goldstein: 0}},
		Enriched: true, Extractor: "tidings-extract/0.1.0", EnrichedAt: pub, DuplicateOf: "a0", StoryID: "s1",
	}
	for _, r := range []*events.EnrichedArticle{rec, {Article: events.Article{ID: "bare"}}} {
		bodiless := *r
		bodiless.Body = ""
		want, err := json.Marshal(&bodiless)
		if err != nil {
			t.Fatal(err)
		}
		got, err := recordJSON(r)
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			t.Errorf("recordJSON:\n%s\nencoding/json:\n%s", got, want)
		}
	}
	got, err := recordJSON(&events.EnrichedArticle{Article: events.Article{ID: "bad", Title: "a\xffb"}})
	if err != nil || !strings.Contains(got, "\"title\":\"a\ufffdb\"") {
		t.Errorf("invalid UTF-8: %s (%v)", got, err)
	}
}

// TestStoredRecordTakesTheEncodedJSONOnlyWhenItIsTheRecords: JSON in
// pieces that is exactly the record's (cut anywhere) is stored as given,
// not encoded again; pieces that differ anywhere, fall short or run over
// are set aside for the record's own encoding.
func TestStoredRecordTakesTheEncodedJSONOnlyWhenItIsTheRecords(t *testing.T) {
	rec := storetest.Record(1)
	rec.Body = strings.Repeat("A long body. ", 1000)
	want, err := recordJSON(rec)
	if err != nil {
		t.Fatal(err)
	}
	at := strings.Index(want, `"body":""`) + len(`"body":`)
	exact := store.Encoded{want[:at], `""`, "", want[at+2 : at+100], want[at+100:]}
	got, err := storedRecord(rec, exact)
	if enc, ok := got.(store.Encoded); err != nil || !ok || &enc[0] != &exact[0] {
		t.Fatalf("the record's own JSON in pieces: stored %T (%v), want the pieces as given", got, err)
	}
	differ := strings.Replace(want, `"id":"`+rec.ID+`"`, `"id":"`+rec.ID+`x"`, 1)
	for name, enc := range map[string]store.Encoded{
		"differs":   {differ},
		"short":     {want[:len(want)-1]},
		"over":      {want, " "},
		"with body": {want[:at], `"A long body."`, want[at+2:]},
	} {
		got, err := storedRecord(rec, enc)
		if s, ok := got.(string); err != nil || !ok || s != want {
			t.Errorf("%s: stored %T (%v), want the record encoded again", name, got, err)
		}
	}
}
