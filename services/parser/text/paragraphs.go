package text

import "strings"

// Lines splits s into lines, accepting LF, CRLF and CR line ends.
func Lines(s string) []string {
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	return strings.Split(s, "\n")
}

// IsBlank reports whether line holds only white space.
func IsBlank(line string) bool { return strings.TrimSpace(line) == "" }

// Blocks groups lines into blocks separated by blank lines; each block keeps
// its lines (untrimmed): a piece of lines, capped at its length.
func Blocks(lines []string) [][]string {
	var out [][]string
	start := -1 // first line of the block being read
	for i, l := range lines {
		if IsBlank(l) {
			if start >= 0 {
				out = append(out, lines[start:i:i])
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, lines[start:len(lines):len(lines)])
	}
	return out
}

// hardWrapMax is the longest line still taken for a hard-wrapped one.
const hardWrapMax = 100

// Paragraphs splits the lines of one block into paragraphs. A block whose
// lines look hard-wrapped (every line but the last long-ish, none longer
// than a typewriter line, and some line breaking off a sentence) is one
// paragraph; otherwise each line is its own
// paragraph, the way news text with one paragraph per line is written.
func Paragraphs(block []string) []string {
	if len(block) == 1 {
		return block
	}
	if hardWrapped(block) {
		return []string{strings.Join(block, " ")}
	}
	return block
}

func hardWrapped(block []string) bool {
	wrapped := false
	for i, l := range block {
		n := len(strings.TrimSpace(l))
		if n > hardWrapMax {
			return false
		}
		if i < len(block)-1 && n < 40 {
			return false
		}
		if i < len(block)-1 && startsListItem(block[i+1]) {
			return false
		}
		if i < len(block)-1 && !endsSentence(l) {
			wrapped = true
		}
	}
	return wrapped
}

// endsSentence reports a line that ends with sentence-final punctuation,
// possibly followed by a closing quote or bracket.
func endsSentence(l string) bool {
	l = strings.TrimRight(l, " \t”’\"')]»")
	if l == "" {
		return false
	}
	switch l[len(l)-1] {
	case '.', '!', '?', ':':
		return true
	}
	return strings.HasSuffix(l, "…")
}

// startsListItem reports a line that begins a list item or a dash-led line.
func startsListItem(line string) bool {
	t := strings.TrimLeft(line, " \t")
	for _, p := range []string{"- ", "* ", "• ", "– ", "— "} {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}
