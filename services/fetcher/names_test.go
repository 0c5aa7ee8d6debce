package fetcher

import (
	"testing"

	"github.com/tidings-news/tidings/pkg/events"
)

func TestIgnored(t *testing.T) {
	for name, want := range map[string]bool{
		"story.txt": false, "#notes#": true, ".story.txt": true, ".DS_Store": true,
		"story.txt.part": true, "story.TMP": true, ".story.txt.swp": true, "story.txt~": true,
		"download.crdownload": true, "story.partial": true, "partial.txt": false, "#hash.txt": false,
	} {
		if got := ignored(name); got != want {
			t.Errorf("ignored(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestMediaType(t *testing.T) {
	for name, want := range map[string]string{
		"a.txt": events.MediaText, "a.TXT": events.MediaText, "a.md": events.MediaMarkdown,
		"a.markdown": events.MediaMarkdown, "a.html": events.MediaHTML, "a.Htm": events.MediaHTML,
		"a.json": events.MediaJSON, "a.pdf": "", "README": "", "a.txt.gz": "",
	} {
		if got := mediaType(name); got != want {
			t.Errorf("mediaType(%q) = %q, want %q", name, got, want)
		}
	}
}
