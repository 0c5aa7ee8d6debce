package text

import (
	"strings"

	"github.com/tidings-news/tidings/pkg/events"
)

// ParagraphSep separates paragraphs in an article body.
const ParagraphSep = "\n\n"

// Build joins normalized, non-empty paragraphs into a body and returns the
// byte span of every paragraph and of every sentence within it.
func Build(paragraphs []string) (body string, paras, sents []events.Span) {
	n := 0
	for _, p := range paragraphs {
		n += len(p) + len(ParagraphSep)
	}
	var b strings.Builder
	b.Grow(n)
	paras = make([]events.Span, 0, len(paragraphs))
	sents = make([]events.Span, 0, len(paragraphs)*3)
	var buf []events.Span // one paragraph's sentences, reused
	for i, p := range paragraphs {
		if i > 0 {
			b.WriteString(ParagraphSep)
		}
		start := b.Len()
		b.WriteString(p)
		paras = append(paras, events.Span{Start: start, End: start + len(p)})
		buf = appendSentences(buf, p)
		for _, s := range buf {
			sents = append(sents, events.Span{Start: start + s.Start, End: start + s.End})
		}
	}
	return b.String(), paras, sents
}
