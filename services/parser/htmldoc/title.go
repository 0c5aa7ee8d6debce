package htmldoc

import "strings"

// TitleSeparators part a headline from the site or author name in a title,
// the most common first (the parser's one table of them). Read-only.
var TitleSeparators = []string{" | ", " - ", " — ", " – ", " :: ", " · "}

// stripTitleSuffix removes a trailing " | Site" or " - Author" from title
// when the suffix is one of names (site names, the byline).
func stripTitleSuffix(title string, names ...string) string {
	for _, sep := range TitleSeparators {
		i := strings.LastIndex(title, sep)
		if i <= 0 {
			continue
		}
		suffix := strings.TrimSpace(title[i+len(sep):])
		for _, n := range names {
			if n != "" && strings.EqualFold(suffix, strings.TrimSpace(n)) {
				return strings.TrimSpace(title[:i])
			}
		}
	}
	return title
}
