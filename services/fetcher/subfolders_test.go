package fetcher

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/tidings-news/tidings/pkg/stage/embedded"
)

// TestPublishesFilesInSubfolders: `cp -r my-articles inbox/` is read: every
// document under a subfolder is published with its path from the inbox as
// its source and moved to the same path under processed/ (or failed/);
// processed/, failed/ and dot folders are not read.
func TestPublishesFilesInSubfolders(t *testing.T) {
	js := startJetStream(t, embedded.Config{}, true)
	h := newHarness(t, js, testConfig(""))
	for name, content := range map[string][]byte{
		"my-articles/ferry.txt":          textDoc,
		"my-articles/2025/march/lib.md":  mdDoc,
		"my-articles/2025/empty.txt":     nil,
		".git/objects/ab.txt":            textDoc,
		"processed/old/already-done.txt": []byte("An article published before; it must not be read again."),
	} {
		path := filepath.Join(h.inbox, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	h.start()
	waitFor(t, 10*time.Second, func() bool { return h.outcomes(OutcomePublished) >= 2 && h.outcomes(OutcomeRejected) >= 1 }, "the subfolders' files")
	var sources []string
	for _, m := range streamDocs(t, js) {
		sources = append(sources, m.doc.Source)
	}
	slices.Sort(sources)
	if want := []string{"my-articles/2025/march/lib.md", "my-articles/ferry.txt"}; !slices.Equal(sources, want) {
		t.Errorf("published sources %v, want %v", sources, want)
	}
	for _, moved := range []string{"processed/my-articles/ferry.txt", "processed/my-articles/2025/march/lib.md",
		"failed/my-articles/2025/empty.txt", "failed/my-articles/2025/empty.txt.reason", ".git/objects/ab.txt", "processed/old/already-done.txt"} {
		if _, err := os.Stat(filepath.Join(h.inbox, moved)); err != nil {
			t.Errorf("%s: %v", moved, err)
		}
	}
}
