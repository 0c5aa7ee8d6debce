package sentences_test

import (
	"testing"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/enricher/extract/extracttest"
	"github.com/tidings-news/tidings/services/enricher/extract/sentences"
)

func TestSentences(t *testing.T) {
	body := "Mr. Smith met Dr. Jones in the U.S. on Monday. They agreed. \u201cIt went well.\u201d He left."
	a := &events.Article{Body: body}
	lx := extracttest.Lexicon(t)
	ss := sentences.Sentences(a, sentences.Paragraphs(a), lx)
	var got []string
	for _, s := range ss {
		got = append(got, body[s.Start:s.End])
	}
	want := []string{"Mr. Smith met Dr. Jones in the U.S. on Monday.", "They agreed.", "\u201cIt went well.\u201d", "He left."}
	extracttest.SameTexts(t, "sentences", got, want)
}

func TestParserSpansAreUsed(t *testing.T) {
	body := "One two. Three four"
	a := &events.Article{Body: body, Sentences: []events.Span{{Start: 0, End: 19}}, Paragraphs: []events.Span{{Start: 0, End: 19}}}
	if ss := sentences.Sentences(a, sentences.Paragraphs(a), extracttest.Lexicon(t)); len(ss) != 1 {
		t.Errorf("given sentences ignored: %v", ss)
	}
	bad := &events.Article{Body: body, Sentences: []events.Span{{Start: 5, End: 99}}}
	if ss := sentences.Sentences(bad, sentences.Paragraphs(bad), extracttest.Lexicon(t)); len(ss) != 2 {
		t.Errorf("invalid sentences not replaced: %v", ss)
	}
}
