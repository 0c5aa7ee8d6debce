package deploy

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"

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
func repoRoot(t *testing.T) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("no caller information")
	}
	return filepath.Dir(filepath.Dir(file))
}

// deployDir is the deploy folder, where this module lives.
func deployDir(t *testing.T) string { return filepath.Join(repoRoot(t), "deploy") }

// freePort returns a TCP port on 127.0.0.1 that was free a moment ago.
var freePort = stagetest.FreePort
