package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/tidings-news/tidings/pkg/events"
)

// eventKey identifies an event row.
type eventKey struct{ seq, ord int64 }

// Events lists events as a timeline: by date (undated last), then in the
// order articles were stored and events listed.
func (r sqlReads) Events(ctx context.Context, q EventQuery) (Page[EventRow], error) {
	limit := clampLimit(q.Limit)
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
	const participant = `EXISTS (SELECT 1 FROM event_participants p
WHERE p.article_seq = e.article_seq AND p.event_ordinal = e.ordinal AND p.entity_id = ?`
	if q.ActorID != "" {
		w.add(participant+` AND p.role = 'actor')`, q.ActorID)
	}
	if q.ParticipantID != "" {
		w.add(participant+`)`, q.ParticipantID)
	}
	sortKey := "coalesce(e.date, '" + undated + "')"
	if q.Cursor != "" {
		parts, err := decodeCursor(q.Cursor, 3)
		if err != nil {
			return Page[EventRow]{}, fmt.Errorf("list events: %w", err)
		}
		k, err := cursorInts(q.Cursor, parts, 1)
		if err != nil {
			return Page[EventRow]{}, fmt.Errorf("list events: %w", err)
		}
		w.add("("+sortKey+" > ? OR ("+sortKey+" = ? AND (e.article_seq > ? OR (e.article_seq = ? AND e.ordinal > ?))))",
			parts[0], parts[0], k[0], k[0], k[1])
	}
	query := `SELECT e.article_seq, e.ordinal, a.id, e.code, e.root_code, e.label, e.quad_class, e.goldstein,
 e.location_id, e.location_name, e.time_text, e.date, e.future, e.evidence_text, e.evidence_start, e.evidence_end
FROM events e JOIN articles a ON a.seq = e.article_seq` + w.String() +
		` ORDER BY ` + sortKey + `, e.article_seq, e.ordinal LIMIT ?`
	rows, err := r.db.QueryContext(ctx, r.d.bind(query), append(w.args, limit+1)...)
	if err != nil {
		return Page[EventRow]{}, fmt.Errorf("list events: %w", err)
	}
	defer rows.Close()
	var page Page[EventRow]
	var keys []eventKey
	for rows.Next() {
		if len(page.Items) == limit {
			last, k := page.Items[limit-1], keys[limit-1]
			date := undated
			if last.Time != nil && last.Time.Date != "" {
				date = last.Time.Date
			}
			page.Next = encodeCursor(date, itoa(k.seq), itoa(k.ord))
			break
		}
		ev, k, err := scanEvent(rows)
		if err != nil {
			return Page[EventRow]{}, fmt.Errorf("list events: %w", err)
		}
		page.Items = append(page.Items, ev)
		keys = append(keys, k)
	}
	if err := rows.Err(); err != nil {
		return Page[EventRow]{}, fmt.Errorf("list events: %w", err)
	}
	rows.Close()
	if err := r.fillParticipants(ctx, page.Items, keys); err != nil {
		return Page[EventRow]{}, fmt.Errorf("list events: %w", err)
	}
	return page, nil
}

// scanEvent reads an event row of Events' query.
func scanEvent(rows *sql.Rows) (EventRow, eventKey, error) {
	var ev EventRow
	var k eventKey
	var label, locID, locName, timeText, date, evText sql.NullString
	var quad sql.NullInt64
	var future any
	if err := rows.Scan(&k.seq, &k.ord, &ev.ArticleID, &ev.Code, &ev.RootCode, &label, &quad, &ev.Goldstein,
		&locID, &locName, &timeText, &date, &future, &evText, &ev.Evidence.Start, &ev.Evidence.End); err != nil {
		return EventRow{}, eventKey{}, err
	}
	ev.Label, ev.QuadClass, ev.Future, ev.Evidence.Text = label.String, int(quad.Int64), toBool(future), evText.String
	if locID.Valid || locName.Valid {
		ev.Location = &events.Ref{ID: locID.String, Name: locName.String}
	}
	if timeText.Valid || date.Valid {
		ev.Time = &events.TimeExpr{Text: timeText.String, Date: date.String}
	}
	ev.Actors = []events.Ref{}
	return ev, k, nil
}

// fillParticipants reads the actors and targets of evs (keyed by keys).
func (r sqlReads) fillParticipants(ctx context.Context, evs []EventRow, keys []eventKey) error {
	if len(evs) == 0 {
		return nil
	}
	at := make(map[eventKey]int, len(keys))
	seqs := map[int64]bool{}
	var args []any
	for i, k := range keys {
		at[k] = i
		if !seqs[k.seq] {
			seqs[k.seq] = true
			args = append(args, k.seq)
		}
	}
	query := `SELECT article_seq, event_ordinal, role, entity_id, name FROM event_participants
WHERE article_seq IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ") + `)
ORDER BY article_seq, event_ordinal, role, ordinal`
	rows, err := r.db.QueryContext(ctx, r.d.bind(query), args...)
	if err != nil {
		return fmt.Errorf("read participants: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k eventKey
		var role string
		var id sql.NullString
		var name string
		if err := rows.Scan(&k.seq, &k.ord, &role, &id, &name); err != nil {
			return fmt.Errorf("read participants: %w", err)
		}
		i, ok := at[k]
		if !ok {
			continue
		}
		ref := events.Ref{ID: id.String, Name: name}
		if role == RoleActor {
			evs[i].Actors = append(evs[i].Actors, ref)
		} else {
			evs[i].Targets = append(evs[i].Targets, ref)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read participants: %w", err)
	}
	return nil
}
