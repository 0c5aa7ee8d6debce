package fetcher

import (
	"testing"
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
