package parser

import (
	"strings"
	"unicode/utf8"

	"github.com/tidings-news/tidings/services/parser/boilerplate"
	"github.com/tidings-news/tidings/services/parser/draft"
	"github.com/tidings-news/tidings/services/parser/meta"
	"github.com/tidings-news/tidings/services/parser/text"
)

// maxTitleLen and maxTitleWords bound a plain-text title line.
const (
	maxTitleLen   = 160
	maxTitleWords = 25
)

// readPlain reads plain text: blocks separated by blank lines, each split
// into paragraphs. A short first line without final punctuation, standing
// before a blank line (or before byline and date lines, then a blank line),
// is the title.
func readPlain(src string) draft.Draft {
	var d draft.Draft
	blocks := text.Blocks(text.Lines(src))
	if len(blocks) > 1 && headBlock(blocks[0]) {
		if line := text.Normalize(blocks[0][0]); isTitleLine(line) {
			d.Title = line
			blocks[0] = blocks[0][1:]
		}
	}
	for _, b := range blocks {
		d.Paragraphs = append(d.Paragraphs, text.Paragraphs(b)...)
	}
	return d
}

// isTitleLine reports a short line that reads like a headline rather than a
// sentence, a byline, a date or a caption.
func isTitleLine(line string) bool {
	if len(line) < 3 || len(line) > maxTitleLen || strings.Count(line, " ") >= maxTitleWords {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(line)
	if strings.ContainsRune(".!?:;,…\"”’'-–—", last) {
		return false
	}
	first, _ := utf8.DecodeRuneInString(line)
	if strings.ContainsRune("“\"‘'(-–—•*", first) {
		return false
	}
	if _, ok := meta.Byline(line); ok {
		return false
	}
	if _, kind := meta.DateLine(line); kind != meta.NotDate {
		return false
	}
	return !boilerplate.Is(line)
}

// headBlock reports a first block that may hold a title: a single line, or a
// line followed only by byline and date lines.
func headBlock(block []string) bool {
	for _, l := range block[1:] {
		l = text.Normalize(l)
		if _, ok := meta.Byline(l); ok {
			continue
		}
		if _, kind := meta.DateLine(l); kind != meta.NotDate {
			continue
		}
		return false
	}
	return true
}
