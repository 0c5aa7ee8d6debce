// Package export turns stored records into the flat tables analysts open
// (articles, entities, events, quotes) and writes them as JSON Lines, CSV
// or Parquet, one row at a time: memory stays constant however large the
// export. The events table follows GDELT 2.0's event table: its columns,
// named and ordered as there wherever Tidings has a counterpart, then ours.
package export

import (
	"strconv"
	"strings"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/sink/store"
)

// Tables an export can write.
const (
	TableArticles = "articles"
	TableEntities = "entities"
	TableEvents   = "events"
	TableQuotes   = "quotes"
)

// Tables lists them.
func Tables() []string { return []string{TableArticles, TableEntities, TableEvents, TableQuotes} }

// Article is one row of the articles table.
type Article struct {
	ID         string     `json:"id" parquet:"id"`
	Source     string     `json:"source" parquet:"source"`
	SourceURL  string     `json:"source_url" parquet:"source_url"`
	Title      string     `json:"title" parquet:"title"`
	Byline     string     `json:"byline" parquet:"byline"`
	Published  *time.Time `json:"published" parquet:"published,optional,timestamp(millisecond)"`
	Language   string     `json:"language" parquet:"language"`
	ReceivedAt time.Time  `json:"received_at" parquet:"received_at,timestamp(millisecond)"`
}

// ArticleOf is the row of an article summary.
func ArticleOf(a store.ArticleSummary) Article {
	return Article{ID: a.ID, Source: a.Source, SourceURL: a.SourceURL, Title: a.Title, Byline: a.Byline,
		Published: events.UTC(a.Published), Language: a.Language, ReceivedAt: a.ReceivedAt.UTC()}
}

// ArticleOfRecord is the row of a record's article.
func ArticleOfRecord(rec *events.EnrichedArticle) Article {
	return ArticleOf(store.ArticleSummary{ID: rec.ID, Source: rec.Source, SourceURL: rec.SourceURL, Title: rec.Title,
		Byline: rec.Byline, Published: rec.Published, Language: rec.Language, ReceivedAt: rec.ReceivedAt})
}

// Entity is one row of the entities table: an entry of the registry.
type Entity struct {
	ID   string `json:"id" parquet:"id"`
	Type string `json:"type" parquet:"type"`
	Name string `json:"name" parquet:"name"`
	// Aliases are joined by "; ".
	Aliases   string    `json:"aliases" parquet:"aliases"`
	FirstSeen time.Time `json:"first_seen" parquet:"first_seen,timestamp(millisecond)"`
	LastSeen  time.Time `json:"last_seen" parquet:"last_seen,timestamp(millisecond)"`
	Articles  int64     `json:"articles" parquet:"articles"`
}

// EntityOf is the row of a registry entry.
func EntityOf(e store.Entity) Entity {
	return Entity{ID: e.ID, Type: e.Type, Name: e.Name, Aliases: strings.Join(e.Aliases, "; "),
		FirstSeen: e.FirstSeen.UTC(), LastSeen: e.LastSeen.UTC(), Articles: int64(e.Articles)}
}

// Quote is one row of the quotes table.
type Quote struct {
	ArticleID   string `json:"article_id" parquet:"article_id"`
	SpeakerID   string `json:"speaker_id" parquet:"speaker_id"`
	SpeakerName string `json:"speaker_name" parquet:"speaker_name"`
	Text        string `json:"text" parquet:"text"`
	Cue         string `json:"cue" parquet:"cue"`
	Partial     bool   `json:"partial" parquet:"partial"`
	Start       int64  `json:"start" parquet:"start"`
	End         int64  `json:"end" parquet:"end"`
}

// QuoteOf is the row of a quote of article articleID.
func QuoteOf(articleID string, q events.Quote) Quote {
	r := Quote{ArticleID: articleID, Text: q.Text, Cue: q.Cue, Partial: q.Partial, Start: int64(q.Start), End: int64(q.End)}
	if q.Speaker != nil {
		r.SpeakerID, r.SpeakerName = q.Speaker.ID, q.Speaker.Name
	}
	return r
}

