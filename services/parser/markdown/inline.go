package markdown

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxSpan bounds how far a link, code span or tag may reach, keeping the
// stripping linear on hostile input.
const maxSpan = 2048

// Inline strips inline Markdown from one line: emphasis and strong markers,
// code spans, links and images (a link keeps its text, an image its alt
// text is dropped), autolinks and inline HTML tags, and backslash escapes.
func Inline(s string) string {
	if !strings.ContainsAny(s, "*_`[]<\\~!") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		switch c {
		case '\\':
			if i+1 < len(s) && strings.IndexByte("\\`*_{}[]()#+-.!<>~|\"", s[i+1]) >= 0 {
				b.WriteByte(s[i+1])
				i += 2
				continue
			}
		case '!':
			if i+1 < len(s) && s[i+1] == '[' {
				if _, end, ok := link(s, i+1); ok {
					i = end
					continue
				}
			}
		case '[':
			if txt, end, ok := link(s, i); ok {
				b.WriteString(Inline(txt))
				i = end
				continue
			}
		case '<':
			if end := strings.IndexByte(s[i:min(len(s), i+maxSpan)], '>'); end > 1 {
				tag := s[i+1 : i+end]
				if strings.HasPrefix(tag, "http://") || strings.HasPrefix(tag, "https://") || strings.HasPrefix(tag, "mailto:") {
					b.WriteString(strings.TrimPrefix(tag, "mailto:"))
					i += end + 1
					continue
				}
				if isTag(tag) {
					i += end + 1
					continue
				}
			}
		case '`':
			n := run(s, i, '`')
			if end := strings.Index(s[i+n:min(len(s), i+n+maxSpan)], s[i:i+n]); end >= 0 {
				b.WriteString(strings.TrimSpace(s[i+n : i+n+end]))
				i += n + end + n
				continue
			}
			b.WriteString(s[i : i+n])
			i += n
			continue
		case '*', '_', '~':
			n := run(s, i, c)
			if emphasisMarker(s, i, n, c) {
				i += n
				continue
			}
			b.WriteString(s[i : i+n])
			i += n
			continue
		}
		b.WriteByte(c)
		i++
	}
	return b.String()
}

// link parses "[text](url)" or "[text][ref]" at s[i] == '['.
func link(s string, i int) (txt string, end int, ok bool) {
	depth := 0
	for j := i; j < len(s) && j < i+maxSpan; j++ {
		switch s[j] {
		case '[':
			depth++
		case ']':
			depth--
			if depth > 0 {
				continue
			}
			txt = s[i+1 : j]
			if j+1 < len(s) && s[j+1] == '(' {
				if k := strings.IndexByte(s[j+1:min(len(s), j+1+maxSpan)], ')'); k > 0 {
					return txt, j + 1 + k + 1, true
				}
			}
			if j+1 < len(s) && s[j+1] == '[' {
				if k := strings.IndexByte(s[j+1:min(len(s), j+1+maxSpan)], ']'); k > 0 {
					return txt, j + 1 + k + 1, true
				}
			}
			return "", 0, false
		}
	}
	return "", 0, false
}

func run(s string, i int, c byte) int {
	n := 0
	for i+n < len(s) && s[i+n] == c {
		n++
	}
	return n
}

// emphasisMarker reports whether the run of n markers c at i opens or closes
// emphasis: it must touch a word on one side and not be inside a word for "_".
func emphasisMarker(s string, i, n int, c byte) bool {
	if c == '~' && n != 2 {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(s[:i])
	after, _ := utf8.DecodeRuneInString(s[i+n:])
	if i == 0 {
		before = ' '
	}
	if i+n >= len(s) {
		after = ' '
	}
	opens := !unicode.IsSpace(after)
	closes := !unicode.IsSpace(before)
	if c == '_' && isWordRune(before) && isWordRune(after) {
		return false // snake_case
	}
	return opens || closes
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// isTag reports an HTML tag body such as "b", "/em", "br /", "span class=x".
func isTag(t string) bool {
	t = strings.TrimPrefix(t, "/")
	if t == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t)
	if !unicode.IsLetter(r) {
		return false
	}
	for _, c := range t {
		if c == '\n' {
			return false
		}
	}
	name := t
	if i := strings.IndexAny(t, " /"); i >= 0 {
		name = t[:i]
	}
	for _, c := range name {
		if !unicode.IsLetter(c) && !unicode.IsDigit(c) && c != '-' {
			return false
		}
	}
	return len(name) <= 12
}
