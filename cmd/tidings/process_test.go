package main_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tidings-news/tidings/cmd/tidings/internal/fanouttest"
	"github.com/tidings-news/tidings/cmd/tidings/internal/fixtures"
	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
)

// binary builds the tidings command once per test run.
func binary(t testing.TB) string {
	return stagetest.Build(t, "github.com/tidings-news/tidings/cmd/tidings")
}

// freeAddr is an address on 127.0.0.1 that was free a moment ago.
func freeAddr(t testing.TB) string {
	t.Helper()
	return fmt.Sprintf("127.0.0.1:%d", stagetest.FreePort(t))
}

// proc is a running binary of the project, serving HTTP on http.
type proc struct {
	name string
	cmd  *exec.Cmd
	http string
	logs *bytes.Buffer
	// exited is closed when the process has exited; err is then its result.
	exited chan struct{}
	err    error
}

// start runs bin with args and extra environment, its output kept for the
// test log on failure; the process is killed when the test ends.
func start(t *testing.T, name, bin, httpAddr string, args, env []string) *proc {
	t.Helper()
	p := &proc{name: name, http: httpAddr, logs: &bytes.Buffer{}, exited: make(chan struct{})}
	p.cmd = exec.Command(bin, args...)
	p.cmd.Env = append(os.Environ(), env...)
	p.cmd.Stdout, p.cmd.Stderr = p.logs, p.logs
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = p.cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		<-p.exited
		if t.Failed() {
			t.Logf("%s output:\n%s", name, p.logs)
		}
	})
	return p
}

// ready reports whether the process answers /readyz with 200.
func (p *proc) ready() bool {
	resp, err := http.Get("http://" + p.http + "/readyz")
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// terminate sends the process SIGTERM.
func (p *proc) terminate(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
}

// exit waits up to d for the process to end and returns its result (nil
// for exit status 0), or an error when it is still running.
func (p *proc) exit(d time.Duration) error {
	select {
	case <-p.exited:
		return p.err
	case <-time.After(d):
		return fmt.Errorf("did not exit within %s", d)
	}
}

// up runs `tidings up` on dataDir and waits until it is ready.
func up(t *testing.T, dataDir string) *proc {
	t.Helper()
	return upListening(t, dataDir, "")
}

// upListening is up with the embedded NATS server listening on natsAddr
// ("": in-process only).
func upListening(t *testing.T, dataDir, natsAddr string) *proc {
	t.Helper()
	addr := freeAddr(t)
	p := start(t, "tidings up", binary(t), addr,
		[]string{"up", "--data-dir", dataDir, "--http-addr", addr, "--nats-listen", natsAddr, "--log-format", "json", "--log-level", "warn"},
		[]string{"TIDINGS_SETTLE_TIME=50ms"})
	waitFor(t, "/readyz", 30*time.Second, p.ready)
	return p
}

// waitFor polls cond until it holds or fails the test.
var waitFor = stagetest.WaitFor

// exportRecords runs `tidings export` and decodes its JSON Lines.
func exportRecords(t *testing.T, dataDir string) []events.EnrichedArticle {
	t.Helper()
	out, err := exec.Command(binary(t), "export", "--data-dir", dataDir).Output()
	if err != nil {
		t.Fatalf("tidings export: %v", err)
	}
	var recs []events.EnrichedArticle
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var r events.EnrichedArticle
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("export line is not a record: %v", err)
		}
		recs = append(recs, r)
	}
	return recs
}

// upFed runs `tidings up` on a new data folder and drops n generated
// articles (seed) into its inbox; it skips the test with -short.
func upFed(t *testing.T, n int, seed uint64) (dir string, p *proc, arts []fixtures.Article) {
	t.Helper()
	if testing.Short() {
		t.Skip("process test")
	}
	dir = t.TempDir()
	p = up(t, dir)
	arts = fixtures.Generate(n, seed)
	drop(t, dir, arts)
	return dir, p, arts
}

// drop writes arts into the inbox of dataDir.
func drop(t *testing.T, dataDir string, arts []fixtures.Article) {
	t.Helper()
	if _, err := fixtures.Write(filepath.Join(dataDir, "inbox"), arts); err != nil {
		t.Fatal(err)
	}
}

func TestHardKillMidStreamThenRestartStoresEachDocumentOnce(t *testing.T) {
	dir, p, arts := upFed(t, 300, 11)
	waitFor(t, "some records", 60*time.Second, func() bool { return len(exportRecords(t, dir)) >= 30 })
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-p.exited
	stored := len(exportRecords(t, dir))
	t.Logf("killed with %d of %d stored", stored, len(arts))

	natsAddr := freeAddr(t)
	upListening(t, dir, natsAddr)
	waitFor(t, "all 300 after restart", 90*time.Second, func() bool { return len(exportRecords(t, dir)) >= len(arts) })
	recs := exportRecords(t, dir)
	seen := map[string]int{}
	for _, r := range recs {
		seen[r.Source]++
	}
	for _, a := range arts {
		if seen[a.Name] != 1 {
			t.Errorf("%s stored %d times, want exactly once", a.Name, seen[a.Name])
		}
	}
	if len(recs) != len(arts) {
		t.Fatalf("%d records for %d documents", len(recs), len(arts))
	}
	// The enricher was killed mid-stream too: still every event, entity and
	// quote of every record on its subject exactly once.
	_, js := stagetest.Connect(t, "nats://"+natsAddr)
	ptrs := make([]*events.EnrichedArticle, len(recs))
	for i := range recs {
		ptrs[i] = &recs[i]
	}
	time.Sleep(500 * time.Millisecond) // the last record's fan-out may still be in flight
	s := fanouttest.Check(t, js, ptrs)
	t.Logf("fan-out after the kill: %d events, %d entities, %d quotes, each once", len(s.Events), len(s.Entities), len(s.Quotes))
}

