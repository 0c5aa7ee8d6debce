package fetcher

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
)

// intakeRig is a fetcher's HTTP intake on an embedded JetStream, served by
// a local test server.
type intakeRig struct {
	env *stagetest.Env
	in  *Intake
	api *httptest.Server
	reg *prometheus.Registry
}

func newIntakeRig(t *testing.T, tune func(*Config)) *intakeRig { return newRig(t, tune) }

// newIntakeRigB is newIntakeRig for a benchmark.
func newIntakeRigB(b *testing.B) *intakeRig { return newRig(b, nil) }

func newRig(t testing.TB, tune func(*Config)) *intakeRig {
	t.Helper()
	env := stagetest.Start(t)
	cfg := testConfig(t.TempDir())
	cfg.MaxSize = 64 << 10
	cfg.Intake.MaxRequestSize = 256 << 10
	cfg.Intake.AllowPrivate = true
	cfg.Intake.HostInterval = time.Millisecond
	cfg.Intake.FetchTimeout = 2 * time.Second
	cfg.Intake.FeedTick = 200 * time.Millisecond
	if tune != nil {
		tune(&cfg)
	}
	reg := prometheus.NewRegistry()
	in, err := NewIntake(context.Background(), env.JS, cfg, reg, zap.NewNop())
	if err != nil {
		t.Fatal(err)
	}
	pages := stage.NewRouter(env.JS, stage.RouterConfig{Stage: events.StageFetcher, Consumer: events.FetcherConsumer(),
		BackoffBase: 20 * time.Millisecond, BackoffMax: 100 * time.Millisecond}, in.Pages(), stage.NewMetrics(stage.NewRegistry()), zap.NewNop())
	f, err := New(env.JS, cfg, reg, zap.NewNop(), in.Sources(pages)...)
	if err != nil {
		t.Fatal(err)
	}
	in.Use(f)
	mux := http.NewServeMux()
	in.Mount(mux)
	api := httptest.NewServer(mux)
	t.Cleanup(api.Close)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("fetcher: %v", err)
		}
	})
	stagetest.WaitFor(t, "the upload source to run", 10*time.Second, func() bool { return in.publish.Load() != nil })
	return &intakeRig{env: env, in: in, api: api, reg: reg}
}

type answer struct {
	status int
	body   map[string]any
	raw    string
}

