package enricher

import (
	"context"
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
	e := fanoutEncoder{docID: rec.ID, outs: make([]stage.Output, 0, len(evs)+len(ents)+len(qs))}
	ref := events.RefOf(&rec.Article)
	art, err := ref.AppendJSON(nil)
	if err != nil {
		return nil, fmt.Errorf("encode the article reference of %s: %w", rec.ID, err)
	}
	// One buffer for every message's JSON (its size a guess; append grows
	// it if short): each output's Data is a piece of it.
	e.buf = make([]byte, 0, (len(evs)+len(ents)+len(qs))*(len(art)+400))
	for i := range evs {
		m := &evs[i]
		e.add(events.EventSubject(m.RootCode, m.Code), events.CETypeEventCoded, m.ID, m, art)
	}
	for i := range ents {
		m := &ents[i]
		e.add(events.EntitySubject(m.Entity.Type), events.CETypeEntityMentioned, m.ID, m, art)
	}
	for i := range qs {
		m := &qs[i]
		e.add(events.SubjectQuotes, events.CETypeQuoteAttributed, m.ID, m, art)
	}
	if e.err != nil {
		return nil, e.err
	}
	return e.outs, nil
}

// fanoutEncoder appends the fan-out messages of one article to one buffer.
type fanoutEncoder struct {
	docID string
	buf   []byte
	outs  []stage.Output
	err   error
}

// add encodes m (its article's JSON art) as one more output.
func (e *fanoutEncoder) add(subject, typ, itemID string, m interface {
	AppendJSON(b, article []byte) ([]byte, error)
}, art []byte) {
	if e.err != nil {
		return
	}
	start := len(e.buf)
	buf, err := m.AppendJSON(e.buf, art)
	if err != nil {
		e.err = fmt.Errorf("encode %s: %w", itemID, err)
		return
	}
	e.buf = buf
	e.outs = append(e.outs, stage.Output{Subject: subject, Type: typ, DocID: e.docID, ItemID: itemID, Data: buf[start:len(buf):len(buf)]})
}
