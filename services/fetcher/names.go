package fetcher

import (
	"path/filepath"
	"strings"

	"github.com/tidings-news/tidings/pkg/events"
)

// tempSuffixes mark files that a writer has not finished yet (downloads,
// editor swap files, copies in progress).
var tempSuffixes = []string{".part", ".partial", ".tmp", ".temp", ".swp", ".swo", ".swx", ".crdownload", ".download", "~"}

// ignored reports whether name is not a document at all but a dotfile or a
// temporary file; such files are left alone, neither published nor rejected.
func ignored(name string) bool {
	if name == "" || strings.HasPrefix(name, ".") {
		return true
	}
	// Emacs auto-save files: #name#.
	if len(name) > 1 && strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#") {
		return true
	}
	lower := strings.ToLower(name)
	for _, s := range tempSuffixes {
		if strings.HasSuffix(lower, s) {
			return true
		}
	}
	return false
}

// mediaTypes maps accepted extensions to their events.Media* type.
var mediaTypes = map[string]string{
	".txt":      events.MediaText,
	".text":     events.MediaText,
	".md":       events.MediaMarkdown,
	".markdown": events.MediaMarkdown,
	".html":     events.MediaHTML,
	".htm":      events.MediaHTML,
	".json":     events.MediaJSON,
}

// mediaType is the media type of a file name by its extension (case
// insensitive), or "" when the extension is not accepted.
func mediaType(name string) string {
	return mediaTypes[strings.ToLower(filepath.Ext(name))]
}
