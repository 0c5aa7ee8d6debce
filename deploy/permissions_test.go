package deploy

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/tidings-news/tidings/pkg/stage/stagetest"
)

// natsWithConfig runs an in-process NATS server on the users and
// permissions of deploy/nats/nats.conf (passwords "<user>-test"), with its
// store in a temporary folder and a free client port; it returns the URL.
func natsWithConfig(t *testing.T) string {
	t.Helper()
	return natsServerWithConfig(t, false).ClientURL()
}

// natsServerWithConfig is natsWithConfig's server, with its monitoring
// port (nats.conf's http_port) moved to a free port when monitor is set,
// else off.
func natsServerWithConfig(t *testing.T, monitor bool) *server.Server {
	t.Helper()
	for _, u := range []string{"FETCHER", "PARSER", "ENRICHER", "SINK", "ADMIN"} {
		t.Setenv("NATS_"+u+"_PASSWORD", strings.ToLower(u)+"-test")
	}
	opts, err := server.ProcessConfigFile(filepath.Join(deployDir(t), "nats", "nats.conf"))
	if err != nil {
		t.Fatal(err)
	}
	opts.Host, opts.Port = "127.0.0.1", freePort(t)
	opts.HTTPPort = 0
	if monitor {
		opts.HTTPHost, opts.HTTPPort = "127.0.0.1", freePort(t)
	}
	opts.StoreDir = t.TempDir()
	opts.NoSigs, opts.NoLog = true, true
	return stagetest.StartServer(t, opts).Server
}

// TestStagesUnderNATSPermissions runs the four stage binaries against a
// server with the compose stack's users and least-privilege permissions
// (nats.conf, users.conf) and drops a small document and one over the
// server's 1 MiB message limit: its article and its enriched record are
// over the limit too, so every stage writes or reads a claim check in the
// object store under its own user. Both must be stored and the DLQ empty.
func TestStagesUnderNATSPermissions(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the stage binaries; skipped with -short")
	}
	url := natsWithConfig(t)
	tmp := t.TempDir()
	inbox := filepath.Join(tmp, "inbox")
	storeURL := "sqlite://" + filepath.Join(tmp, "tidings.db")
	stageArgs := map[string][]string{
		"fetcher":  {"--inbox", inbox, "--settle-time", "50ms", "--rescan-interval", "1s"},
		"parser":   nil,
		"enricher": nil,
		"sink":     {"--store-url", storeURL, "--webhook-allow-private"},
	}
	httpAddr := map[string]string{}
	for _, name := range []string{"fetcher", "parser", "enricher", "sink"} {
		bin := goBuild(t, "services/"+name+"/cmd/"+name)
		httpAddr[name] = fmt.Sprintf("127.0.0.1:%d", freePort(t))
		args := append([]string{"--nats-url", url, "--nats-user", name, "--nats-password", name + "-test",
			"--http-addr", httpAddr[name], "--log-format", "console"}, stageArgs[name]...)
		startProcess(t, filepath.Join(tmp, name+".log"), bin, args...)
	}
	// A webhook subscription: the sink declares its consumer on the events
	// stream, pulls, acknowledges (and could dead-letter) under its own user.
	var hooks atomic.Int64
	receiver := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hooks.Add(1) }))
	defer receiver.Close()
	waitFor(t, "the sink's API", 30*time.Second, 100*time.Millisecond, func() error {
		resp, err := http.Post("http://"+httpAddr["sink"]+"/api/v1/subscriptions", "application/json",
			strings.NewReader(`{"subject": "tidings.events.v1.>", "url": "`+receiver.URL+`", "secret": "a-secret-of-16-chars"}`))
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			b, _ := io.ReadAll(resp.Body)
			return fmt.Errorf("subscribe: %d %s", resp.StatusCode, b)
		}
		return nil
	})
	waitFor(t, "the inbox", 30*time.Second, 100*time.Millisecond, func() error {
		_, err := os.Stat(filepath.Join(inbox, "processed"))
		return err
	})

	bigTitle, big := largeDocument()
	if err := os.WriteFile(filepath.Join(inbox, "small.txt"), []byte(article(1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(inbox, "big.txt"), big, 0o644); err != nil {
		t.Fatal(err)
	}

	tidings := goBuild(t, "cmd/tidings")
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	waitFor(t, "both documents stored", 2*time.Minute, time.Second, func() error {
		out, err := exec.CommandContext(ctx, tidings, "export", "--store-url", storeURL).Output()
		if err != nil {
			return err
		}
		var titles []string
		sc := bufio.NewScanner(bytes.NewReader(out))
		sc.Buffer(nil, 64<<20)
		for sc.Scan() {
			var rec struct {
				Title string `json:"title"`
				Body  string `json:"body"`
			}
			if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
				return err
			}
			if rec.Title == bigTitle && len(rec.Body) < 1_200_000 {
				return fmt.Errorf("the large document was stored with a body of %d bytes", len(rec.Body))
			}
			titles = append(titles, rec.Title)
		}
		if len(titles) != 2 {
			return fmt.Errorf("stored %q, want the two documents", titles)
		}
		return checkNoDeadLetters(ctx, tidings, url)
	})
	t.Logf("both documents stored %s after they were dropped", time.Since(start).Round(time.Millisecond))
	waitFor(t, "the events on the webhook", 30*time.Second, 100*time.Millisecond, func() error {
		if hooks.Load() == 0 {
			return errors.New("no event delivered")
		}
		return checkNoDeadLetters(ctx, tidings, url)
	})
	// Both of the subscription's consumers (webhook-<id> on the events
	// stream, webhook-redeliver-<id> on the DLQ stream) under the sink's user.
	if log, _ := os.ReadFile(filepath.Join(tmp, "sink.log")); bytes.Contains(log, []byte("webhook consumer not ready")) {
		t.Errorf("the sink could not declare a webhook consumer under its permissions:\n%s", tail(log, 2048))
	}
}

// largeDocument is a 1.3 MB text document (over NATS's 1 MiB message
// limit, and so are its article and enriched record) and its title.
func largeDocument() (title string, doc []byte) {
	title = "Long report on the harbour"
	var b strings.Builder
	b.WriteString(title + "\n\n")
	for i := 0; b.Len() < 1_300_000; i++ {
		fmt.Fprintf(&b, "Paragraph %d: the harbour master of Marseille said on Wednesday that %d ships had waited outside the port.\n\n", i, i%97)
	}
	return title, []byte(b.String())
}

// checkNoDeadLetters fails unless `tidings dlq list` (as the admin user)
// finds the DLQ empty.
func checkNoDeadLetters(ctx context.Context, tidings, url string) error {
	out, err := exec.CommandContext(ctx, tidings, "dlq", "list", "--json",
		"--nats-url", url, "--nats-user", "admin", "--nats-password", "admin-test").CombinedOutput()
	if err != nil {
		return fmt.Errorf("tidings dlq list: %v: %s", err, out)
	}
	if s := strings.TrimSpace(string(out)); s != "" {
		return fmt.Errorf("dead letters: %s", tail(out, 2048))
	}
	return nil
}
