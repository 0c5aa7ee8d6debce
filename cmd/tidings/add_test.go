package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tidings-news/tidings/cmd/tidings/internal/allinone"
	"github.com/tidings-news/tidings/cmd/tidings/internal/allinonetest"
	"github.com/tidings-news/tidings/cmd/tidings/internal/fixtures"
	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
	"github.com/tidings-news/tidings/services/fetcher"
	"github.com/tidings-news/tidings/services/sink/store"
)

// localNews serves an RSS feed of two articles and the articles, as
// `python3 -m http.server` would serve a folder of them.
func localNews(t *testing.T) *httptest.Server {
	page := func(title, body string) string {
		return "<!doctype html><html><head><title>" + title + "</title></head><body><article><h1>" + title + "</h1><p>" + body + "</p></article></body></html>"
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/one.html", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, page("Ferry strike ends", "The ferry workers of the harbour town ended their strike on Tuesday after the council agreed to new rotas, union officials said."))
	})
	mux.HandleFunc("/two.html", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, page("Bridge reopens", "The old bridge over the river reopened to traffic on Wednesday after two years of repairs, the mayor said at the ceremony."))
	})
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title>
<item><title>Ferry strike ends</title><link>http://%[1]s/one.html</link><pubDate>Tue, 11 Mar 2025 08:00:00 +0000</pubDate></item>
<item><title>Bridge reopens</title><link>http://%[1]s/two.html</link><pubDate>Wed, 12 Mar 2025 08:00:00 +0000</pubDate></item>
</channel></rss>`, r.Host)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// startUp runs tidings up's pipeline with a fetcher that may fetch from
// this machine, polls feeds often and does not pause between a host's pages.
func startUp(t *testing.T) *allinonetest.Pipeline {
	t.Helper()
	return allinonetest.Start(t, allinone.Config{
		DataDir: t.TempDir(),
		Common:  stage.CommonConfig{HTTPAddr: "127.0.0.1:0"},
		Fetcher: fetcher.Config{Intake: fetcher.IntakeConfig{AllowPrivate: true, FeedTick: 200 * time.Millisecond, HostInterval: time.Millisecond}},
	})
}

// records are the records of st by id.
func records(t *testing.T, st store.Store) map[string]*events.EnrichedArticle {
	t.Helper()
	out := map[string]*events.EnrichedArticle{}
	for _, r := range allinonetest.Export(t, st) {
		out[r.ID] = r
	}
	return out
}

// TestAddUploadsPagesAndFeeds is the acceptance as a new user
// would try it: `tidings up`, a file posted, a page and a feed of two
// pages on a local server added; each becomes a record.
func TestAddUploadsPagesAndFeeds(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole pipeline")
	}
	p := startUp(t)
	st := p.Store()
	news := localNews(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "article.html")
	if err := os.WriteFile(file, []byte("<html><head><title>Council votes</title></head><body><p>The council voted on Monday to build a new library, the mayor said.</p></body></html>"), 0o644); err != nil {
		t.Fatal(err)
	}
	add := func(args ...string) string {
		var out, errOut bytes.Buffer
		if code := run(context.Background(), append([]string{"add", "--addr", p.HTTPAddr()}, args...), &out, &errOut); code != 0 {
			t.Fatalf("tidings add %v: exit %d: %s", args, code, errOut.String())
		}
		return out.String()
	}
	line := add(file)
	id, state, _ := strings.Cut(strings.TrimSpace(line), "\t")
	if !events.ValidID(id) || !strings.HasPrefix(state, "accepted") {
		t.Fatalf("add FILE printed %q", line)
	}
	if again := add(file); !strings.Contains(again, id+"\tduplicate") {
		t.Errorf("the same file again: %q", again)
	}
	add("--feed", news.URL+"/feed.xml")
	stagetest.WaitFor(t, "three records: the file and the feed's two pages", 60*time.Second, func() bool { return len(records(t, st)) >= 3 })
	recs := records(t, st)
	if r := recs[id]; r == nil || r.Title != "Council votes" {
		t.Errorf("uploaded record %+v", r)
	}
	var fromFeed int
	for _, r := range recs {
		if strings.HasPrefix(r.SourceURL, news.URL) {
			fromFeed++
			if r.Published == nil || r.Published.Year() != 2025 {
				t.Errorf("%s: published %v, want the feed's date", r.SourceURL, r.Published)
			}
		}
	}
	if fromFeed != 2 {
		t.Errorf("%d records from the feed, want 2", fromFeed)
	}
	// A page already fetched through the feed is not fetched again.
	if out := add(news.URL + "/one.html"); !strings.Contains(out, "seen") {
		t.Errorf("add URL of a fetched page: %q", out)
	}
	var errOut bytes.Buffer
	if code := run(context.Background(), []string{"add", "--addr", p.HTTPAddr(), filepath.Join(dir, "missing.txt")}, &bytes.Buffer{}, &errOut); code != 1 {
		t.Errorf("a missing file: exit %d", code)
	}

	// A lightly edited copy (another headline, one word changed) is marked
	// a duplicate of the first, and both belong to one story.
	story := fixtures.Generate(1, 99)[0].Text
	orig, copyOf := filepath.Join(dir, "wire.txt"), filepath.Join(dir, "wire-copy.txt")
	edited := "Talks go on\n\n" + strings.Replace(story, "officials said", "officials confirmed", 1)
	if err := os.WriteFile(orig, []byte(story), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(copyOf, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	origID, _, _ := strings.Cut(add(orig), "\t")
	stagetest.WaitFor(t, "the original stored", 30*time.Second, func() bool { return records(t, st)[origID] != nil })
	copyID, _, _ := strings.Cut(add(copyOf), "\t")
	stagetest.WaitFor(t, "the copy stored", 30*time.Second, func() bool { return records(t, st)[copyID] != nil })
	recs = records(t, st)
	if c := recs[copyID]; c.DuplicateOf != origID || c.StoryID == "" || c.StoryID != recs[origID].StoryID {
		t.Errorf("copy: duplicate_of %q story %q; original %s story %q", c.DuplicateOf, c.StoryID, origID, recs[origID].StoryID)
	}
}
