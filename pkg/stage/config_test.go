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
