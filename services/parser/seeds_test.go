package parser

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tidings-news/tidings/pkg/events"
)

// seedsDir is the shared seed corpus, relative to the module root
// (services/parser), outside the repository.
const seedsDir = "../../../shared/corpus/seeds"

// seedFiles returns the seed articles, skipping the test when they are absent.
func seedFiles(tb testing.TB) []string {
	tb.Helper()
	files, _ := filepath.Glob(filepath.Join(seedsDir, "*.txt"))
	if len(files) == 0 {
		tb.Skipf("no seed corpus at %s", seedsDir)
	}
	return files
}

func TestSeeds(t *testing.T) {
	for _, f := range seedFiles(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			content, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			doc := &events.Document{ID: events.DocumentID(content), Source: filepath.Base(f), MediaType: events.MediaText}
			a, err := Parse(doc, content)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			checkInvariants(t, a)
			if a.Language != "en" {
				t.Errorf("language = %q, want en", a.Language)
			}
			if a.Title != "" {
				t.Errorf("title = %q, want none (seeds have no title line)", a.Title)
			}
			for _, line := range strings.Split(a.Body, "\n") {
				l := strings.ToLower(line)
				if strings.Contains(l, "open image in gallery") || strings.HasSuffix(l, "pa wire )") || strings.HasSuffix(l, "/pa wire") {
					t.Errorf("caption left in body: %q", line)
				}
			}
			if testing.Verbose() {
				t.Logf("%d paragraphs, %d sentences, boilerplate %q", len(a.Paragraphs), len(a.Sentences), a.Boilerplate)
			}
		})
	}
}