// Event is one row of the events table: one actor–target pair of an event.
// The columns up to SOURCEURL are GDELT 2.0's event table's that Tidings
// has a counterpart for, named and ordered as there; GLOBALEVENTID is the
// event's item id (events.ItemID), the same in every row of the event, and
// SQLDATE is the event's resolved date, else the article's. The columns
// after SOURCEURL are Tidings' own.
type Event struct {
	GlobalEventID      string  `json:"GLOBALEVENTID" parquet:"GLOBALEVENTID"`
	SQLDate            int32   `json:"SQLDATE" parquet:"SQLDATE"`
	MonthYear          int32   `json:"MonthYear" parquet:"MonthYear"`
	Year               int32   `json:"Year" parquet:"Year"`
	FractionDate       float64 `json:"FractionDate" parquet:"FractionDate"`
	Actor1Code         string  `json:"Actor1Code" parquet:"Actor1Code"`
	Actor1Name         string  `json:"Actor1Name" parquet:"Actor1Name"`
	Actor2Code         string  `json:"Actor2Code" parquet:"Actor2Code"`
	Actor2Name         string  `json:"Actor2Name" parquet:"Actor2Name"`
	EventCode          string  `json:"EventCode" parquet:"EventCode"`
	EventBaseCode      string  `json:"EventBaseCode" parquet:"EventBaseCode"`
	EventRootCode      string  `json:"EventRootCode" parquet:"EventRootCode"`
	QuadClass          int32   `json:"QuadClass" parquet:"QuadClass"`
	GoldsteinScale     float64 `json:"GoldsteinScale" parquet:"GoldsteinScale"`
	ActionGeoFullName  string  `json:"ActionGeo_FullName" parquet:"ActionGeo_FullName"`
	ActionGeoFeatureID string  `json:"ActionGeo_FeatureID" parquet:"ActionGeo_FeatureID"`
	DateAdded          int64   `json:"DATEADDED" parquet:"DATEADDED"`
	SourceURL          string  `json:"SOURCEURL" parquet:"SOURCEURL"`
	Actor1Type         string  `json:"Actor1Type" parquet:"Actor1Type"`
	Actor2Type         string  `json:"Actor2Type" parquet:"Actor2Type"`
	EventLabel         string  `json:"EventLabel" parquet:"EventLabel"`
	IsFuture           bool    `json:"IsFuture" parquet:"IsFuture"`
	TimeText           string  `json:"TimeText" parquet:"TimeText"`
	DateFromArticle    bool    `json:"DateFromArticle" parquet:"DateFromArticle"`
	ArticleID          string  `json:"ArticleID" parquet:"ArticleID"`
	ArticleTitle       string  `json:"ArticleTitle" parquet:"ArticleTitle"`
	EvidenceStart      int64   `json:"EvidenceStart" parquet:"EvidenceStart"`
	EvidenceEnd        int64   `json:"EvidenceEnd" parquet:"EvidenceEnd"`
	EvidenceText       string  `json:"EvidenceText" parquet:"EvidenceText"`
}

// EventsOf appends to dst the rows of event e, the index-th of rec (-1:
// not known): one per actor–target pair (an event with no targets has one
// row per actor, one with neither a single row).
func EventsOf(dst []Event, rec *events.EnrichedArticle, e events.Event, index int) []Event {
	types := make(map[string]string, len(rec.Entities))
	for _, en := range rec.Entities {
		types[en.ID] = en.Type
	}
	base := Event{
		EventCode: e.Code, EventBaseCode: e.Code[:min(3, len(e.Code))], EventRootCode: e.RootCode,
		QuadClass: int32(e.QuadClass), GoldsteinScale: e.Goldstein, EventLabel: e.Label, IsFuture: e.Future,
		ArticleID: rec.ID, ArticleTitle: rec.Title, SourceURL: rec.SourceURL,
		EvidenceStart: int64(e.Evidence.Start), EvidenceEnd: int64(e.Evidence.End), EvidenceText: e.Evidence.Text,
		DateAdded: stamp(rec.ReceivedAt)}
	if index >= 0 {
		base.GlobalEventID = events.ItemID(events.KindEvent, rec.ID, index)
	}
	if base.SourceURL == "" {
		base.SourceURL = rec.Source
	}
	if e.Location != nil {
		base.ActionGeoFullName, base.ActionGeoFeatureID = e.Location.Name, e.Location.ID
	}
	day, fromArticle := eventDay(e, store.SeenAt(rec))
	if e.Time != nil {
		base.TimeText = e.Time.Text
	}
	base.DateFromArticle = fromArticle
	base.SQLDate = int32(day.Year()*10000 + int(day.Month())*100 + day.Day())
	base.MonthYear, base.Year = int32(day.Year()*100+int(day.Month())), int32(day.Year())
	base.FractionDate = float64(day.Year()) + float64(day.YearDay())/365
	actors, targets := e.Actors, e.Targets
	if len(actors) == 0 {
		actors = []events.Ref{{}}
	}
	if len(targets) == 0 {
		targets = []events.Ref{{}}
	}
	for _, a := range actors {
		for _, t := range targets {
			r := base
			r.Actor1Code, r.Actor1Name, r.Actor1Type = a.ID, a.Name, types[a.ID]
			r.Actor2Code, r.Actor2Name, r.Actor2Type = t.ID, t.Name, types[t.ID]
			dst = append(dst, r)
		}
	}
	return dst
}

// eventDay is the event's resolved date, else the article's (fromArticle).
func eventDay(e events.Event, article time.Time) (day time.Time, fromArticle bool) {
	if e.Time != nil && e.Time.Date != "" {
		if d, err := time.Parse(time.DateOnly, e.Time.Date); err == nil {
			return d, false
		}
	}
	return article.UTC(), true
}

// stamp is GDELT's YYYYMMDDHHMMSS of t in UTC.
func stamp(t time.Time) int64 {
	n, _ := strconv.ParseInt(t.UTC().Format("20060102150405"), 10, 64)
	return n
}
