package api

import (
	"net/http"

	"github.com/tidings-news/tidings/services/sink/store"
)

// Prefix is the path every route of the API starts with.
const Prefix = "/api/v1"

// route is one endpoint of the API: a Go 1.22 ServeMux pattern and its handler.
type route struct {
	Method, Path string
	// Public routes answer without the bearer token.
	Public  bool
	Handler func(*server, http.ResponseWriter, *http.Request)
}

// routes lists every endpoint; Mount registers them and the OpenAPI
// document must describe exactly these (see the tests).
func routes() []route {
	return []route{
		{"GET", Prefix + "/articles", false, (*server).listArticles},
		{"GET", Prefix + "/articles/{id}", false, (*server).getArticle},
		{"GET", Prefix + "/entities", false, (*server).listEntities},
		{"GET", Prefix + "/entities/{id}", false, (*server).getEntity},
		{"GET", Prefix + "/events", false, (*server).listEvents},
		{"GET", Prefix + "/quotes", false, (*server).listQuotes},
		{"GET", Prefix + "/openapi.json", true, (*server).openAPI},
	}
}

// server answers the API's requests from a store.
type server struct {
	st    store.Store
	token string
}

// Mount registers the API on mux, reading from st. When token is not
// empty, every route but the OpenAPI document requires the header
// "Authorization: Bearer <token>". Any other path under /api/v1/ answers a
// JSON 404.
func Mount(mux *http.ServeMux, st store.Store, token string) {
	s := &server{st: st, token: token}
	for _, rt := range routes() {
		h := http.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { rt.Handler(s, w, r) }))
		if !rt.Public {
			h = s.authorize(h)
		}
		mux.Handle(rt.Method+" "+rt.Path, h)
	}
	mux.Handle(Prefix+"/", s.authorize(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, http.StatusNotFound, "no such endpoint %s %s; see %s/openapi.json", r.Method, r.URL.Path, Prefix)
	})))
}

// Handler returns a handler serving only the API, for tests and embedding.
func Handler(st store.Store, token string) http.Handler {
	mux := http.NewServeMux()
	Mount(mux, st, token)
	return mux
}
