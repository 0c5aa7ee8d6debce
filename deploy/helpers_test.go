package deploy

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/tidings-news/tidings/pkg/stage/stagetest"
)

// inCI reports whether the tests run in CI (CI=true), where a missing tool
// is a failure rather than a reason to skip.
func inCI() bool {
	v, _ := strconv.ParseBool(os.Getenv("CI"))
	return v
}

// requireTool returns the path of an external program. When it is missing
// the test fails under CI=true and is skipped, with the way to install it,
// elsewhere.
func requireTool(t *testing.T, name, install string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if inCI() {
		t.Fatalf("%s not found (CI=true, so this is a failure): %s", name, install)
	}
	t.Skipf("%s not found; skipping (install: %s; under CI=true this fails)", name, install)
	return ""
}

// requireDocker checks that a Docker engine answers, like requireTool.
func requireDocker(t *testing.T) {
	t.Helper()
	requireTool(t, "docker", "a Docker engine")
	if out, err := exec.Command("docker", "version", "--format", "{{.Server.Version}}").CombinedOutput(); err != nil {
		if inCI() {
			t.Fatalf("docker engine unreachable (CI=true): %v\n%s", err, out)
		}
		t.Skipf("docker engine unreachable; skipping: %v", err)
	}
}

// repoRoot is the repository root (the parent of this module).
func repoRoot(t *testing.T) string { return stagetest.RepoRoot(t) }

// deployDir is the deploy folder, where this module lives.
func deployDir(t *testing.T) string { return filepath.Join(repoRoot(t), "deploy") }

// freePort returns a TCP port on 127.0.0.1 that was free a moment ago.
var freePort = stagetest.FreePort

// goBuild builds pkg (relative to the repository root) once per test run
// and returns the binary's path.
func goBuild(t *testing.T, pkg string) string {
	return stagetest.Build(t, "github.com/tidings-news/tidings/"+pkg)
}

// startProcess starts a long-running program whose output goes to a log
// file; the cleanup stops it with SIGINT (then kills it) and prints the log
// when the test failed.
func startProcess(t *testing.T, logPath string, name string, args ...string) *exec.Cmd {
	t.Helper()
	logf, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(25 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		logf.Close()
		if t.Failed() {
			b, _ := os.ReadFile(logPath)
			t.Logf("--- %s log (last 4 KiB):\n%s", filepath.Base(name), tail(b, 4096))
		}
	})
	return cmd
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}

// httpGet returns the body of a 200 answer.
var httpGet = stagetest.HTTPGet

// waitFor polls cond every interval until it returns nil or timeout passes.
var waitFor = stagetest.Eventually

// article is a small generated news article; n makes each one unique.
func article(n int) string {
	cities := []string{"PARIS", "BERLIN", "MADRID", "ROME", "GENEVA", "LONDON"}
	return fmt.Sprintf(`Talks resume over trade agreement, round %d

%s (Reuters) - Foreign ministers from France and Germany met on Tuesday to resume talks on the trade agreement, officials said, in round %d of the negotiations.

"We will reach an agreement before the summer," said Jean Dupont, the French foreign minister, after the meeting. He said the talks had been constructive.

The European Commission welcomed the meeting and said it would present a proposal next month.
`, n, cities[n%len(cities)], n)
}
