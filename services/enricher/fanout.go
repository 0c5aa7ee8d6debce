package enricher

import (
	"context"
	"fmt"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/services/enricher/internal/parallel"
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
		// asked for every entity at once: each is a round trip when new
		oks, errs := make([]bool, len(rec.Entities)), make([]error, len(rec.Entities))
		parallel.Do(len(rec.Entities), func(i int) { oks[i], errs[i] = f.FirstSeen.FirstSeen(ctx, rec.Entities[i].ID, rec.ID) })
		for i, e := range rec.Entities {
			if errs[i] != nil {
				return nil, fmt.Errorf("first seen of %s: %w", e.ID, errs[i])
			}
			first[e.ID] = oks[i]
		}
	}
	evs, ents, qs := events.FanoutOf(rec, func(id string) bool { return first[id] })
	n := len(evs) + len(ents) + len(qs)
	e := fanoutEncoder{docID: rec.ID, outs: make([]stage.Output, 0, n)}
	ref := events.RefOf(&rec.Article)
	art, err := ref.AppendJSON(nil)
	if err != nil {
		return nil, fmt.Errorf("encode the article reference of %s: %w", rec.ID, err)
	}
	// The messages' JSON goes into chunks of a few kilobytes (one for a
	// common article): each output's Data is a piece of one.
	e.buf = make([]byte, 0, min(fanoutChunk, n*(len(art)+400)))
	e.scratch = make([]byte, 0, 2048)
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

// fanoutChunk is the size of the buffers the fan-out messages of an
// article are encoded into.
const fanoutChunk = 64 << 10

// fanoutEncoder appends the fan-out messages of one article to buffers of
// fanoutChunk bytes, each message encoded first into a scratch buffer and
// copied to the chunk it fits in (a chunk grown by append would leave its
// first part, which the earlier outputs hold, to the garbage collector).
type fanoutEncoder struct {
	docID   string
	buf     []byte
	scratch []byte
	outs    []stage.Output
	err     error
}

// add encodes m (its article's JSON art) as one more output.
func (e *fanoutEncoder) add(subject, typ, itemID string, m interface {
	AppendJSON(b, article []byte) ([]byte, error)
}, art []byte) {
	if e.err != nil {
		return
	}
	var err error
	if e.scratch, err = m.AppendJSON(e.scratch[:0], art); err != nil {
		e.err = fmt.Errorf("encode %s: %w", itemID, err)
		return
	}
	if n := len(e.scratch); cap(e.buf)-len(e.buf) < n {
		e.buf = make([]byte, 0, max(fanoutChunk, n))
	}
	start := len(e.buf)
	e.buf = append(e.buf, e.scratch...)
	e.outs = append(e.outs, stage.Output{Subject: subject, Type: typ, DocID: e.docID, ItemID: itemID, Data: e.buf[start:len(e.buf):len(e.buf)]})
}
