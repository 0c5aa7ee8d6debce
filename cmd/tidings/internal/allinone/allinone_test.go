package allinone_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go/jetstream"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/tidings-news/tidings/cmd/tidings/internal/allinone"
	"github.com/tidings-news/tidings/cmd/tidings/internal/allinonetest"
	"github.com/tidings-news/tidings/cmd/tidings/internal/fixtures"
	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
	"github.com/tidings-news/tidings/services/fetcher"
)

// pipeline is a running pipeline with its store open beside the sink (as
// tidings export opens it while up runs).
type pipeline struct {
	*allinonetest.Pipeline
	t *testing.T
}

// drop writes arts into the pipeline's inbox.
func (p *pipeline) drop(arts []fixtures.Article) {
	p.t.Helper()
	if _, err := fixtures.Write(p.Inbox(), arts); err != nil {
		p.t.Fatal(err)
	}
}

// start runs a pipeline on dataDir whose fetcher looks at its inbox often.
func start(t *testing.T, dataDir string) *pipeline {
	t.Helper()
	return startWith(t, dataDir, nil)
}

// startWith is start with the configuration changed by set (nil: none).
func startWith(t *testing.T, dataDir string, set func(*allinone.Config)) *pipeline {
	t.Helper()
	cfg := allinone.Config{
		DataDir: dataDir,
		Common:  stage.CommonConfig{HTTPAddr: "127.0.0.1:0"},
		Fetcher: fetcher.Config{RescanInterval: 200 * time.Millisecond, SettleTime: 50 * time.Millisecond},
	}
	if set != nil {
		set(&cfg)
	}
	return &pipeline{Pipeline: allinonetest.Start(t, cfg), t: t}
}

var (
	// waitFor polls cond until it holds or fails the test.
	waitFor = stagetest.WaitFor
	// count and export read a store's records.
	count  = allinonetest.Count
	export = allinonetest.Export
)

func files(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		if !e.IsDir() {
			names = append(names, e.Name())
		}
	}
	return names
}

func TestPipelineStoresEachArticleOnceWithItsExtraction(t *testing.T) {
	dir := t.TempDir()
	p := start(t, dir)
	arts := fixtures.Generate(25, 1)
	p.drop(arts)
	waitFor(t, "25 records", 30*time.Second, func() bool { return count(t, p.Store()) == 25 })

	recs := export(t, p.Store())
	sources := map[string]bool{}
	for _, r := range recs {
		sources[r.Source] = true
		if !r.Enriched || len(r.Entities) == 0 || len(r.Quotes) == 0 || len(r.Events) == 0 {
			t.Errorf("%s: enriched=%v entities=%d quotes=%d events=%d; want all filled",
				r.Source, r.Enriched, len(r.Entities), len(r.Quotes), len(r.Events))
		}
		if r.ID != events.DocumentID([]byte(fixtureText(arts, r.Source))) {
			t.Errorf("%s: id %s is not the content hash", r.Source, r.ID)
		}
	}
	for _, a := range arts {
		if !sources[a.Name] {
			t.Errorf("%s was not stored", a.Name)
		}
	}
	waitFor(t, "inbox emptied into processed/", 5*time.Second, func() bool {
		return len(files(t, p.Inbox())) == 0 && len(files(t, filepath.Join(p.Inbox(), "processed"))) == 25
	})

	// The same content dropped again is stored once.
	p.drop(arts[:10])
	waitFor(t, "duplicates processed", 15*time.Second, func() bool {
		return len(files(t, filepath.Join(p.Inbox(), "processed"))) == 35
	})
	waitFor(t, "the sink to settle", 10*time.Second, func() bool {
		return scrape(t, p, `tidings_consumer_pending_messages{stage="sink"} 0`) &&
			scrape(t, p, `tidings_consumer_ack_pending_messages{stage="sink"} 0`)
	})
	if n := count(t, p.Store()); n != 25 {
		t.Fatalf("after dropping 10 duplicates the store holds %d records, want 25", n)
	}

	// Every stage reports its own series.
	for _, s := range []string{"parser", "enricher", "sink"} {
		if !scrape(t, p, `tidings_messages_processed_total{outcome="ack",stage="`+s+`"}`) {
			t.Errorf("/metrics has no ack series for %s", s)
		}
	}
	if !scrape(t, p, `tidings_fetcher_files_total{outcome="published"} 35`) {
		t.Error("/metrics: fetcher did not count 35 published files")
	}
}

func fixtureText(arts []fixtures.Article, name string) string {
	for _, a := range arts {
		if a.Name == name {
			return a.Text
		}
	}
	return ""
}

