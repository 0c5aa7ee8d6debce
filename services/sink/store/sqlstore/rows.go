package sqlstore

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	jsonv2 "github.com/go-json-experiment/json"
	jsonv1 "github.com/go-json-experiment/json/v1"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/sink/store"
)

// TableSpec names a table and the columns a bulk insert writes, in the
// order rows.go lays out values.
type TableSpec struct {
	Name string
	Cols []string
}

// Child tables of articles, in an order that satisfies their foreign keys.
// Their first column is the article's seq, which Upsert learns only when it
// writes the article row (see Table.setArticleSeq).
var (
	articleEntitiesTable = TableSpec{"article_entities", []string{"article_seq", "entity_id", "ordinal", "type", "name", "mention_count", "mentions",
		"actor_events", "target_events"}}
	quotesTable = TableSpec{"quotes", []string{"article_seq", "ordinal", "speaker_id", "speaker_name", "text", "start_offset", "end_offset", "cue", "partial"}}
	eventsTable = TableSpec{"events", []string{"article_seq", "ordinal", "code", "root_code", "label", "quad_class", "goldstein",
		"location_id", "location_name", "time_text", "date", "future", "evidence_text", "evidence_start", "evidence_end",
		"actors", "targets"}}
)

// ChildTables lists the child tables in insertion order (parents first).
func ChildTables() []TableSpec {
	return []TableSpec{articleEntitiesTable, quotesTable, eventsTable}
}

// ArticleCols are the columns of articles that Upsert writes.
var ArticleCols = []string{"id", "schema_version", "source", "source_url", "media_type", "title", "byline", "dateline",
	"published", "language", "body", "received_at", "parsed_at", "enriched_at", "enriched", "extractor", "trace_id",
	"duplicate_of", "story_id", "record", "stored_at", "updated_at"}

// table is one table's rows, flattened: len(Args) == rows·len(Cols).
type Table struct {
	TableSpec
	Args []any
}

// Rows returns the number of rows held.
func (t *Table) Rows() int { return len(t.Args) / len(t.Cols) }

func (t *Table) Add(vals ...any) { t.Args = append(t.Args, vals...) }

// setArticleSeq fills the first column, the article key, of every row.
func (t *Table) setArticleSeq(seq int64) {
	for i := 0; i < len(t.Args); i += len(t.Cols) {
		t.Args[i] = seq
	}
}

// Decomposed is a record laid out as table rows, independent of any database.
type Decomposed struct {
	// Article holds the values of ArticleCols.
	Article []any
	// Entities are the record's entities, one per id, for the registry merge.
	Entities []events.Entity
	// children are article_entities, quotes and events, their article key
	// left to setArticleSeq.
	ArticleEntities, Quotes, Events Table
	// BodyParts are the rest of a body stored in parts (SQLite's: see
	// its migration 0008), Article's body column holding the first; none
	// when the column holds it whole.
	BodyParts []string
	// RecordParts are the rest of a stored record in parts, likewise
	// (SQLite's migration 0009).
	RecordParts []string
}

// recordJSON is the stored record: rec as encoding/json writes it, but for
// its body, which is stored once, in its own column ("body": "" here;
// decodeRecord puts it back). It is written by the JSON v2 experiment with
// v1's options into a string: encoding/json grows its buffer a quarter at a
// time and copies it out (136 MB allocated for a record of 20 MB), and
// string() copied it again. A record of largeRecordItems items or more is
// counted first and written into a string of its size: grown by doubling,
// the record of a 20 MB text (some 9 MB) was in a 17 MB buffer at the
// sink's peak.
func recordJSON(rec *events.EnrichedArticle) (string, error) {
	bodiless := *rec
	bodiless.Body = ""
	size := 64 << 10
	if len(rec.Events)+len(rec.Quotes)+len(rec.Entities) >= largeRecordItems {
		var n counter
		if err := jsonv2.MarshalWrite(&n, &bodiless, jsonv1.DefaultOptionsV1()); err != nil {
			return "", err
		}
		size = int(n)
	}
	var raw strings.Builder
	raw.Grow(size)
	if err := jsonv2.MarshalWrite(&raw, &bodiless, jsonv1.DefaultOptionsV1()); err != nil {
		return "", err
	}
	return raw.String(), nil
}

// largeRecordItems is the number of events, quotes and entities from which
// recordJSON counts the record's length before writing it.
const largeRecordItems = 1000

// counter counts the bytes written to it.
type counter int

