package events

import "time"

// SchemaVersion is the version of every message type in this package.
// Fields may be added within a version; removing or retyping one needs a new version.
const SchemaVersion = 1

// Document is raw input as the fetcher received it: the bytes and where they
// came from. A document too large for a message travels, like any payload,
// as a claim check (the tidings-claim-check header).
type Document struct {
	SchemaVersion int `json:"schema_version"`
	// ID is the hex SHA-256 of the normalized content (see DocumentID).
	ID string `json:"id"`
	// Source is the file name as it was dropped into the inbox, or the upload's name.
	Source    string `json:"source"`
	SourceURL string `json:"source_url,omitempty"`
	// MediaType is one of the Media* constants.
	MediaType  string    `json:"media_type"`
	ReceivedAt time.Time `json:"received_at"`
	Size       int64     `json:"size"`
	// Content holds the bytes (UTF-8 text).
	Content []byte `json:"content,omitempty"`
	TraceID string `json:"trace_id,omitempty"`
	// Published is the date the source gave the document (a feed item's
	// or an upload's), used when the document states none itself.
	Published *time.Time `json:"published,omitempty"`
}

// DocID is the document's id (every message body names its document).
func (d *Document) DocID() string { return d.ID }

// Span is a half-open byte range [Start, End) into Article.Body.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Article is a parsed document: metadata and a clean body with its structure.
type Article struct {
	SchemaVersion int    `json:"schema_version"`
	ID            string `json:"id"`
	Source        string `json:"source"`
	SourceURL     string `json:"source_url,omitempty"`
	MediaType     string `json:"media_type"`
	Title         string `json:"title,omitempty"`
	// Byline is the author names without the leading "By".
	Byline   string `json:"byline,omitempty"`
	Dateline string `json:"dateline,omitempty"`
	// Published is the article's own date when the document states one.
	Published *time.Time `json:"published,omitempty"`
	// Language is an ISO 639-1 code, "" when undetermined.
	Language   string `json:"language,omitempty"`
	Body       string `json:"body"`
	Paragraphs []Span `json:"paragraphs"`
	Sentences  []Span `json:"sentences"`
	// Boilerplate holds the lines removed from the body (captions, gallery lines, credits).
	Boilerplate []string  `json:"boilerplate,omitempty"`
	ReceivedAt  time.Time `json:"received_at"`
	ParsedAt    time.Time `json:"parsed_at"`
	TraceID     string    `json:"trace_id,omitempty"`
}

// DocID is the article's document id (an EnrichedArticle has it too).
func (a *Article) DocID() string { return a.ID }

// UTC is *t in UTC for a Published field, or nil when t is nil or the zero
// time (no date known).
func UTC(t *time.Time) *time.Time {
	if t == nil || t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// Entity types (Entity.Type).
const (
	EntityPerson = "PERSON"
	EntityOrg    = "ORG"
	EntityLoc    = "LOC"
	EntityNORP   = "NORP"
)

// Entity is one real-world entity named in an article, with every mention of it.
type Entity struct {
	// ID is canonical across articles, e.g. "per:john-healey".
	ID       string    `json:"id"`
	Type     string    `json:"type"`
	Name     string    `json:"name"`
	Aliases  []string  `json:"aliases,omitempty"`
	Mentions []Mention `json:"mentions"`
}

// Mention is one surface form of an entity; Text equals Body[Start:End].
type Mention struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	// Kind is "name", "alias", "role" or "pronoun".
	Kind string `json:"kind,omitempty"`
}

// Ref points at an entity of the same record by id; Name is there for readers.
// An unnamed participant ("a Number 10 spokesman") has a Name and no ID.
type Ref struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name"`
}

// Quote is direct speech with its speaker.
type Quote struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	// Speaker is nil when the quote could not be attributed.
	Speaker *Ref `json:"speaker,omitempty"`
	// Cue is the speech verb that attributes the quote ("said", "warned").
	Cue string `json:"cue,omitempty"`
	// Partial marks a quoted fragment inside reported speech.
	Partial bool `json:"partial,omitempty"`
}

// TimeExpr is a time expression of the text, resolved to a date when possible.
type TimeExpr struct {
	Text string `json:"text"`
	// Date is YYYY-MM-DD when resolved against the article's date.
	Date string `json:"date,omitempty"`
}

// Event is something that happened (or is reported to happen), coded in
// CAMEO, its participants referring to entities of the record.
type Event EventOf[Ref]

// EventOf is a coded event whose participants are of type P: Ref in a
// record's Event, Participant (with the entity's type) in the fan-out's
// EventMessage.
type EventOf[P any] struct {
	// Code is the CAMEO code: the two-digit root or a three-digit code.
	Code      string    `json:"code"`
	RootCode  string    `json:"root_code"`
	Label     string    `json:"label,omitempty"`
	QuadClass int       `json:"quad_class,omitempty"`
	Goldstein float64   `json:"goldstein"`
	Actors    []P       `json:"actors"`
	Targets   []P       `json:"targets,omitempty"`
	Location  *P        `json:"location,omitempty"`
	Time      *TimeExpr `json:"time,omitempty"`
	// Future marks a reported future event ("will host on Saturday").
	Future bool `json:"future,omitempty"`
	// Evidence is the sentence the event was read from.
	Evidence Evidence `json:"evidence"`
}

// Evidence is a quoted stretch of the body with its offsets.
type Evidence struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// EnrichedArticle is the record Tidings produces: the article with what it names,
// who said what and what happened. Its JSON form is the product's record format
// (the article's fields flattened at the top level).
type EnrichedArticle struct {
	Article
	Entities   []Entity  `json:"entities"`
	Quotes     []Quote   `json:"quotes"`
	Events     []Event   `json:"events"`
	Enriched   bool      `json:"enriched"`
	Extractor  string    `json:"extractor,omitempty"`
	EnrichedAt time.Time `json:"enriched_at"`
	// DuplicateOf is the id of the first article this one is a near
	// duplicate of (a syndicated copy with small edits), "" when none.
	DuplicateOf string `json:"duplicate_of,omitempty"`
	// StoryID names the story the article belongs to: articles about the
	// same story within a time window share it.
	StoryID string `json:"story_id,omitempty"`
}

// URLRequest asks the fetcher to fetch a web page and send it on as a
// document: from the API (POST /api/v1/urls, tidings add URL) or for a new
// item of a feed.
type URLRequest struct {
	SchemaVersion int `json:"schema_version"`
	// ID is URLKey(URL).
	ID string `json:"id"`
	// URL is canonical (tracking parameters and fragment dropped).
	URL string `json:"url"`
	// Feed is the id of the feed the item came from ("" when asked directly).
	Feed    string `json:"feed,omitempty"`
	FeedURL string `json:"feed_url,omitempty"`
	Title   string `json:"title,omitempty"`
	// Published is the date the feed gave the item.
	Published   *time.Time `json:"published,omitempty"`
	RequestedAt time.Time  `json:"requested_at"`
	TraceID     string     `json:"trace_id,omitempty"`
}

// DocID is the request's id (URLKey of its URL).
func (r *URLRequest) DocID() string { return r.ID }
