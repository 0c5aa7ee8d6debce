package fetcher

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// APIPrefix is where the intake API is served (beside the sink's read API
// under `tidings up`).
const APIPrefix = "/api/v1"

// route is one endpoint of the intake API.
type route struct {
	method, path string
	handler      http.HandlerFunc
}

// mount registers routes on mux behind the bearer token (when set), each
// path answering 405 with Allow for the methods it does not take.
func mount(mux *http.ServeMux, token string, routes []route) {
	allowed := map[string][]string{}
	for _, rt := range routes {
		mux.Handle(rt.method+" "+rt.path, authorize(token, rt.handler))
		allowed[rt.path] = append(allowed[rt.path], rt.method)
	}
	for path, methods := range allowed {
		allow := strings.Join(methods, ", ")
		mux.Handle(path, authorize(token, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", allow)
			writeError(w, http.StatusMethodNotAllowed, "%s does not take %s; it takes %s", r.URL.Path, r.Method, allow)
		})))
	}
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
