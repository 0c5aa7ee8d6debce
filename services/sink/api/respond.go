package api

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// errorBody is the JSON of every error response.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Status  int    `json:"status"`
	Message string `json:"message"`
}

// writeJSON writes v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // the client went away: nothing left to tell it
}

// writeError writes a JSON error with status and a message from format.
func writeError(w http.ResponseWriter, _ *http.Request, status int, format string, args ...any) {
	writeJSON(w, status, errorBody{Error: errorDetail{Status: status, Message: fmt.Sprintf(format, args...)}})
}

// list is the JSON of a page of a list.
type list[T any] struct {
	Items []T `json:"items"`
	// NextCursor, passed as cursor, asks for the following page.
	NextCursor string `json:"next_cursor,omitempty"`
}

// newList makes a list of items (never null in JSON).
func newList[T any](items []T, next string) list[T] {
	if items == nil {
		items = []T{}
	}
	return list[T]{Items: items, NextCursor: next}
}
