package events

import (
	"strconv"
	"strings"
	"time"
)

// The fan-out messages: the enricher, which holds the final canonical ids,
// publishes one message per event, per entity of an article and per quote,
// each self-contained, on subjects that subscribers filter on.

// Subjects of the fan-out streams. An event goes on
// tidings.events.v1.<root>.<code> (EventSubject), an entity on
// tidings.entities.v1.<type> (EntitySubject), a quote on tidings.quotes.v1.
const (
	SubjectEventsPrefix   = "tidings.events.v1."
	SubjectEntitiesPrefix = "tidings.entities.v1."
	SubjectQuotes         = "tidings.quotes.v1"
)

// Fan-out streams.
const (
	StreamEvents   = "TIDINGS_EVENTS"
	StreamEntities = "TIDINGS_ENTITIES"
	StreamQuotes   = "TIDINGS_QUOTES"
)

// CloudEvents types of the fan-out messages.
const (
	CETypeEventCoded      = "tidings.event.coded.v1"
	CETypeEntityMentioned = "tidings.entity.mentioned.v1"
	CETypeQuoteAttributed = "tidings.quote.attributed.v1"
)

// Item kinds: the fan-out message kinds as `tidings watch` and the item ids name them.
const (
	KindEvent  = "event"
	KindEntity = "entity"
	KindQuote  = "quote"
)

// FanoutKinds lists the fan-out kinds.
func FanoutKinds() []string { return []string{KindEvent, KindEntity, KindQuote} }

// FanoutStream is the stream and the subject filter holding every message
// of kind (one of FanoutKinds); ok is false for another kind.
func FanoutStream(kind string) (stream, all string, ok bool) {
	switch kind {
	case KindEvent:
		return StreamEvents, SubjectEventsPrefix + ">", true
	case KindEntity:
		return StreamEntities, SubjectEntitiesPrefix + ">", true
	case KindQuote:
		return StreamQuotes, SubjectQuotes, true
	}
	return "", "", false
}

// EventSubject is the subject of an event with CAMEO root and code, e.g.
// tidings.events.v1.19.190. A code that is only its root (a root-level
// event) is both tokens: tidings.events.v1.04.04.
func EventSubject(root, code string) string {
	return SubjectEventsPrefix + subjectToken(root) + "." + subjectToken(code)
}

// EntitySubject is the subject of an entity of type typ (an Entity* type):
// tidings.entities.v1.person, .org, .loc, .norp.
func EntitySubject(typ string) string {
	switch typ { // the four types, without building their subject per message
	case EntityPerson:
		return SubjectEntitiesPrefix + "person"
	case EntityOrg:
		return SubjectEntitiesPrefix + "org"
	case EntityLoc:
		return SubjectEntitiesPrefix + "loc"
	case EntityNORP:
		return SubjectEntitiesPrefix + "norp"
	}
	return SubjectEntitiesPrefix + subjectToken(strings.ToLower(typ))
}

// subjectToken makes s one valid subject token: no separators, wildcards or
// white space ("_" for anything else, and for an empty s).
func subjectToken(s string) string {
	if s == "" {
		return "_"
	}
	ok := true
	for i := 0; i < len(s) && ok; i++ {
		c := s[i]
		ok = c > ' ' && c < 0x7f && c != '.' && c != '*' && c != '>'
	}
	if ok {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		if c <= ' ' || c >= 0x7f || c == '.' || c == '*' || c == '>' {
			b[i] = '_'
		}
	}
	return string(b)
}

// ItemID identifies one fan-out item of a document: the document id, the
// kind and the item's index in the record ("<doc id>.event.0"). Published
// with Nats-Msg-Id MsgID(StageEnricher, ItemID(…)), so a redelivered article
// publishes none of its items twice.
func ItemID(kind, docID string, index int) string {
	return docID + "." + kind + "." + strconv.Itoa(index)
}

// ArticleRef is the article a fan-out message was read from.
type ArticleRef struct {
	// ID is the document id (the record's id).
	ID        string     `json:"id"`
	Title     string     `json:"title,omitempty"`
	Source    string     `json:"source"`
	SourceURL string     `json:"source_url,omitempty"`
	Published *time.Time `json:"published,omitempty"`
}

// RefOf is the ArticleRef of an article.
func RefOf(a *Article) ArticleRef {
	return ArticleRef{ID: a.ID, Title: a.Title, Source: a.Source, SourceURL: a.SourceURL, Published: a.Published}
}

// Participant is an entity reference with the entity's type: an actor,
// target or location of an event message. An unnamed participant has a
// Name only.
type Participant struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name"`
	Type string `json:"type,omitempty"`
}

