package lexicon

import (
	"fmt"
	"io/fs"
	"strings"
)

// splitAlts splits a |-separated list of alternatives.
func splitAlts(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, a := range strings.Split(s, "|") {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}

// readWords adds every whitespace-separated word of a word file to set,
// under key(word). Lines starting with # are comments.
func readWords(fsys fs.FS, name string, set *Words, key func(string) string) error {
	b, err := fs.ReadFile(fsys, "data/"+name)
	if err != nil {
		return fmt.Errorf("lexicon %s: %w", name, err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "#") {
			continue
		}
		for _, w := range strings.Fields(l) {
			set.add(key(w))
		}
	}
	if set.Len() == 0 {
		return fmt.Errorf("lexicon %s: no words", name)
	}
	return nil
}
