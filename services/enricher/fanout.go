package enricher

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
)

// FirstSeen tells whether an article is the one through which an entity id
// was first seen (registry.FirstSeen keeps that in the id registry's bucket).
type FirstSeen interface {
	FirstSeen(ctx context.Context, entityID, docID string) (bool, error)
}

// Fanout makes the enricher publish, beside each enriched record, one
// message per event (events.EventSubject), per entity (events.EntitySubject)
// and per quote (events.SubjectQuotes), each with its own Nats-Msg-Id from
// the document id and the item's index, so a redelivered article publishes
// none of them twice. The article is acknowledged only once all are stored.
type Fanout struct {
	// FirstSeen answers the entity messages' first_seen (nil: always false).
	FirstSeen FirstSeen
}

// outputs are the fan-out messages of rec, events first, then entities,
// then quotes.
func (f *Fanout) outputs(ctx context.Context, rec *events.EnrichedArticle) ([]stage.Output, error) {
	if !rec.Enriched {
		return nil, nil
	}
	first := map[string]bool{}
	if f.FirstSeen != nil {
		for _, e := range rec.Entities {
			ok, err := f.FirstSeen.FirstSeen(ctx, e.ID, rec.ID)
			if err != nil {
				return nil, fmt.Errorf("first seen of %s: %w", e.ID, err)
			}
			first[e.ID] = ok
		}
	}
	evs, ents, qs := events.FanoutOf(rec, func(id string) bool { return first[id] })
	outs := make([]stage.Output, 0, len(evs)+len(ents)+len(qs))
	add := func(subject, typ, itemID string, v any) error {
		data, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("encode %s: %w", itemID, err)
		}
		outs = append(outs, stage.Output{Subject: subject, Type: typ, DocID: rec.ID, ItemID: itemID, Data: data})
		return nil
	}
	for i := range evs {
		m := &evs[i]
		if err := add(events.EventSubject(m.RootCode, m.Code), events.CETypeEventCoded, m.ID, m); err != nil {
			return nil, err
		}
	}
	for i := range ents {
		m := &ents[i]
		if err := add(events.EntitySubject(m.Entity.Type), events.CETypeEntityMentioned, m.ID, m); err != nil {
			return nil, err
		}
	}
	for i := range qs {
		m := &qs[i]
		if err := add(events.SubjectQuotes, events.CETypeQuoteAttributed, m.ID, m); err != nil {
			return nil, err
		}
	}
	return outs, nil
}
