package parser

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
)

func TestSeeds(t *testing.T) {
	for _, f := range stagetest.Seeds(t) {
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