// scrape reports whether /metrics contains the line prefix want.
func scrape(t *testing.T, p *pipeline, want string) bool {
	t.Helper()
	resp, err := http.Get("http://" + p.HTTPAddr() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, line := range strings.Split(string(body), "\n") {
		if strings.HasPrefix(line, want) {
			return true
		}
	}
	return false
}

func TestPoisonDocumentReachesDLQWhileTheRestFlows(t *testing.T) {
	p := start(t, t.TempDir())
	arts := fixtures.Generate(5, 2)
	p.drop(arts[:2])
	// A page with no text passes the inbox's checks and fails in the parser.
	poison := []byte(`<!DOCTYPE html><html><head><script>var x = 1;</script></head><body><script>render()</script></body></html>`)
	if err := os.WriteFile(filepath.Join(p.Inbox(), "empty-page.html"), poison, 0o644); err != nil {
		t.Fatal(err)
	}
	// Undecodable JSON never gets that far: failed/ with the reason.
	if err := os.WriteFile(filepath.Join(p.Inbox(), "broken.json"), []byte(`{"title": "broken", "body": "this JSON never closes`), 0o644); err != nil {
		t.Fatal(err)
	}
	p.drop(arts[2:])
	waitFor(t, "5 good records", 30*time.Second, func() bool { return count(t, p.Store()) == 5 })
	var dl stage.DeadLetter
	waitFor(t, "a dead letter", 10*time.Second, func() bool {
		s, err := p.JetStream().Stream(context.Background(), events.StreamDLQ)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := s.GetMsg(context.Background(), 1)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			return false
		}
		if err != nil {
			t.Fatal(err)
		}
		dl = stage.ReadDeadLetter(raw)
		return true
	})
	if dl.Stage != events.StageParser || dl.DocID != events.DocumentID(poison) || dl.Reason == "" || dl.Error == "" {
		t.Fatalf("dead letter = stage %q doc %q reason %q error %q", dl.Stage, dl.DocID, dl.Reason, dl.Error)
	}
	if dl.Source != "empty-page.html" {
		t.Errorf("dead letter's source %q, want the file's name empty-page.html", dl.Source)
	}
	reason, err := os.ReadFile(filepath.Join(p.Inbox(), "failed", "broken.json.reason"))
	if err != nil || !strings.Contains(string(reason), "invalid_json") {
		t.Errorf("broken.json: reason file %q (%v), want it rejected at the inbox as invalid_json", reason, err)
	}
	if !scrape(t, p, `tidings_dead_letters_total{reason="`+dl.Reason+`",stage="parser"} 1`) {
		t.Error("/metrics does not count the dead letter")
	}
}

func TestGracefulStopMidStreamLosesNothing(t *testing.T) {
	dir := t.TempDir()
	p := start(t, dir)
	arts := fixtures.Generate(200, 3)
	p.drop(arts)
	waitFor(t, "some records", 30*time.Second, func() bool { return count(t, p.Store()) >= 20 })
	if err := p.Stop(); err != nil {
		t.Fatalf("graceful stop: %v", err)
	}
	p2 := start(t, dir)
	waitFor(t, "all 200 after restart", 60*time.Second, func() bool { return count(t, p2.Store()) == 200 })
	if n := len(export(t, p2.Store())); n != 200 {
		t.Fatalf("export has %d records, want 200", n)
	}
}

func TestReadyzReportsEachDependency(t *testing.T) {
	p := start(t, t.TempDir())
	resp, err := http.Get("http://" + p.HTTPAddr() + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/readyz = %d %s", resp.StatusCode, body)
	}
	// The services' own checks, the consumers' included.
	for _, check := range []string{`"nats":"ok"`, `"streams":"ok"`, `"store":"ok"`, `"inbox":"ok"`,
		`"consumer:parser":"ok"`, `"consumer:enricher":"ok"`, `"consumer:sink":"ok"`} {
		if !strings.Contains(string(body), check) {
			t.Errorf("/readyz lacks %s: %s", check, body)
		}
	}
}

func TestStartFailsCleanlyWhenTheNATSPortIsTaken(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, err = allinone.Start(context.Background(), allinone.Config{
		DataDir: t.TempDir(), Common: stage.CommonConfig{HTTPAddr: "127.0.0.1:0"}, NATSListen: ln.Addr().String(),
	}, zaptest.NewLogger(t))
	if err == nil || !strings.Contains(err.Error(), "--nats-listen") {
		t.Fatalf("Start with the NATS port taken: %v", err)
	}
}

// On an external server (kine's "an embedded server by default, an external
// one on request"), with credentials, the pipeline runs as on its own, and
// the stream replicas asked for are the ones declared.
func TestPipelineOnAnExternalServerWithCredentials(t *testing.T) {
	ns := stagetest.StartServer(t, &server.Options{Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: t.TempDir(),
		NoSigs: true, NoLog: true, Username: "tidings", Password: "s3cret"})
	common := stage.CommonConfig{HTTPAddr: "127.0.0.1:0", StreamReplicas: 1,
		NATS: stage.NATSConfig{URL: ns.ClientURL(), User: "tidings", Password: "wrong"}}
	cfg := allinone.Config{DataDir: t.TempDir(), Common: common,
		Fetcher: fetcher.Config{RescanInterval: 200 * time.Millisecond, SettleTime: 50 * time.Millisecond}}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if _, err := allinone.Start(ctx, cfg, zap.NewNop()); err == nil {
		t.Fatal("started with a wrong password")
	}
	cfg.Common.NATS.Password = "s3cret"
	p := allinonetest.Start(t, cfg)
	if p.NATSURL() != ns.ClientURL() {
		t.Errorf("NATS URL %q, want the external %q", p.NATSURL(), ns.ClientURL())
	}
	if _, err := os.Stat(filepath.Join(cfg.DataDir, "nats")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("an embedded store was made beside the external server: %v", err)
	}
	if _, err := fixtures.Write(p.Inbox(), fixtures.Generate(3, 5)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "3 records", 30*time.Second, func() bool { return count(t, p.Store()) == 3 })
}
