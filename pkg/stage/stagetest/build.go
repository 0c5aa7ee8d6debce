package stagetest

import (
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sync"
	"testing"
)

// built holds the binaries Build made in this test run, by package.
var built struct {
	sync.Mutex
	paths map[string]string
}

// Build builds the workspace package pkg (an import path, such as
// github.com/tidings-news/tidings/cmd/tidings) as a static binary, once per
// test run, into a folder that lives as long as the test binary, and
// returns the binary's path.
func Build(tb testing.TB, pkg string) string {
	tb.Helper()
	built.Lock()
	defer built.Unlock()
	if bin, ok := built.paths[pkg]; ok {
		return bin
	}
	dir, err := os.MkdirTemp("", "tidings-bin-")
	if err != nil {
		tb.Fatal(err)
	}
	bin := filepath.Join(dir, path.Base(pkg))
	cmd := exec.Command("go", "build", "-o", bin, pkg)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("go build %s: %v\n%s", pkg, err, out)
	}
	if built.paths == nil {
		built.paths = map[string]string{}
	}
	built.paths[pkg] = bin
	return bin
}
