package stagetest

import (
	"os"
	"path/filepath"
	"testing"
)

// Getenv is the value of the environment variable name; a test that needs
// it (a corpus, an output file, a development aid) is skipped with why when
// it is unset or empty.
func Getenv(tb testing.TB, name, why string) string {
	tb.Helper()
	v := os.Getenv(name)
	if v == "" {
		tb.Skip(name + " not set: " + why)
	}
	return v
}

// RepoRoot is the folder holding go.work, the working directory or one
// above it; a test run outside the Tidings workspace is skipped.
func RepoRoot(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.work")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("no go.work above the test: not in the Tidings workspace")
		}
		dir = parent
	}
}
