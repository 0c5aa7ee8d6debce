package fetcher

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/tidings-news/tidings/services/fetcher/feeds"
)

// TestIntakeParameterHardening: as the read API does, the intake refuses
// with a JSON 400 naming it a query parameter a route does not take, one
// given twice, over its bound, not UTF-8 or with a NUL byte (and the same
// of a multipart field); nothing is published.
func TestIntakeParameterHardening(t *testing.T) {
	r := newIntakeRig(t, nil)
	long := strings.Repeat("a", 50_000)
	for _, c := range []struct{ name, path, want string }{
		{"repeated", "/api/v1/documents?source=a&source=b", `parameter "source" given 2 times`},
		{"unknown", "/api/v1/documents?sauce=a", `unknown parameter "sauce" (this endpoint takes published, source, url)`},
		{"long source", "/api/v1/documents?source=" + long, "source is longer than 512 characters"},
		{"long url", "/api/v1/documents?url=https://example.com/" + long, "url is longer than 2048 characters"},
		{"NUL", "/api/v1/documents?source=a%00b", "source is not text"},
		{"not UTF-8", "/api/v1/documents?source=%ff%fe", "source is not text"},
		{"parameter on urls", "/api/v1/urls?url=https://example.com/", `unknown parameter "url" (this endpoint takes none)`},
		{"parameter on feeds", "/api/v1/feeds?limit=5", `unknown parameter "limit"`},
	} {
		method, ct, body := "POST", "text/plain", "A short story about the harbour.\n"
		if strings.HasPrefix(c.path, "/api/v1/feeds") {
			method, ct, body = "GET", "", ""
		}
		a := r.do(t, method, c.path, ct, strings.NewReader(body))
		if a.status != http.StatusBadRequest || !strings.Contains(a.message(), c.want) || len(a.raw) > 2048 {
			t.Errorf("%s: %d %.300s, want 400 naming %q", c.name, a.status, a.raw, c.want)
		}
	}
	for _, c := range []struct {
		name, query string
		fields      map[string]string
		want        string
	}{
		{"field and query", "?source=q", map[string]string{"source": "form"}, `field "source" given twice`},
		{"NUL field", "", map[string]string{"source": "a\x00b"}, "source is not text"},
		{"long field", "", map[string]string{"published": strings.Repeat("2", 100)}, "published is longer than 64 characters"},
	} {
		ctype, body := multipartBody(t, c.fields, [3]string{"a.txt", "text/plain", "A short story about the harbour.\n"})
		a := r.do(t, "POST", "/api/v1/documents"+c.query, ctype, body)
		if a.status != http.StatusBadRequest || !strings.Contains(a.message(), c.want) {
			t.Errorf("%s: %d %.300s, want 400 naming %q", c.name, a.status, a.raw, c.want)
		}
	}
	if n := streamCount(t, r, "TIDINGS_DOCUMENTS"); n != 0 {
		t.Errorf("%d documents published by refused requests", n)
	}
}

// TestIntakeNotFoundAndMethods: on the fetcher alone, any other path under
// /api/ is a JSON 404, a feed id that cannot be one is not found (not a
// store error), a path asked with the wrong method is a 405 with Allow, and
// the OpenAPI document answers without the token.
func TestIntakeNotFoundAndMethods(t *testing.T) {
	r := newIntakeRig(t, func(c *Config) { c.Intake.APIToken = "s3cret" })
	auth := []string{"Authorization", "bearer s3cret"}
	for _, path := range []string{"/api/v1/nope", "/api/v2/documents", "/api/v1/feeds/" + strings.Repeat("f", 50_000),
		"/api/v1/feeds/abc%00def", "/api/v1/feeds/0123456789abcdef"} {
		a := r.do(t, "GET", path, "", nil, auth...)
		if a.status != http.StatusNotFound || a.body["error"] == nil || len(a.raw) > 1024 {
			t.Errorf("GET %.60s: %d %.200s, want a short JSON 404", path, a.status, a.raw)
		}
	}
	a := r.do(t, "DELETE", "/api/v1/feeds/"+strings.Repeat("x", 300), "", nil, auth...)
	if a.status != http.StatusNotFound {
		t.Errorf("DELETE of an impossible feed id: %d %s", a.status, a.raw)
	}
	for path, allow := range map[string]string{
		"/api/v1/documents":              "POST",
		"/api/v1/feeds":                  "GET, HEAD, POST",
		"/api/v1/feeds/0123456789abcdef": "GET, HEAD, DELETE",
		"/api/v1/openapi.json":           "GET, HEAD",
	} {
		req, _ := http.NewRequest("PUT", r.api.URL+path, nil)
		req.Header.Set(auth[0], auth[1])
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		got := strings.Split(resp.Header.Get("Allow"), ", ")
		slices.Sort(got)
		want := strings.Split(allow, ", ")
		slices.Sort(want)
		if resp.StatusCode != http.StatusMethodNotAllowed || !slices.Equal(got, want) || resp.Header.Get("Content-Type") != "application/json" {
			t.Errorf("PUT %s: %d Allow %q (%s), want JSON 405 with Allow %q", path, resp.StatusCode, got, resp.Header.Get("Content-Type"), allow)
		}
	}
	if a := r.do(t, "GET", "/api/v1/nope", "", nil); a.status != http.StatusUnauthorized {
		t.Errorf("an unknown path without the token: %d, want 401 (nothing said about what exists)", a.status)
	}
	if a := r.do(t, "GET", "/api/v1/openapi.json", "", nil); a.status != http.StatusOK || a.body["paths"] == nil {
		t.Errorf("the OpenAPI document without the token: %d %.100s", a.status, a.raw)
	}
}

