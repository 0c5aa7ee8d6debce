// Package markdown reads a Markdown article into a draft: a first heading (or
// a front-matter title) becomes the title, markup is stripped from the text,
// links keep their text, list items and block quotes become paragraphs.
package markdown

import (
	"strings"

	"github.com/tidings-news/tidings/services/parser/draft"
	"github.com/tidings-news/tidings/services/parser/meta"
	"github.com/tidings-news/tidings/services/parser/text"
)

// Read converts Markdown source into a draft.
func Read(src string) draft.Draft {
	var d draft.Draft
	lines := text.Lines(src)
	lines = frontMatter(lines, &d)
	var para []string
	flush := func() {
		if len(para) > 0 {
			// Lines of one Markdown paragraph are soft-wrapped: join them.
			d.Paragraphs = append(d.Paragraphs, strings.Join(para, " "))
			para = nil
		}
	}
	seenText := false
	fence := ""
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		trimmed := strings.TrimSpace(line)
		if fence != "" {
			if strings.HasPrefix(trimmed, fence) {
				fence = ""
				flush()
				continue
			}
			para = append(para, line)
			continue
		}
		switch {
		case trimmed == "":
			flush()
			continue
		case strings.HasPrefix(trimmed, "```"), strings.HasPrefix(trimmed, "~~~"):
			flush()
			fence = trimmed[:3]
			continue
		case isRule(trimmed):
			flush()
			continue
		case isLinkDefinition(trimmed):
			continue
		}
		if level, h := atxHeading(trimmed); level > 0 {
			flush()
			h = Inline(h)
			if !seenText && d.Title == "" && h != "" {
				d.Title = h
			} else if h != "" {
				d.Paragraphs = append(d.Paragraphs, h)
			}
			seenText = true
			continue
		}
		if i+1 < len(lines) && len(para) == 0 && isSetextUnderline(strings.TrimSpace(lines[i+1])) {
			h := Inline(trimmed)
			if !seenText && d.Title == "" {
				d.Title = h
			} else {
				d.Paragraphs = append(d.Paragraphs, h)
			}
			seenText = true
			i++
			continue
		}
		seenText = true
		content, item := blockContent(trimmed)
		if item {
			flush()
		}
		if alt, ok := imageLine(content); ok {
			// A picture on its own line: its alt text is a caption.
			if alt != "" {
				d.Boilerplate = append(d.Boilerplate, alt)
			}
			continue
		}
		para = append(para, Inline(content))
		if item {
			flush()
		}
	}
	flush()
	return d
}

// frontMatter consumes a YAML front matter block ("---" … "---") at the start,
// reading title, author/byline and date/published.
func frontMatter(lines []string, d *draft.Draft) []string {
	if len(lines) < 2 || strings.TrimSpace(lines[0]) != "---" {
		return lines
	}
	for i := 1; i < len(lines) && i < 60; i++ {
		l := strings.TrimSpace(lines[i])
		if l == "---" || l == "..." {
			for _, kv := range lines[1:i] {
				k, v, ok := strings.Cut(kv, ":")
				if !ok {
					continue
				}
				v = strings.Trim(strings.TrimSpace(v), `"'`)
				switch strings.ToLower(strings.TrimSpace(k)) {
				case "title":
					d.Title = v
				case "author", "byline":
					d.Byline = v
				case "date", "published", "published_at":
					if t, ok := meta.ParseDate(v); ok {
						d.Published = &t
					}
				case "url":
					d.URL = v
				case "lang", "language":
					d.Language = v
				}
			}
			return lines[i+1:]
		}
	}
	return lines
}

// atxHeading returns the level and text of "## Heading ##", 0 if none.
func atxHeading(l string) (int, string) {
	n := 0
	for n < len(l) && n < 7 && l[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || (n < len(l) && l[n] != ' ' && l[n] != '\t') {
		return 0, ""
	}
	h := strings.TrimSpace(l[n:])
	h = strings.TrimSpace(strings.TrimRight(h, "#"))
	return n, h
}

func isSetextUnderline(l string) bool {
	if len(l) < 2 {
		return false
	}
	return strings.Trim(l, "=") == "" || strings.Trim(l, "-") == ""
}

// isRule reports a thematic break: "---", "***", "___", "- - -".
func isRule(l string) bool {
	c := strings.ReplaceAll(l, " ", "")
	if len(c) < 3 {
		return false
	}
	return strings.Trim(c, "-") == "" || strings.Trim(c, "*") == "" || strings.Trim(c, "_") == ""
}

// isLinkDefinition reports "[label]: https://…".
func isLinkDefinition(l string) bool {
	if !strings.HasPrefix(l, "[") {
		return false
	}
	i := strings.Index(l, "]:")
	return i > 1 && !strings.Contains(l[:i], " ](")
}

// blockContent strips block markers (quote, list bullet or number) and says
// whether the line starts a list item.
func blockContent(l string) (string, bool) {
	for strings.HasPrefix(l, ">") {
		l = strings.TrimSpace(l[1:])
	}
	for _, b := range []string{"- ", "* ", "+ "} {
		if strings.HasPrefix(l, b) {
			return strings.TrimSpace(l[2:]), true
		}
	}
	n := 0
	for n < len(l) && n < 9 && l[n] >= '0' && l[n] <= '9' {
		n++
	}
	if n > 0 && n+1 < len(l) && (l[n] == '.' || l[n] == ')') && l[n+1] == ' ' {
		return strings.TrimSpace(l[n+2:]), true
	}
	return l, false
}

// imageLine reports a line that is only an image, "![alt](src)", and its alt text.
func imageLine(l string) (string, bool) {
	if !strings.HasPrefix(l, "![") {
		return "", false
	}
	alt, end, ok := link(l, 1)
	if !ok || strings.TrimSpace(l[end:]) != "" {
		return "", false
	}
	return Inline(alt), true
}
