package api

import (
	"net/http"
	"strings"

	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/events"
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
		{"GET", Prefix + "/subscriptions", false, (*server).listSubscriptions},
		{"POST", Prefix + "/subscriptions", false, (*server).createSubscription},
		{"GET", Prefix + "/subscriptions/{id}", false, (*server).getSubscription},
		{"DELETE", Prefix + "/subscriptions/{id}", false, (*server).deleteSubscription},
		{"GET", Prefix + "/stories", false, (*server).listStories},
		{"GET", Prefix + "/openapi.json", true, (*server).openAPI},
	}
}

// server answers the API's requests from a store.
type server struct {
	// doc is the OpenAPI document served.
	doc   []byte
	st    store.Store
	token string
	log   *zap.Logger
	subs  Subscriptions
}

// Options are what Mount takes besides the store.
type Options struct {
	// Token, when not empty, is the bearer token every route but the
	// OpenAPI document requires.
	Token string
	// Log receives what the store fails at (default: nowhere).
	Log *zap.Logger
	// Subscriptions serves /api/v1/subscriptions (nil: 503 there).
	Subscriptions Subscriptions
	// OpenAPI is the document served at /api/v1/openapi.json (default: the
	// read API's; MergeOpenAPI adds another API's to it).
	OpenAPI []byte
}

// Mount registers the API on mux, reading from st. When o.Token is not
// empty, every route but the OpenAPI document requires the header
// "Authorization: Bearer <token>". A known path asked with another method
// answers 405 with Allow; any other path under /api/ answers a JSON 404.
func Mount(mux *http.ServeMux, st store.Store, o Options) {
	log := o.Log
	if log == nil {
		log = zap.NewNop()
	}
	doc := o.OpenAPI
	if doc == nil {
		doc = openAPIDoc
	}
	s := &server{doc: doc, st: st, token: o.Token, log: log, subs: o.Subscriptions}
	allowed := map[string][]string{}
	public := map[string]bool{}
	for _, rt := range routes() {
		h := http.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { rt.Handler(s, w, r) }))
		if !rt.Public {
			h = s.authorize(h)
		}
		mux.Handle(rt.Method+" "+rt.Path, h)
		if _, seen := allowed[rt.Path]; !seen {
			public[rt.Path] = true
		}
		allowed[rt.Path] = append(allowed[rt.Path], rt.Method)
		public[rt.Path] = public[rt.Path] && rt.Public
	}
	for path, methods := range allowed {
		h := methodNotAllowed(methods)
		if !public[path] {
			h = s.authorize(h)
		}
		mux.Handle(path, h) // any method the route above does not take
	}
	notFound := s.authorize(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, http.StatusNotFound, "no such endpoint %s %s; see %s/openapi.json", r.Method, events.Clip(r.URL.Path), Prefix)
	}))
	mux.Handle(Prefix+"/", notFound)
	mux.Handle("/api/", notFound)
}

// methodNotAllowed answers 405 naming the methods a path takes (GET
// includes HEAD, as the mux serves it).
func methodNotAllowed(methods []string) http.Handler {
	var allow []string
	for _, m := range methods {
		allow = append(allow, m)
		if m == http.MethodGet {
			allow = append(allow, http.MethodHead)
		}
	}
	list := strings.Join(allow, ", ")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", list)
		writeError(w, r, http.StatusMethodNotAllowed, "%s does not take %s; it takes %s", events.Clip(r.URL.Path), events.Clip(r.Method), list)
	})
}

// Handler returns a handler serving only the API, for tests and embedding.
func Handler(st store.Store, token string) http.Handler {
	return HandlerWith(st, Options{Token: token})
}

// HandlerWith is Handler with every option.
func HandlerWith(st store.Store, o Options) http.Handler {
	mux := http.NewServeMux()
	Mount(mux, st, o)
	return mux
}
