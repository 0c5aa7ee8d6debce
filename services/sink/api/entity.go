package api

import (
	"net/http"
	"net/url"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/sink/store"
)

// entityJSON is a registry entry as the API shows it.
type entityJSON struct {
	ID           string    `json:"id"`
	Type         string    `json:"type"`
	Name         string    `json:"name"`
	Aliases      []string  `json:"aliases"`
	FirstSeen    time.Time `json:"first_seen"`
	LastSeen     time.Time `json:"last_seen"`
	ArticleCount int       `json:"article_count"`
}

func toEntityJSON(e store.Entity) entityJSON {
	aliases := e.Aliases
	if aliases == nil {
		aliases = []string{}
	}
	return entityJSON{ID: e.ID, Type: e.Type, Name: e.Name, Aliases: aliases,
		FirstSeen: e.FirstSeen, LastSeen: e.LastSeen, ArticleCount: e.Articles}
}

// entityPage is an entity with the first page of its articles, of the
// quotes it said and of the events it took part in (as actor or target) as
// a timeline; each next link continues its list.
type entityPage struct {
	entityJSON
	Articles list[store.ArticleSummary] `json:"articles"`
	Quotes   list[store.QuoteRow]       `json:"quotes"`
	Events   list[store.EventRow]       `json:"events"`
	Next     map[string]string          `json:"next,omitempty"`
}

func (s *server) getEntity(w http.ResponseWriter, r *http.Request) {
	p := newParams(r, "limit")
	limit := p.limit()
	if badRequest(w, r, p) {
		return
	}
	ctx, id := r.Context(), r.PathValue("id")
	if !storable(id) {
		writeError(w, r, http.StatusNotFound, "entity %s not found", events.Clip(id))
		return
	}
	e, err := s.st.Entity(ctx, id)
	if err != nil {
		s.storeError(w, r, err, "entity "+id)
		return
	}
	arts, err := s.st.Articles(ctx, store.ArticleQuery{EntityID: id, Limit: limit})
	if err != nil {
		s.storeError(w, r, err, "")
		return
	}
	quotes, err := s.st.Quotes(ctx, store.QuoteQuery{SpeakerID: id, Limit: limit})
	if err != nil {
		s.storeError(w, r, err, "")
		return
	}
	evs, err := s.st.Events(ctx, store.EventQuery{ParticipantID: id, Limit: limit})
	if err != nil {
		s.storeError(w, r, err, "")
		return
	}
	out := entityPage{entityJSON: toEntityJSON(*e), Articles: newList(arts.Items, arts.Next),
		Quotes: newList(quotes.Items, quotes.Next), Events: newList(evs.Items, evs.Next), Next: map[string]string{}}
	link := func(name, path, filter, cursor string) {
		if cursor != "" {
			out.Next[name] = Prefix + path + "?" + url.Values{filter: {id}, "cursor": {cursor}}.Encode()
		}
	}
	link("articles", "/articles", "entity", arts.Next)
	link("quotes", "/quotes", "speaker", quotes.Next)
	link("events", "/events", "participant", evs.Next)
	writeJSON(w, http.StatusOK, out)
}
