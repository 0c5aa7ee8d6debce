package fetcher

import (
	"strings"
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
