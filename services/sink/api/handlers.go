package api

import (
	"context"
	"errors"
	"io"
	"net/http"

	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/sink/export"
	"github.com/tidings-news/tidings/services/sink/store"
)

// storeError answers an error of the store: 400 for a bad cursor, 404 for
// an unknown id (what, cut short), 500 otherwise, without the details, which
// go to the log.
func (s *server) storeError(w http.ResponseWriter, r *http.Request, err error, what string) {
	switch {
	case errors.Is(err, store.ErrBadCursor):
		writeError(w, r, http.StatusBadRequest, "invalid cursor: pass the next_cursor of a previous page unchanged")
	case errors.Is(err, store.ErrNotFound):
		writeError(w, r, http.StatusNotFound, "%s not found", events.Clip(what))
	case r.Context().Err() != nil:
		writeError(w, r, http.StatusServiceUnavailable, "request cancelled")
	default:
		s.log.Error("read API: the store failed", zap.String("method", r.Method), zap.String("path", events.Clip(r.URL.Path)), zap.Error(err))
		writeError(w, r, http.StatusInternalServerError, "the store failed to answer; the server's log says why")
	}
}

// badRequest answers a 400 when p holds errors, and reports whether it did.
func badRequest(w http.ResponseWriter, r *http.Request, p *params) bool {
	if err := p.err(); err != nil {
		writeError(w, r, http.StatusBadRequest, "%v", err)
		return true
	}
	return false
}

// serveList answers a list endpoint whose parameters p are read into q: a
// 400 for p's errors; in a file format, table's rows that q matches (rows
// emits them); else a page of list's as JSON, each item as item shapes it.
func serveList[Q, S, R, J any](s *server, w http.ResponseWriter, r *http.Request, p *params, q Q, table string,
	rows func(emit func(R) error) error, list func(context.Context, Q) (store.Page[S], error), item func(S) J) {
	format := p.fileFormat()
	if badRequest(w, r, p) {
		return
	}
	if format != "" {
		s.serveFile(w, r, table, format, func(out io.Writer) error {
			return writeRows(out, format, rows)
		})
		return
	}
	page, err := list(r.Context(), q)
	if err != nil {
		s.storeError(w, r, err, "")
		return
	}
	out := make([]J, len(page.Items))
	for i, it := range page.Items {
		out[i] = item(it)
	}
	writeJSON(w, http.StatusOK, newList(out, page.Next))
}

// same is the item of a list served as the store reads it.
func same[T any](item T) T { return item }

func (s *server) listArticles(w http.ResponseWriter, r *http.Request) {
	p := newParams(r, "since", "until", "entity", "q", "duplicates", "story", "cursor", "limit", "format")
	q := store.ArticleQuery{Since: p.time("since"), Until: p.time("until"), EntityID: p.str("entity"),
		Text: p.text("q"), NoDuplicates: p.oneOf("duplicates", "true", "false") == "false", StoryID: p.str("story"),
		Cursor: p.str("cursor"), Limit: p.limit()}
	if !q.Since.IsZero() && !q.Until.IsZero() && !q.Since.Before(q.Until) {
		p.fail("since must be before until")
	}
	serveList(s, w, r, p, q, export.TableArticles,
		func(emit func(export.Article) error) error { return export.Articles(r.Context(), s.st, q, emit) }, s.st.Articles, same)
}

func (s *server) getArticle(w http.ResponseWriter, r *http.Request) {
	if badRequest(w, r, newParams(r)) {
		return
	}
	id := r.PathValue("id")
	if !storable(id) {
		writeError(w, r, http.StatusNotFound, "article %s not found", events.Clip(id))
		return
	}
	rec, err := s.st.Get(r.Context(), id)
	if err != nil {
		s.storeError(w, r, err, "article "+id)
		return
	}
	writeJSON(w, http.StatusOK, rec)
}

// entityTypes are the types the type filter accepts.
var entityTypes = []string{events.EntityPerson, events.EntityOrg, events.EntityLoc, events.EntityNORP}

func (s *server) listEntities(w http.ResponseWriter, r *http.Request) {
	p := newParams(r, "type", "name", "cursor", "limit", "format")
	q := store.EntityQuery{Type: p.oneOf("type", entityTypes...), NamePrefix: p.str("name"),
		Cursor: p.str("cursor"), Limit: p.limit()}
	serveList(s, w, r, p, q, export.TableEntities,
		func(emit func(export.Entity) error) error { return export.Entities(r.Context(), s.st, q, emit) }, s.st.Entities, toEntityJSON)
}

func (s *server) listEvents(w http.ResponseWriter, r *http.Request) {
	p := newParams(r, "root", "actor", "participant", "location", "from", "to", "cursor", "limit", "format")
	q := store.EventQuery{Root: p.match("root", rootRE, "a two-digit CAMEO root code such as 04"),
		ActorID: p.str("actor"), ParticipantID: p.str("participant"), LocationID: p.str("location"),
		From: p.date("from"), To: p.date("to"), Cursor: p.str("cursor"), Limit: p.limit()}
	if q.From != "" && q.To != "" && q.From > q.To {
		p.fail("from must not be after to")
	}
	serveList(s, w, r, p, q, export.TableEvents,
		func(emit func(export.Event) error) error { return export.Events(r.Context(), s.st, q, emit) }, s.st.Events, same)
}

func (s *server) listQuotes(w http.ResponseWriter, r *http.Request) {
	p := newParams(r, "speaker", "cursor", "limit", "format")
	q := store.QuoteQuery{SpeakerID: p.str("speaker"), Cursor: p.str("cursor"), Limit: p.limit()}
	serveList(s, w, r, p, q, export.TableQuotes,
		func(emit func(export.Quote) error) error { return export.Quotes(r.Context(), s.st, q, emit) }, s.st.Quotes, same)
}

// listStories is GET /api/v1/stories: stories, the most recently added to
// first, with their articles, first and last seen, main entities and events.
func (s *server) listStories(w http.ResponseWriter, r *http.Request) {
	p := newParams(r, "since", "until", "cursor", "limit")
	q := store.StoryQuery{Since: p.time("since"), Until: p.time("until"), Cursor: p.str("cursor"), Limit: p.limit()}
	if !q.Since.IsZero() && !q.Until.IsZero() && !q.Since.Before(q.Until) {
		p.fail("since must be before until")
	}
	if badRequest(w, r, p) {
		return
	}
	page, err := s.st.Stories(r.Context(), q)
	if err != nil {
		s.storeError(w, r, err, "")
		return
	}
	writeJSON(w, http.StatusOK, newList(page.Items, page.Next))
}