// EventMessage is one coded event, self-contained, as published on
// EventSubject(RootCode, Code) with ce-type CETypeEventCoded.
type EventMessage struct {
	SchemaVersion int `json:"schema_version"`
	// ID is ItemID(KindEvent, article id, Index).
	ID string `json:"id"`
	// Index is the event's position in the record's events.
	Index int `json:"index"`
	// EventOf is the record's event, each participant with its type.
	EventOf[Participant]
	Article ArticleRef `json:"article"`
}

// DocID is the id of the article the message was read from.
func (m *EventMessage) DocID() string { return m.Article.ID }

// EntityMessage is one entity of one article, as published on
// EntitySubject(Type) with ce-type CETypeEntityMentioned.
type EntityMessage struct {
	SchemaVersion int `json:"schema_version"`
	// ID is ItemID(KindEntity, article id, Index).
	ID string `json:"id"`
	// Index is the entity's position in the record's entities.
	Index int `json:"index"`
	// Entity is the canonical entity with its aliases and its mentions in this article.
	Entity Entity `json:"entity"`
	// FirstSeen is true when this article is the one through which the
	// id registry first learnt the entity.
	FirstSeen bool       `json:"first_seen"`
	Article   ArticleRef `json:"article"`
}

// DocID is the id of the article the message was read from.
func (m *EntityMessage) DocID() string { return m.Article.ID }

// QuoteMessage is one quote with its speaker, as published on SubjectQuotes
// with ce-type CETypeQuoteAttributed.
type QuoteMessage struct {
	SchemaVersion int `json:"schema_version"`
	// ID is ItemID(KindQuote, article id, Index).
	ID string `json:"id"`
	// Index is the quote's position in the record's quotes.
	Index int    `json:"index"`
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	// Speaker is nil when the quote could not be attributed.
	Speaker *Participant `json:"speaker,omitempty"`
	Cue     string       `json:"cue,omitempty"`
	Partial bool         `json:"partial,omitempty"`
	Article ArticleRef   `json:"article"`
}

// DocID is the id of the article the message was read from.
func (m *QuoteMessage) DocID() string { return m.Article.ID }

// FanoutOf turns an enriched record into its fan-out messages, in the
// record's order: events, then entities, then quotes. firstSeen reports
// whether this record is where an entity id was first seen (nil: never).
// A record that was not enriched has none.
func FanoutOf(rec *EnrichedArticle, firstSeen func(id string) bool) (evs []EventMessage, ents []EntityMessage, qs []QuoteMessage) {
	if !rec.Enriched {
		return nil, nil, nil
	}
	art := RefOf(&rec.Article)
	types := make(map[string]string, len(rec.Entities))
	for _, e := range rec.Entities {
		types[e.ID] = e.Type
	}
	part := func(r Ref) Participant { return Participant{ID: r.ID, Name: r.Name, Type: types[r.ID]} }
	parts := func(rs []Ref) []Participant {
		if rs == nil {
			return nil
		}
		out := make([]Participant, len(rs))
		for i, r := range rs {
			out[i] = part(r)
		}
		return out
	}
	evs = make([]EventMessage, len(rec.Events))
	for i, e := range rec.Events {
		m := EventMessage{SchemaVersion: SchemaVersion, ID: ItemID(KindEvent, rec.ID, i), Index: i,
			EventOf: EventOf[Participant]{Code: e.Code, RootCode: e.RootCode, Label: e.Label, QuadClass: e.QuadClass,
				Goldstein: e.Goldstein, Actors: parts(e.Actors), Targets: parts(e.Targets), Time: e.Time, Future: e.Future,
				Evidence: e.Evidence},
			Article: art}
		if m.Actors == nil {
			m.Actors = []Participant{}
		}
		if e.Location != nil {
			l := part(*e.Location)
			m.Location = &l
		}
		evs[i] = m
	}
	ents = make([]EntityMessage, len(rec.Entities))
	for i, e := range rec.Entities {
		ents[i] = EntityMessage{SchemaVersion: SchemaVersion, ID: ItemID(KindEntity, rec.ID, i), Index: i,
			Entity: e, FirstSeen: firstSeen != nil && firstSeen(e.ID), Article: art}
	}
	qs = make([]QuoteMessage, len(rec.Quotes))
	for i, q := range rec.Quotes {
		m := QuoteMessage{SchemaVersion: SchemaVersion, ID: ItemID(KindQuote, rec.ID, i), Index: i,
			Text: q.Text, Start: q.Start, End: q.End, Cue: q.Cue, Partial: q.Partial, Article: art}
		if q.Speaker != nil {
			s := part(*q.Speaker)
			m.Speaker = &s
		}
		qs[i] = m
	}
	return evs, ents, qs
}
