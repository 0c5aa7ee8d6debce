package stagetest

import (
	"os"
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