func (r *intakeRig) do(t *testing.T, method, path, contentType string, body io.Reader, header ...string) answer {
	t.Helper()
	req, err := http.NewRequest(method, r.api.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	a := answer{status: resp.StatusCode, raw: string(raw)}
	_ = json.Unmarshal(raw, &a.body)
	return a
}

func (a answer) documents(t *testing.T) []Uploaded {
	t.Helper()
	var out struct{ Documents []Uploaded }
	if err := json.Unmarshal([]byte(a.raw), &out); err != nil {
		t.Fatalf("%s: %v", a.raw, err)
	}
	return out.Documents
}

func (a answer) reason() string {
	e, _ := a.body["error"].(map[string]any)
	s, _ := e["reason"].(string)
	return s
}

// documentsOnStream reads the documents stream (want of them).
func (r *intakeRig) documentsOnStream(t *testing.T, want int) []events.Document {
	t.Helper()
	var out []events.Document
	for _, m := range r.env.Messages(t, events.StreamDocuments, want) {
		var d events.Document
		if err := json.Unmarshal(m.Data, &d); err != nil {
			t.Fatal(err)
		}
		out = append(out, d)
	}
	return out
}

func streamCount(t *testing.T, r *intakeRig, stream string) uint64 {
	t.Helper()
	s, err := r.env.JS.Stream(context.Background(), stream)
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return info.State.Msgs
}

func multipartBody(t *testing.T, fields map[string]string, files ...[3]string) (string, *bytes.Buffer) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		if err := w.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range files { // name, content type, content
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename="%s"`, f[0]))
		if f[1] != "" {
			h.Set("Content-Type", f[1])
		}
		part, err := w.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		part.Write([]byte(f[2]))
	}
	w.Close()
	return w.FormDataContentType(), &buf
}

func TestUploadEveryType(t *testing.T) {
	r := newIntakeRig(t, nil)
	bodies := map[string]string{
		"text/plain; charset=utf-8":       "A plain story about the harbour.\n",
		"text/markdown":                   "# Markdown story\n\nThe council met on Tuesday.\n",
		"text/html":                       "<html><head><title>HTML story</title></head><body><p>Ministers met.</p></body></html>",
		"application/json; charset=UTF-8": `{"title":"JSON story","body":"Talks resumed."}`,
	}
	want := map[string]string{}
	for ct, body := range bodies {
		a := r.do(t, "POST", "/api/v1/documents?source=wire-"+strings.Split(ct, "/")[1][:4]+"&url=https://news.example.com/a?utm_source=x&published=2025-03-12", ct, strings.NewReader(body))
		if a.status != http.StatusAccepted {
			t.Fatalf("%s: %d %s", ct, a.status, a.raw)
		}
		docs := a.documents(t)
		if len(docs) != 1 || docs[0].ID != events.DocumentID([]byte(body)) || docs[0].Duplicate {
			t.Fatalf("%s: %+v", ct, docs)
		}
		want[docs[0].ID] = strings.Split(ct, ";")[0]
	}
	// Multipart: several files, their types from the part or the name.
	ctype, mp := multipartBody(t, map[string]string{"published": "2025-03-13T10:00:00Z"},
		[3]string{"one.txt", "text/plain", "First file of a batch.\n"},
		[3]string{"two.md", "application/octet-stream", "# Second\n\nfile of a batch.\n"},
		[3]string{"three.html", "", "<p>Third file of a batch.</p>"})
	a := r.do(t, "POST", "/api/v1/documents", ctype, mp)
	if a.status != http.StatusAccepted || len(a.documents(t)) != 3 {
		t.Fatalf("multipart: %d %s", a.status, a.raw)
	}
	for _, d := range a.documents(t) {
		want[d.ID] = d.MediaType
	}
	docs := r.documentsOnStream(t, 7)
	for _, d := range docs {
		if want[d.ID] != d.MediaType {
			t.Errorf("document %s: media type %q, want %q", d.Source, d.MediaType, want[d.ID])
		}
		if d.Published == nil {
			t.Errorf("document %s without the published date given", d.Source)
		}
		if strings.HasPrefix(d.Source, "wire-") && d.SourceURL != "https://news.example.com/a" {
			t.Errorf("document %s: source URL %q", d.Source, d.SourceURL)
		}
	}
	if got := testutil.ToFloat64(r.in.metrics.uploads.WithLabelValues(UploadPublished)); got != 7 {
		t.Errorf("uploads published %v, want 7", got)
	}
}

func TestUploadSameContentTwiceIsADuplicate(t *testing.T) {
	r := newIntakeRig(t, nil)
	body := "The same wire story, sent twice.\n"
	first := r.do(t, "POST", "/api/v1/documents", "text/plain", strings.NewReader(body)).documents(t)
	second := r.do(t, "POST", "/api/v1/documents", "text/plain", strings.NewReader(body+"\n\n")).documents(t)
	if first[0].Duplicate || !second[0].Duplicate || first[0].ID != second[0].ID {
		t.Fatalf("first %+v, second %+v", first, second)
	}
	time.Sleep(100 * time.Millisecond)
	if n := streamCount(t, r, events.StreamDocuments); n != 1 {
		t.Errorf("%d documents on the stream, want 1", n)
	}
	if got := testutil.ToFloat64(r.in.metrics.uploads.WithLabelValues(UploadDuplicate)); got != 1 {
		t.Errorf("duplicates counted %v", got)
	}
}

func TestUploadRejects(t *testing.T) {
	r := newIntakeRig(t, nil)
	big := strings.Repeat("word ", 20<<10)
	ctypeNoFile, noFile := multipartBody(t, map[string]string{"source": "x"})
	ctypeHuge, huge := multipartBody(t, nil,
		[3]string{"a.txt", "text/plain", big[:60<<10]}, [3]string{"b.txt", "text/plain", big[:60<<10]},
		[3]string{"c.txt", "text/plain", big[:60<<10]}, [3]string{"d.txt", "text/plain", big[:60<<10]},
		[3]string{"e.txt", "text/plain", big[:60<<10]})
	ctypeMixed, mixed := multipartBody(t, nil, [3]string{"ok.txt", "text/plain", "fine"}, [3]string{"bad.txt", "text/plain", "\x00\x01"})
	cases := []struct {
		name, ctype string
		body        io.Reader
		status      int
		reason      Reason
	}{
		{"empty", "text/plain", strings.NewReader(""), 400, ReasonEmpty},
		{"white space", "text/plain", strings.NewReader(" \n\t\n"), 400, ReasonEmpty},
		{"invalid UTF-8", "text/plain", strings.NewReader("caf\xe9 au lait"), 400, ReasonInvalidEncoding},
		{"UTF-32", "text/plain", bytes.NewReader([]byte{0xFF, 0xFE, 0, 0, 'a', 0, 0, 0}), 400, ReasonInvalidEncoding},
		{"NUL bytes", "text/plain", strings.NewReader("text\x00with nul"), 415, ReasonBinary},
		{"PDF", "text/html", strings.NewReader("%PDF-1.7 ..."), 415, ReasonBinary},
		{"image", "image/png", strings.NewReader("\x89PNG\r\n"), 415, ReasonUnsupportedType},
		{"no content type", "", strings.NewReader("text"), 415, ReasonUnsupportedType},
		{"too large", "text/plain", strings.NewReader(big), 413, ReasonTooLarge},
		{"request over the limit", ctypeHuge, huge, 413, ""},
		{"multipart without a file", ctypeNoFile, noFile, 400, ReasonEmpty},
		{"one bad file of two", ctypeMixed, mixed, 415, ReasonBinary},
	}
	for _, c := range cases {
		a := r.do(t, "POST", "/api/v1/documents", c.ctype, c.body)
		if a.status != c.status || (c.reason != "" && a.reason() != string(c.reason)) {
			t.Errorf("%s: %d reason %q, want %d %q (%s)", c.name, a.status, a.reason(), c.status, c.reason, strings.TrimSpace(a.raw))
		}
	}
	for _, bad := range []string{"?published=yesterday", "?url=ftp://example.com/x"} {
		if a := r.do(t, "POST", "/api/v1/documents"+bad, "text/plain", strings.NewReader("fine")); a.status != 400 {
			t.Errorf("%s: %d %s", bad, a.status, a.raw)
		}
	}
	if a := r.do(t, "GET", "/api/v1/documents", "", nil); a.status != 405 {
		t.Errorf("GET: %d", a.status)
	}
	time.Sleep(100 * time.Millisecond)
	if n := streamCount(t, r, events.StreamDocuments); n != 0 {
		t.Errorf("%d documents published from rejected uploads", n)
	}
	if got := testutil.ToFloat64(r.in.f.metrics.rejects.WithLabelValues(string(ReasonBinary))); got != 3 {
		t.Errorf("binary rejects counted %v, want 3", got)
	}
}

func TestUploadNeedsTheToken(t *testing.T) {
	r := newIntakeRig(t, func(c *Config) { c.Intake.APIToken = "s3cret" })
	if a := r.do(t, "POST", "/api/v1/documents", "text/plain", strings.NewReader("x")); a.status != 401 {
		t.Errorf("without a token: %d", a.status)
	}
	if a := r.do(t, "POST", "/api/v1/documents", "text/plain", strings.NewReader("x"), "Authorization", "Bearer wrong"); a.status != 401 {
		t.Errorf("wrong token: %d", a.status)
	}
	if a := r.do(t, "POST", "/api/v1/documents", "text/plain", strings.NewReader("x"), "Authorization", "bearer s3cret"); a.status != 202 {
		t.Errorf("with the token: %d %s", a.status, a.raw)
	}
	if a := r.do(t, "GET", "/api/v1/feeds", "", nil); a.status != 401 {
		t.Errorf("feeds without a token: %d", a.status)
	}
}

// TestUploadAnsweredOnlyAfterPubAck: when the server cannot store the
// document, the client hears so (503), never a 202.
func TestUploadAnsweredOnlyAfterPubAck(t *testing.T) {
	r := newIntakeRig(t, nil)
	if err := r.env.JS.DeleteStream(context.Background(), events.StreamDocuments); err != nil {
		t.Fatal(err)
	}
	a := r.do(t, "POST", "/api/v1/documents", "text/plain", strings.NewReader("Nobody will store this.\n"))
	if a.status != http.StatusServiceUnavailable {
		t.Fatalf("%d %s", a.status, a.raw)
	}
	if got := testutil.ToFloat64(r.in.metrics.uploads.WithLabelValues(UploadError)); got != 1 {
		t.Errorf("upload errors %v", got)
	}
}
