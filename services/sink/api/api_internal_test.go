package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// TestRoutesDocumented checks that the OpenAPI document describes exactly
// the routes Mount registers, and that each documented path reaches its own
// route on a mux Mount set up.
func TestRoutesDocumented(t *testing.T) {
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi version %q, want 3.x", doc.OpenAPI)
	}
	var documented, registered []string
	for path, ops := range doc.Paths {
		for method := range ops {
			documented = append(documented, strings.ToUpper(method)+" "+path)
		}
	}
	for _, rt := range routes() {
		registered = append(registered, rt.Method+" "+rt.Path)
	}
	slices.Sort(documented)
	slices.Sort(registered)
	if !slices.Equal(documented, registered) {
		t.Errorf("documented routes\n  %q\ndiffer from the registered ones\n  %q", documented, registered)
	}

	mux := http.NewServeMux()
	Mount(mux, nil, Options{})
	for _, route := range documented {
		method, path, _ := strings.Cut(route, " ")
		req := httptest.NewRequest(method, strings.ReplaceAll(path, "{id}", "some-id"), nil)
		if _, pattern := mux.Handler(req); pattern != route {
			t.Errorf("%s reaches pattern %q, want %q", route, pattern, route)
		}
	}
}