func (c *counter) Write(p []byte) (int, error) { *c += counter(len(p)); return len(p), nil }

// TimeEncoder renders a time as a store binds it: SQLite's fixed-width text
// (sqliteTime) or a time.Time for PostgreSQL (PGTime).
type TimeEncoder func(time.Time) any

func sqliteTime(t time.Time) any { return FormatTime(t) }
func PGTime(t time.Time) any     { return t.UTC() }

// storedRecord is the article row's record value: enc as given (a
// store.Encoded) when it is exactly what recordJSON writes for rec,
// compared as the record is encoded, without holding the encoding; else
// recordJSON's string.
func storedRecord(rec *events.EnrichedArticle, enc store.Encoded) (any, error) {
	if enc != nil {
		bodiless := *rec
		bodiless.Body = ""
		same := &comparer{want: enc}
		err := jsonv2.MarshalWrite(same, &bodiless, jsonv1.DefaultOptionsV1())
		if err == nil && same.done() {
			return enc, nil
		}
		if err != nil && !errors.Is(err, errDiffers) {
			return nil, err
		}
	}
	return recordJSON(rec)
}

// errDiffers stops an encoding that differs from what a comparer holds.
var errDiffers = errors.New("differs from the encoded record")

// comparer is a writer that checks what is written against the pieces of
// want, in order.
type comparer struct {
	want store.Encoded
	off  int // into want[0]
}

func (c *comparer) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		if len(c.want) == 0 {
			return 0, errDiffers
		}
		piece := c.want[0][c.off:]
		k := min(len(p), len(piece))
		if string(p[:k]) != piece[:k] {
			return 0, errDiffers
		}
		p, c.off = p[k:], c.off+k
		if c.off == len(c.want[0]) {
			c.want, c.off = c.want[1:], 0
		}
	}
	return n, nil
}

// done reports whether every piece was written.
func (c *comparer) done() bool {
	for _, p := range c.want {
		if len(p) > c.off {
			return false
		}
		c.off = 0
	}
	return true
}

// Decompose lays rec out as SQLite rows; now is the stored_at/updated_at
// time; enc, when not nil, is rec's stored JSON as the caller has it
// (store.Encoded: the record column holds it if it is rec's).
func Decompose(rec *events.EnrichedArticle, now string, enc store.Encoded) (*Decomposed, error) {
	return DecomposeWith(rec, now, sqliteTime, enc)
}

// DecomposeWith lays rec out as rows, times rendered by tf; now is the
// stored_at/updated_at value; enc is as for Decompose.
func DecomposeWith(rec *events.EnrichedArticle, now any, tf TimeEncoder, enc store.Encoded) (*Decomposed, error) {
	if rec == nil {
		return nil, errors.New("nil record")
	}
	if rec.ID == "" {
		return nil, errors.New("record has no id")
	}
	raw, err := storedRecord(rec, enc)
	if err != nil {
		return nil, fmt.Errorf("encode record %s: %w", rec.ID, err)
	}
	d := &Decomposed{
		ArticleEntities: Table{TableSpec: articleEntitiesTable},
		Quotes:          Table{TableSpec: quotesTable},
		Events:          Table{TableSpec: eventsTable},
	}
	id := rec.ID
	var published any
	if rec.Published != nil {
		published = tf(*rec.Published)
	}
	d.Article = []any{id, rec.SchemaVersion, rec.Source, nullable(rec.SourceURL), nullable(rec.MediaType),
		nullable(rec.Title), nullable(rec.Byline), nullable(rec.Dateline), published,
		nullable(rec.Language), rec.Body, tf(rec.ReceivedAt), tf(rec.ParsedAt),
		tf(rec.EnrichedAt), rec.Enriched, nullable(rec.Extractor), nullable(rec.TraceID),
		nullable(rec.DuplicateOf), nullable(rec.StoryID), raw, now, now}

	d.Entities = uniqueEntities(rec.Entities)
	roles := eventRoles(rec.Events)
	for i, e := range d.Entities {
		mentions := e.Mentions
		if mentions == nil {
			mentions = []events.Mention{}
		}
		mj, err := json.Marshal(mentions)
		if err != nil {
			return nil, fmt.Errorf("encode mentions of %s in %s: %w", e.ID, id, err)
		}
		var asActor, asTarget []int
		if r := roles[e.ID]; r != nil {
			asActor, asTarget = r[0], r[1]
		}
		d.ArticleEntities.Add(nil, e.ID, i, e.Type, e.Name, len(e.Mentions), string(mj),
			ordinalsJSON(asActor), ordinalsJSON(asTarget))
	}
	for i, q := range rec.Quotes {
		var spID, spName any
		if q.Speaker != nil {
			spID, spName = nullable(q.Speaker.ID), nullable(q.Speaker.Name)
		}
		d.Quotes.Add(nil, i, spID, spName, q.Text, q.Start, q.End, nullable(q.Cue), q.Partial)
	}
	for i, ev := range rec.Events {
		var locID, locName, timeText, date any
		if ev.Location != nil {
			locID, locName = nullable(ev.Location.ID), nullable(ev.Location.Name)
		}
		if ev.Time != nil {
			timeText, date = nullable(ev.Time.Text), nullable(ev.Time.Date)
		}
		root := ev.RootCode
		if root == "" && len(ev.Code) >= 2 {
			root = ev.Code[:2]
		}
		actors, err := refsJSON(ev.Actors)
		if err != nil {
			return nil, fmt.Errorf("encode actors of event %d in %s: %w", i, id, err)
		}
		targets, err := refsJSON(ev.Targets)
		if err != nil {
			return nil, fmt.Errorf("encode targets of event %d in %s: %w", i, id, err)
		}
		d.Events.Add(nil, i, ev.Code, root, nullable(ev.Label), nullableInt(ev.QuadClass), ev.Goldstein,
			locID, locName, timeText, date, ev.Future, nullable(ev.Evidence.Text), ev.Evidence.Start, ev.Evidence.End,
			actors, targets)
	}
	return d, nil
}