func TestSIGTERMExitsZeroAndRestartKeepsRecords(t *testing.T) {
	dir, p, arts := upFed(t, 4, 5)
	waitFor(t, "4 records", 30*time.Second, func() bool { return len(exportRecords(t, dir)) == 4 })
	p.terminate(t)
	if err := p.exit(30 * time.Second); err != nil {
		t.Fatalf("tidings up on SIGTERM: %v\n%s", err, p.logs)
	}

	// Start again and drop the same files: still 4 records.
	up(t, dir)
	drop(t, dir, arts)
	waitFor(t, "the duplicates to be processed", 30*time.Second, func() bool {
		ents, _ := os.ReadDir(filepath.Join(dir, "inbox", "processed"))
		return len(ents) == 8
	})
	time.Sleep(time.Second)
	if n := len(exportRecords(t, dir)); n != 4 {
		t.Fatalf("after dropping the same files again: %d records, want 4", n)
	}
}

func TestExtractPrintsOneRecordPerFile(t *testing.T) {
	dir := t.TempDir()
	paths, err := fixtures.Write(dir, fixtures.Generate(3, 9))
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(binary(t), append([]string{"extract"}, paths...)...).Output()
	if err != nil {
		t.Fatalf("tidings extract: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines for 3 files", len(lines))
	}
	for i, l := range lines {
		var r events.EnrichedArticle
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		if r.Source != filepath.Base(paths[i]) || len(r.Entities) == 0 {
			t.Errorf("line %d: source %q, %d entities", i, r.Source, len(r.Entities))
		}
	}
	// A file of an unsupported type is an error naming the file, and the others still print.
	bad := filepath.Join(dir, "notes.pdf")
	_ = os.WriteFile(bad, []byte("%PDF"), 0o644)
	cmd := exec.Command(binary(t), "extract", paths[0], bad)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err = cmd.Output()
	if err == nil || !strings.Contains(stderr.String(), "notes.pdf") || strings.Count(string(out), "\n") != 1 {
		t.Fatalf("extract with a bad file: err=%v stderr=%q lines=%d", err, stderr.String(), strings.Count(string(out), "\n"))
	}
}

func TestVersionAndUsage(t *testing.T) {
	out, err := exec.Command(binary(t), "version").Output()
	if err != nil || !strings.HasPrefix(string(out), "tidings ") {
		t.Fatalf("version: %q %v", out, err)
	}
	err = exec.Command(binary(t), "frobnicate").Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 {
		t.Fatalf("unknown command: %v, want exit 2", err)
	}
}

func TestExportRefusesAMissingDatabase(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(binary(t), "export", "--data-dir", filepath.Join(dir, "typo"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err == nil || !strings.Contains(stderr.String(), "no database at") {
		t.Fatalf("export of a missing data dir: err=%v stderr=%q", err, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "typo")); !os.IsNotExist(err) {
		t.Fatal("export created the folder it was asked to read")
	}
}

// As a user would: tidings up, `tidings watch events --root 04 --format
// text` in another terminal, articles dropped into the inbox: the meetings
// appear live, nothing else, and Ctrl-C ends the watch with exit 0.
func TestWatchFollowsUpLiveAndExitsZeroOnCtrlC(t *testing.T) {
	if testing.Short() {
		t.Skip("process test")
	}
	dir := t.TempDir()
	natsAddr := freeAddr(t)
	upListening(t, dir, natsAddr)
	w := start(t, "tidings watch", binary(t), "", []string{"watch", "events", "--root", "04", "--format", "text",
		"--nats-url", "nats://" + natsAddr}, nil)
	time.Sleep(time.Second) // the consumer is up well before the first article is through
	drop(t, dir, fixtures.Generate(5, 3))
	waitFor(t, "5 records", 60*time.Second, func() bool { return len(exportRecords(t, dir)) == 5 })
	meetings := 0
	for _, r := range exportRecords(t, dir) {
		for _, e := range r.Events {
			if e.RootCode == "04" {
				meetings++
			}
		}
	}
	if meetings == 0 {
		t.Fatal("the fixtures have no meetings (CAMEO 04) to watch")
	}
	waitFor(t, "the meetings on the watch", 10*time.Second, func() bool { return strings.Count(w.logs.String(), "\n") >= meetings })
	if err := w.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case <-w.exited:
	case <-time.After(10 * time.Second):
		t.Fatal("watch did not stop on SIGINT")
	}
	if w.err != nil {
		t.Errorf("watch exited with %v on SIGINT, want 0\n%s", w.err, w.logs)
	}
	lines := strings.Split(strings.TrimSpace(w.logs.String()), "\n")
	if len(lines) != meetings {
		t.Errorf("%d lines for %d meetings:\n%s", len(lines), meetings, w.logs)
	}
	for _, l := range lines {
		if _, rest, ok := strings.Cut(l, "  "); !ok || !strings.HasPrefix(rest, "04 04") {
			t.Errorf("not a meeting line: %q", l)
		}
	}
}
