package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
)

// Participant roles as stored in event_participants.role.
const (
	RoleActor  = "actor"
	RoleTarget = "target"
)

// tableSpec names a table and the columns a bulk insert writes, in the
// order rows.go lays out values.
type tableSpec struct {
	Name string
	Cols []string
}

// Child tables of articles, in an order that satisfies their foreign keys.
// Their first column is the article's seq, which Upsert learns only when it
// writes the article row (see table.setArticleSeq).
var (
	articleEntitiesTable = tableSpec{"article_entities", []string{"article_seq", "entity_id", "ordinal", "type", "name", "mention_count", "mentions"}}
	quotesTable          = tableSpec{"quotes", []string{"article_seq", "ordinal", "speaker_id", "speaker_name", "text", "start_offset", "end_offset", "cue", "partial"}}
	eventsTable          = tableSpec{"events", []string{"article_seq", "ordinal", "code", "root_code", "label", "quad_class", "goldstein",
		"location_id", "location_name", "time_text", "date", "future", "evidence_text", "evidence_start", "evidence_end"}}
	participantsTable = tableSpec{"event_participants", []string{"article_seq", "event_ordinal", "role", "ordinal", "entity_id", "name"}}
)

// childTables lists the child tables in insertion order (parents first).
func childTables() []tableSpec {
	return []tableSpec{articleEntitiesTable, quotesTable, eventsTable, participantsTable}
}

// articleCols are the columns of articles that Upsert writes.
var articleCols = []string{"id", "schema_version", "source", "source_url", "media_type", "title", "byline", "dateline",
	"published", "language", "body", "received_at", "parsed_at", "enriched_at", "enriched", "extractor", "trace_id",
	"record", "stored_at", "updated_at"}

// table is one table's rows, flattened: len(Args) == rows·len(Cols).
type table struct {
	tableSpec
	Args []any
}

// Rows returns the number of rows held.
func (t *table) Rows() int { return len(t.Args) / len(t.Cols) }

func (t *table) add(vals ...any) { t.Args = append(t.Args, vals...) }

// setArticleSeq fills the first column, the article key, of every row.
func (t *table) setArticleSeq(seq int64) {
	for i := 0; i < len(t.Args); i += len(t.Cols) {
		t.Args[i] = seq
	}
}

// decomposed is a record laid out as table rows, independent of any database.
type decomposed struct {
	// Article holds the values of articleCols.
	Article []any
	// Entities are the record's entities, one per id, for the registry merge.
	Entities []events.Entity
	// Children are article_entities, quotes, events and event_participants,
	// their article key left to setArticleSeq.
	ArticleEntities, Quotes, Events, Participants table
}

// timeEncoder renders a time as a store binds it: SQLite's fixed-width text
// (sqliteTime) or a time.Time for PostgreSQL (pgTime).
type timeEncoder func(time.Time) any

func sqliteTime(t time.Time) any { return formatTime(t) }
func pgTime(t time.Time) any     { return t.UTC() }

// decompose lays rec out as SQLite rows; now is the stored_at/updated_at time.
func decompose(rec *events.EnrichedArticle, now string) (*decomposed, error) {
	return decomposeWith(rec, now, sqliteTime)
}

// decomposeWith lays rec out as rows, times rendered by tf; now is the
// stored_at/updated_at value.
func decomposeWith(rec *events.EnrichedArticle, now any, tf timeEncoder) (*decomposed, error) {
	if rec == nil {
		return nil, errors.New("nil record")
	}
	if rec.ID == "" {
		return nil, errors.New("record has no id")
	}
	raw, err := json.Marshal(rec)
	if err != nil {
		return nil, fmt.Errorf("encode record %s: %w", rec.ID, err)
	}
	d := &decomposed{
		ArticleEntities: table{tableSpec: articleEntitiesTable},
		Quotes:          table{tableSpec: quotesTable},
		Events:          table{tableSpec: eventsTable},
		Participants:    table{tableSpec: participantsTable},
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
		string(raw), now, now}

	d.Entities = uniqueEntities(rec.Entities)
	for i, e := range d.Entities {
		mentions := e.Mentions
		if mentions == nil {
			mentions = []events.Mention{}
		}
		mj, err := json.Marshal(mentions)
		if err != nil {
			return nil, fmt.Errorf("encode mentions of %s in %s: %w", e.ID, id, err)
		}
		d.ArticleEntities.add(nil, e.ID, i, e.Type, e.Name, len(e.Mentions), string(mj))
	}
	for i, q := range rec.Quotes {
		var spID, spName any
		if q.Speaker != nil {
			spID, spName = nullable(q.Speaker.ID), nullable(q.Speaker.Name)
		}
		d.Quotes.add(nil, i, spID, spName, q.Text, q.Start, q.End, nullable(q.Cue), q.Partial)
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
		d.Events.add(nil, i, ev.Code, root, nullable(ev.Label), nullableInt(ev.QuadClass), ev.Goldstein,
			locID, locName, timeText, date, ev.Future, nullable(ev.Evidence.Text), ev.Evidence.Start, ev.Evidence.End)
		for j, a := range ev.Actors {
			d.Participants.add(nil, i, RoleActor, j, nullable(a.ID), a.Name)
		}
		for j, t := range ev.Targets {
			d.Participants.add(nil, i, RoleTarget, j, nullable(t.ID), t.Name)
		}
	}
	return d, nil
}

// Children lists the child tables' rows in insertion order (parents first).
func (d *decomposed) Children() []*table {
	return []*table{&d.ArticleEntities, &d.Quotes, &d.Events, &d.Participants}
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
