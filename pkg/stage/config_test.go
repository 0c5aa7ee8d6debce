package stage

import (
	"flag"
	"io"
	"os"
	"strings"
	"testing"
)

// TestDefault gives a common flag a stage's own default: the flag and its
// help take it, the environment and the command line still win.
func TestDefault(t *testing.T) {
	cases := []struct {
		name string
		env  string
		args []string
		want int
	}{
		{"stage default", "", nil, 64},
		{"environment", "8", nil, 8},
		{"command line", "8", []string{"-concurrency", "4"}, 4},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.env != "" {
				t.Setenv(EnvName("concurrency"), c.env)
			} else {
				unsetenv(t, EnvName("concurrency"))
			}
			fs := flag.NewFlagSet("sink", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			f := NewFlags(fs)
			var cfg CommonConfig
			cfg.Bind(f, ":0")
			f.Default("concurrency", "64")
			if err := fs.Parse(c.args); err != nil {
				t.Fatal(err)
			}
			if err := f.Err(); err != nil {
				t.Fatal(err)
			}
			if cfg.Concurrency != c.want {
				t.Errorf("concurrency %d, want %d", cfg.Concurrency, c.want)
			}
		})
	}
	fs := flag.NewFlagSet("sink", flag.ContinueOnError)
	f := NewFlags(fs)
	var cfg CommonConfig
	cfg.Bind(f, ":0")
	unsetenv(t, EnvName("concurrency"))
	f.Default("concurrency", "64")
	if got := fs.Lookup("concurrency").DefValue; got != "64" {
		t.Errorf("help shows default %s, want 64", got)
	}
	f.Default("no-such-flag", "1")
	f.Default("concurrency", "many")
	if err := f.Err(); err == nil || !strings.Contains(err.Error(), "no-such-flag") || !strings.Contains(err.Error(), "many") {
		t.Errorf("Err() = %v, want both bad defaults reported", err)
	}
}

// unsetenv unsets k for the rest of t.
func unsetenv(t *testing.T, k string) {
	t.Setenv(k, "") // restores the old value when t ends
	if err := os.Unsetenv(k); err != nil {
		t.Fatal(err)
	}
}

// Renamed flags bind under the new name, read the new name's environment
// variable, and report their errors with the rest.
func TestRenamed(t *testing.T) {
	fs := flag.NewFlagSet("up", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f := NewFlags(fs)
	var common CommonConfig
	common.Bind(f, ":0")
	sink := f.Renamed(func(n string) string { return "sink-" + n })
	var storeURL string
	var sinkConcurrency int
	t.Setenv("TIDINGS_SINK_STORE_URL", "postgres://db/x")
	unsetenv(t, "TIDINGS_SINK_CONCURRENCY")
	t.Setenv("TIDINGS_STORE_URL", "sqlite://ignored.db")
	sink.String(&storeURL, "store-url", "sqlite://a.db", "store")
	sink.Int(&sinkConcurrency, "concurrency", 128, "records at once")
	sink.Default("concurrency", "64")
	if err := fs.Parse([]string{"--sink-concurrency", "32", "--concurrency", "8"}); err != nil {
		t.Fatal(err)
	}
	if storeURL != "postgres://db/x" || sinkConcurrency != 32 || common.Concurrency != 8 {
		t.Errorf("store %q, sink concurrency %d, concurrency %d", storeURL, sinkConcurrency, common.Concurrency)
	}
	if fs.Lookup("store-url") != nil || fs.Lookup("sink-store-url") == nil {
		t.Error("the flag was not bound under its new name only")
	}
	t.Setenv("TIDINGS_SINK_MAX", "lots")
	var max int
	sink.Int(&max, "max", 1, "")
	if err := f.Err(); err == nil || !strings.Contains(err.Error(), "TIDINGS_SINK_MAX") {
		t.Errorf("Err() = %v, want the renamed variable's error", err)
	}
}
