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

// TestMergeOpenAPI: another API's document adds its paths and components
// and its title and description to the read API's; the OpenAPI document's
// own path stays the read API's; a path described twice, or a component
// both define differently, is an error; Mount serves the merged document.
func TestMergeOpenAPI(t *testing.T) {
	other := `{"openapi": "3.0.3", "info": {"title": "Other API", "description": "Posts things."},
	  "paths": {"/api/v1/things": {"post": {"operationId": "postThing"}}, "/api/v1/openapi.json": {"get": {"operationId": "otherDoc"}}},
	  "components": {"schemas": {"Thing": {"type": "object"}},
	    "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "The server's TIDINGS_API_TOKEN, when it has one."}}}}`
	merged, err := MergeOpenAPI([]byte(other))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Info struct {
			Title, Description string
		}
		Paths      map[string]map[string]map[string]any
		Components map[string]map[string]any
	}
	if err := json.Unmarshal(merged, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Info.Title != "Tidings read API and Other API" || !strings.HasSuffix(doc.Info.Description, "\n\nPosts things.") {
		t.Errorf("info %+v", doc.Info)
	}
	if doc.Paths["/api/v1/things"] == nil || doc.Paths["/api/v1/articles"] == nil || doc.Components["schemas"]["Thing"] == nil || doc.Components["schemas"]["Record"] == nil {
		t.Errorf("paths or schemas missing: %v", doc.Paths)
	}
	if id := doc.Paths["/api/v1/openapi.json"]["get"]["operationId"]; id != "openAPI" {
		t.Errorf("the document's own path is %v's", id)
	}
	for name, bad := range map[string]string{
		"path twice":       `{"paths": {"/api/v1/articles": {"get": {}}}}`,
		"schema differing": `{"components": {"schemas": {"Error": {"type": "string"}}}}`,
		"not JSON":         `{`,
	} {
		if _, err := MergeOpenAPI([]byte(bad)); err == nil {
			t.Errorf("%s: merged without an error", name)
		}
	}
	mux := http.NewServeMux()
	Mount(mux, nil, Options{OpenAPI: merged})
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/openapi.json", nil))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "/api/v1/things") {
		t.Errorf("served %d without the merged paths", rec.Code)
	}
}
