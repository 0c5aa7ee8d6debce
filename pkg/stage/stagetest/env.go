package stagetest

import (
	"errors"
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
	dir, err := workspace()
	if err != nil {
		tb.Skip(err)
	}
	return dir
}

// workspace is the folder holding go.work, the working directory or one
// above it.
func workspace() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.work")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.work above the test: not in the Tidings workspace")
		}
		dir = parent
	}
}

// Shared is the folder of the shared corpora and scorer: $TIDINGS_SHARED,
// else ../shared beside the workspace. It may not exist: a caller skips, or
// falls back, when what it reads there is absent.
func Shared() string {
	if dir := os.Getenv("TIDINGS_SHARED"); dir != "" {
		return dir
	}
	root, err := workspace()
	if err != nil {
		return filepath.Join("..", "shared")
	}
	return filepath.Join(root, "..", "shared")
}

// Seeds is the seed articles, Shared()/corpus/seeds/*.txt in name order; a
// test without them is skipped.
func Seeds(tb testing.TB) []string {
	tb.Helper()
	dir := filepath.Join(Shared(), "corpus", "seeds")
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(files) == 0 {
		tb.Skip("no seed articles in " + dir + " (set TIDINGS_SHARED)")
	}
	return files
}
