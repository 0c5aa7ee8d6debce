package fetcher

import (
	"crypto/subtle"
	_ "embed"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/tidings-news/tidings/pkg/events"
)

// openAPIDoc is the OpenAPI 3 description of the intake API.
//
//go:embed openapi.json
var openAPIDoc []byte

// OpenAPI is the intake API's OpenAPI 3 document, for a server that serves
// it beside another API (tidings up merges it into the read API's).
func OpenAPI() []byte { return openAPIDoc }

// APIPrefix is where the intake API is served (beside the sink's read API
// under `tidings up`).
const APIPrefix = "/api/v1"

// route is one endpoint of the intake API.
type route struct {
	method, path string
	// params are the query parameters the route takes, each with the
	// longest value it may have (in characters).
	params  map[string]int
	handler http.HandlerFunc
}

// mount registers routes on mux behind the bearer token (when set), each
// checking its query parameters, and each path answering 405 with Allow for
// the methods it does not take. With standalone it also serves the OpenAPI
// document (without the token) and answers any other path under /api/ with
// a JSON 404; without, another API on the mux does (tidings up's read API).
func mount(mux *http.ServeMux, token string, routes []route, standalone bool) {
	allowed := map[string][]string{}
	for _, rt := range routes {
		mux.Handle(rt.method+" "+rt.path, authorize(token, checkQuery(rt.params, rt.handler)))
		allowed[rt.path] = append(allowed[rt.path], rt.method)
	}
	if standalone {
		mux.HandleFunc("GET "+APIPrefix+"/openapi.json", serveOpenAPI)
		allowed[APIPrefix+"/openapi.json"] = append(allowed[APIPrefix+"/openapi.json"], http.MethodGet)
	}
	for path, methods := range allowed {
		var allow []string
		for _, m := range methods {
			allow = append(allow, m)
			if m == http.MethodGet {
				allow = append(allow, http.MethodHead) // the mux serves HEAD for GET
			}
		}
		list := strings.Join(allow, ", ")
		h := http.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", list)
			writeError(w, http.StatusMethodNotAllowed, "%s does not take %s; it takes %s", events.Clip(r.URL.Path), events.Clip(r.Method), list)
		}))
		if path != APIPrefix+"/openapi.json" {
			h = authorize(token, h)
		}
		mux.Handle(path, h)
	}
	if standalone {
		notFound := authorize(token, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			writeError(w, http.StatusNotFound, "no such endpoint %s %s; see %s/openapi.json", events.Clip(r.Method), events.Clip(r.URL.Path), APIPrefix)
		}))
		mux.Handle(APIPrefix+"/", notFound)
		mux.Handle("/api/", notFound)
	}
}

// checkQuery answers 400 when the query holds a parameter the route does
// not take, or one given twice, longer than its bound, not UTF-8 or with a
// NUL byte, naming every such parameter; otherwise next answers.
func checkQuery(params map[string]int, next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var problems []string
		for name, vals := range r.URL.Query() {
			bound, ok := params[name]
			switch {
			case !ok:
				problems = append(problems, fmt.Sprintf("unknown parameter %q (%s)", events.Clip(name), takes(params)))
			case len(vals) > 1:
				problems = append(problems, fmt.Sprintf("parameter %q given %d times; give it once", name, len(vals)))
			case !storable(vals[0]):
				problems = append(problems, fmt.Sprintf("%s is not text: it holds a NUL byte or is not UTF-8", name))
			case utf8.RuneCountInString(vals[0]) > bound:
				problems = append(problems, fmt.Sprintf("%s is longer than %d characters", name, bound))
			}
		}
		if len(problems) > 0 {
			slices.Sort(problems)
			writeError(w, http.StatusBadRequest, "%s", strings.Join(problems, "; "))
			return
		}
		next(w, r)
	})
}

// takes names the parameters a route takes, for a message.
func takes(params map[string]int) string {
	if len(params) == 0 {
		return "this endpoint takes none"
	}
	names := slices.Sorted(maps.Keys(params))
	return "this endpoint takes " + strings.Join(names, ", ")
}

// storable reports whether s is text a store can hold: UTF-8 without NUL
// bytes (PostgreSQL's text holds neither).
func storable(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

// serveOpenAPI serves the intake API's OpenAPI document.
func serveOpenAPI(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(openAPIDoc)
}

// authorize requires "Authorization: Bearer <token>" when token is set (the
// scheme's name in any case, as the read API takes it).
func authorize(token string, next http.Handler) http.Handler {
	if token == "" {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme, got, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(token)) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="tidings"`)
			writeError(w, http.StatusUnauthorized, "a bearer token is required (Authorization: Bearer <token>)")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// apiError is the body of every error answer, as the read API's.
type apiError struct {
	Error struct {
		Status  int    `json:"status"`
		Message string `json:"message"`
		Reason  string `json:"reason,omitempty"`
	} `json:"error"`
}

func writeError(w http.ResponseWriter, status int, format string, args ...any) {
	writeAPIError(w, status, "", format, args...)
}

func writeAPIError(w http.ResponseWriter, status int, reason, format string, args ...any) {
	var e apiError
	e.Error.Status, e.Error.Reason, e.Error.Message = status, reason, fmt.Sprintf(format, args...)
	writeJSON(w, status, e)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}