// children lists the child tables' rows in insertion order (parents first).
func (d *Decomposed) children() []*Table {
	return []*Table{&d.ArticleEntities, &d.Quotes, &d.Events}
}

// eventRoles lists, for each entity id that events name as a participant,
// the ordinals of the events it is an actor in ([0]) and a target in ([1]),
// ascending and distinct. They are stored with the entity's row of the
// article (article_entities.actor_events, target_events), which is what
// the queries for an entity's events look up by index: the events row
// carries the participants themselves (events.actors, targets), so an
// event costs one row however many it names.
func eventRoles(evs []events.Event) map[string]*[2][]int {
	roles := map[string]*[2][]int{}
	add := func(refs []events.Ref, role, ordinal int) {
		for _, ref := range refs {
			if ref.ID == "" {
				continue
			}
			r := roles[ref.ID]
			if r == nil {
				r = &[2][]int{}
				roles[ref.ID] = r
			}
			if n := len(r[role]); n == 0 || r[role][n-1] != ordinal {
				r[role] = append(r[role], ordinal)
			}
		}
	}
	for i, ev := range evs {
		add(ev.Actors, 0, i)
		add(ev.Targets, 1, i)
	}
	return roles
}

// ordinalsJSON is the JSON array of event ordinals ("[]" for none).
func ordinalsJSON(ords []int) string {
	if len(ords) == 0 {
		return "[]"
	}
	b := make([]byte, 0, 4*len(ords))
	b = append(b, '[')
	for i, o := range ords {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(o), 10)
	}
	return string(append(b, ']'))
}

// refsJSON is the JSON array of an event's actors or targets ("[]" for none).
func refsJSON(refs []events.Ref) (string, error) {
	if len(refs) == 0 {
		return "[]", nil
	}
	b, err := json.Marshal(refs)
	return string(b), err
}

// uniqueEntities drops entities without an id and merges entities listed
// twice under one id (the record stays as it is; only its rows are merged):
// aliases and mentions are combined, the first name and type kept.
func uniqueEntities(in []events.Entity) []events.Entity {
	out := make([]events.Entity, 0, len(in))
	at := make(map[string]int, len(in))
	for _, e := range in {
		if strings.TrimSpace(e.ID) == "" {
			continue
		}
		if i, ok := at[e.ID]; ok {
			out[i].Aliases = mergeAliases(out[i].Name, out[i].Aliases, e.Aliases, []string{e.Name})
			out[i].Mentions = append(out[i].Mentions[:len(out[i].Mentions):len(out[i].Mentions)], e.Mentions...)
			continue
		}
		at[e.ID] = len(out)
		out = append(out, e)
	}
	return out
}

// nullable maps "" to SQL NULL.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// nullableInt maps 0 to SQL NULL.
func nullableInt(n int) any {
	if n == 0 {
		return nil
	}
	return n
}
