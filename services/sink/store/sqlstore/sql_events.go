package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/sink/store"
)

// eventKey identifies an event row.
type eventKey struct{ seq, ord int64 }

// Events lists events as a timeline: by date (undated last), then in the
// order articles were stored and events listed.
func (r Reads) Events(ctx context.Context, q store.EventQuery) (store.Page[store.EventRow], error) {
	var w where
	if q.Root != "" {
		w.add("e.root_code = ?", q.Root)
	}
	if q.LocationID != "" {
		w.add("e.location_id = ?", q.LocationID)
	}
	if q.From != "" {
		w.add("e.date >= ?", q.From)
	}
	if q.To != "" {
		w.add("e.date <= ?", q.To)
	}
	// The entity's rows of the articles naming it (article_entities_entity)
	// list the events it took part in; the events row holds the participants.
	if q.ActorID != "" {
		w.add(r.inEvents("ae.actor_events"), q.ActorID, q.ActorID)
	}
	if q.ParticipantID != "" {
		w.add(r.inEvents("ae.actor_events", "ae.target_events"), q.ParticipantID, q.ParticipantID)
	}
	sortKey := "coalesce(e.date, '" + undated + "')"
	w.after(q.Cursor, 3, 1, 2, func(parts []string, k []int64) {
		w.add("("+sortKey+" > ? OR ("+sortKey+" = ? AND (e.article_seq > ? OR (e.article_seq = ? AND e.ordinal > ?))))",
			parts[0], parts[0], k[0], k[0], k[1])
	})
	query := `SELECT e.article_seq, e.ordinal, a.id, e.code, e.root_code, e.label, e.quad_class, e.goldstein,
 e.location_id, e.location_name, e.time_text, e.date, e.future, e.evidence_text, e.evidence_start, e.evidence_end,
 e.actors, e.targets
FROM events e JOIN articles a ON a.seq = e.article_seq` + w.String() +
		` ORDER BY ` + sortKey + `, e.article_seq, e.ordinal LIMIT ?`
	var last store.EventRow
	var k eventKey
	return readPage(ctx, r, "list events", query, w, store.ClampLimit(q.Limit), func(rows *sql.Rows) (store.EventRow, error) {
		var err error
		last, k, err = scanEvent(rows)
		return last, err
	}, func() string {
		date := undated
		if last.Time != nil && last.Time.Date != "" {
			date = last.Time.Date
		}
		return encodeCursor(date, itoa(k.seq), itoa(k.ord))
	})
}

// inEvents is a condition on events (alias e) with two placeholders, both
// bound to an entity id: the entity's row of the event's article lists the
// event in one of the JSON columns cols of article_entities (alias ae).
func (r Reads) inEvents(cols ...string) string {
	in := make([]string, len(cols))
	for i, c := range cols {
		in[i] = "e.ordinal IN (" + fmt.Sprintf(r.d.JSONInts, c) + ")"
	}
	return `e.article_seq IN (SELECT article_seq FROM article_entities WHERE entity_id = ?)
AND EXISTS (SELECT 1 FROM article_entities ae WHERE ae.article_seq = e.article_seq AND ae.entity_id = ?
 AND (` + strings.Join(in, " OR ") + `))`
}

// scanEvent reads an event row of Events' query.
func scanEvent(rows *sql.Rows) (store.EventRow, eventKey, error) {
	var ev store.EventRow
	var k eventKey
	var label, locID, locName, timeText, date, evText sql.NullString
	var quad sql.NullInt64
	var future any
	var actors, targets []byte
	if err := rows.Scan(&k.seq, &k.ord, &ev.ArticleID, &ev.Code, &ev.RootCode, &label, &quad, &ev.Goldstein,
		&locID, &locName, &timeText, &date, &future, &evText, &ev.Evidence.Start, &ev.Evidence.End,
		&actors, &targets); err != nil {
		return store.EventRow{}, eventKey{}, err
	}
	if err := json.Unmarshal(actors, &ev.Actors); err != nil {
		return store.EventRow{}, eventKey{}, fmt.Errorf("decode actors of event %d of article %s: %w", k.ord, ev.ArticleID, err)
	}
	if err := json.Unmarshal(targets, &ev.Targets); err != nil {
		return store.EventRow{}, eventKey{}, fmt.Errorf("decode targets of event %d of article %s: %w", k.ord, ev.ArticleID, err)
	}
	if len(ev.Targets) == 0 {
		ev.Targets = nil
	}
	ev.Label, ev.QuadClass, ev.Future, ev.Evidence.Text = label.String, int(quad.Int64), toBool(future), evText.String
	if locID.Valid || locName.Valid {
		ev.Location = &events.Ref{ID: locID.String, Name: locName.String}
	}
	if timeText.Valid || date.Valid {
		ev.Time = &events.TimeExpr{Text: timeText.String, Date: date.String}
	}
	if ev.Actors == nil {
		ev.Actors = []events.Ref{}
	}
	return ev, k, nil
}
