package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHelpSaysWhatEachCommandDoes: every command's -h exits 0 and says
// what it takes, in words a new user can act on.
func TestHelpSaysWhatEachCommandDoes(t *testing.T) {
	cases := []struct {
		args []string
		want []string
		not  []string
	}{
		{[]string{"export", "--help"}, []string{"-data-dir string", "tidings up ran with"}, []string{"-data-dir tidings up"}},
		{[]string{"extract", "--help"}, []string{"FILE", "DIR", "standard input"}, nil},
		{[]string{"dlq", "--help"}, []string{"tidings dlq list", "tidings dlq replay", "--nats-user admin"}, []string{"unknown subcommand"}},
		{[]string{"dlq", "list", "--help"}, []string{"-stage string", "-json"}, nil},
		{[]string{"up", "--help"}, []string{"/api/v1", "/metrics", "-data-dir"}, nil},
		{[]string{"nats-metrics", "--help"}, []string{"-nats-monitor-url", "/metrics", "nats_varz_"}, nil},
		{[]string{"watch", "--help"}, []string{"tidings watch events", "--from-start"}, nil},
		{[]string{"healthcheck", "--help"}, []string{"/healthz", "-http-addr"}, []string{"Usage of"}},
		{[]string{"add", "--help"}, []string{"-feed", "-source"}, []string{"env TIDINGS_FEED", "env TIDINGS_SOURCE", "env TIDINGS_TYPE", "env TIDINGS_URL", "env TIDINGS_PUBLISHED", "env TIDINGS_INTERVAL"}},
	}
	for _, c := range cases {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), c.args, &stdout, &stderr)
		out := stdout.String() + stderr.String()
		if code != 0 {
			t.Errorf("%v: exit %d, want 0: %s", c.args, code, out)
		}
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: help lacks %q:\n%s", c.args, w, out)
			}
		}
		for _, w := range c.not {
			if strings.Contains(out, w) {
				t.Errorf("%v: help says %q:\n%s", c.args, w, out)
			}
		}
	}
}

// TestExtractFolderAndStdin: a folder is every document under it (sources
// named by their path in it; other files skipped with a note), and - is a
// document on standard input, its format told from its content.
func TestExtractFolderAndStdin(t *testing.T) {
	dir := t.TempDir()
	text := "Prime Minister Jane Doolittle met President Arlo Finch in Paris on Monday to discuss trade.\n"
	for name, body := range map[string]string{
		"a.txt":          text,
		"sub/b.md":       "# Talks in Paris\n\n" + text,
		"notes.pdf":      "%PDF-1.4",
		"sub/deep/c.htm": "<html><body><p>" + text + "</p></body></html>",
	} {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr bytes.Buffer
	stdin := strings.NewReader("<!DOCTYPE html><html><head><title>Talks</title></head><body><p>" + text + "</p></body></html>")
	code := cmdExtract(context.Background(), []string{dir, "-"}, stdin, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("extract DIR -: exit %d: %s", code, stderr.String())
	}
	var sources []string
	dec := json.NewDecoder(&stdout)
	for {
		var rec struct {
			Source    string `json:"source"`
			MediaType string `json:"media_type"`
		}
		if err := dec.Decode(&rec); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, rec.Source)
		if rec.Source == "stdin" && rec.MediaType != "text/html" {
			t.Errorf("stdin's media type %q, want text/html (told from the content)", rec.MediaType)
		}
	}
	if strings.Join(sources, " ") != "a.txt sub/b.md sub/deep/c.htm stdin" {
		t.Errorf("sources %v, want a.txt sub/b.md sub/deep/c.htm stdin", sources)
	}
	if !strings.Contains(stderr.String(), "notes.pdf: skipped") {
		t.Errorf("the unsupported file is not mentioned: %s", stderr.String())
	}
}
