package api

import (
	"crypto/subtle"
	"net/http"
	"strings"
)

// authorize requires the bearer token on next when the server has one.
func (s *server) authorize(next http.Handler) http.Handler {
	if s.token == "" {
		return next
	}
	want := []byte(s.token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), want) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="tidings"`)
			writeError(w, r, http.StatusUnauthorized, "this API needs the header \"Authorization: Bearer <token>\" with the server's TIDINGS_API_TOKEN")
			return
		}
		next.ServeHTTP(w, r)
	})
}
