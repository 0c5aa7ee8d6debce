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
		got, ok := bearer(r.Header.Get("Authorization"))
		if !ok || subtle.ConstantTimeCompare([]byte(got), want) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="tidings"`)
			writeError(w, r, http.StatusUnauthorized, "this API needs the header \"Authorization: Bearer <token>\" with the server's TIDINGS_API_TOKEN")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// bearer returns the token of an Authorization header of the Bearer scheme,
// whose name is case-insensitive (RFC 9110, section 11.1).
func bearer(header string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(header), " ")
	token = strings.TrimSpace(token)
	return token, ok && strings.EqualFold(scheme, "Bearer") && token != ""
}