// message is the error message of an answer.
func (a answer) message() string {
	e, _ := a.body["error"].(map[string]any)
	s, _ := e["message"].(string)
	return s
}

// openAPIDocument is the part of the OpenAPI document the tests read.
type openAPIDocument struct {
	OpenAPI    string                               `json:"openapi"`
	Paths      map[string]map[string]map[string]any `json:"paths"`
	Components struct {
		Schemas map[string]struct {
			Properties map[string]any `json:"properties"`
		} `json:"schemas"`
	} `json:"components"`
}

// TestIntakeRoutesDocumented: the OpenAPI document describes exactly the
// routes Mount registers (and itself), each documented path reaches its own
// route, each query parameter a route takes is documented with its bound,
// and the schemas name exactly the JSON fields of the Go types answered.
func TestIntakeRoutesDocumented(t *testing.T) {
	var doc openAPIDocument
	if err := json.Unmarshal(OpenAPI(), &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi %q, want 3.x", doc.OpenAPI)
	}
	routes := intakeRoutes(&Intake{})
	var documented, registered []string
	for path, ops := range doc.Paths {
		for method := range ops {
			documented = append(documented, strings.ToUpper(method)+" "+path)
		}
	}
	for _, rt := range routes {
		registered = append(registered, rt.method+" "+rt.path)
		params, _ := doc.Paths[rt.path][strings.ToLower(rt.method)]["parameters"].([]any)
		for name, bound := range rt.params {
			if !slices.ContainsFunc(params, func(p any) bool {
				m, _ := p.(map[string]any)
				schema, _ := m["schema"].(map[string]any)
				return m["name"] == name && m["in"] == "query" && schema["maxLength"] == float64(bound)
			}) {
				t.Errorf("%s %s: query parameter %s (at most %d characters) not documented", rt.method, rt.path, name, bound)
			}
		}
	}
	registered = append(registered, "GET "+APIPrefix+"/openapi.json")
	slices.Sort(documented)
	slices.Sort(registered)
	if !slices.Equal(documented, registered) {
		t.Errorf("documented routes\n  %q\ndiffer from the registered ones\n  %q", documented, registered)
	}
	mux := http.NewServeMux()
	mount(mux, "", routes, true)
	for _, route := range documented {
		method, path, _ := strings.Cut(route, " ")
		req := httptest.NewRequest(method, strings.ReplaceAll(path, "{id}", "0123456789abcdef"), nil)
		if _, pattern := mux.Handler(req); pattern != route {
			t.Errorf("%s reaches pattern %q", route, pattern)
		}
	}
	for schema, v := range map[string]any{"Uploaded": Uploaded{}, "QueuedURL": queuedURL{}, "Feed": feeds.Feed{}, "FeedRequest": feedRequest{}} {
		var props []string
		for name := range doc.Components.Schemas[schema].Properties {
			props = append(props, name)
		}
		slices.Sort(props)
		if fields := jsonFields(reflect.TypeOf(v)); !slices.Equal(props, fields) {
			t.Errorf("schema %s has %q, the Go type %q", schema, props, fields)
		}
	}
}

// TestSharedAPIMountsRoutesOnly: beside another API (tidings up's read
// API), the intake leaves the OpenAPI document and the 404s to it.
func TestSharedAPIMountsRoutesOnly(t *testing.T) {
	mux := http.NewServeMux()
	mount(mux, "", intakeRoutes(&Intake{}), false)
	for _, path := range []string{"/api/v1/openapi.json", "/api/v1/nope", "/api/other"} {
		if _, pattern := mux.Handler(httptest.NewRequest("GET", path, nil)); pattern != "" {
			t.Errorf("GET %s reaches %q; the other API should answer it", path, pattern)
		}
	}
	// The read API's catch-all can then be registered without a conflict.
	mux.Handle("/api/", http.NotFoundHandler())
	mux.HandleFunc("GET /api/v1/openapi.json", func(http.ResponseWriter, *http.Request) {})
}

// jsonFields lists the JSON names of a struct's fields, sorted.
func jsonFields(t reflect.Type) []string {
	var out []string
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}
