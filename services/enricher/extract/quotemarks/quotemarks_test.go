package quotemarks_test

import (
	"testing"

	"github.com/tidings-news/tidings/services/enricher/extract/extracttest"
)

func TestFindQuotes(t *testing.T) {
	body := "He said: \u201cFirst part.\n\n\u201cSecond part.\u201d\n\nShe called it \"fine\" and \u2018odd\u2019, the countries\u2019 view."
	qs := extracttest.Doc(t, body, "quotemarks").QuoteRegions // Find on the paragraphs
	var got []string
	for _, q := range qs {
		got = append(got, body[q.Start:q.End])
	}
	want := []string{"First part.", "Second part.", "fine", "odd"}
	if !extracttest.SameTexts(t, "quotes", got, want) {
		return
	}
	if qs[0].Close != -1 || !qs[1].Cont {
		t.Errorf("unclosed first paragraph and continuation not marked: %+v", qs[:2])
	}
}

// TestCurlyInsideStraight: curly marks inside a quotation opened with a
// straight mark are a quotation inside it, not the end of the first.
func TestCurlyInsideStraight(t *testing.T) {
	body := "He went on:\n\n\"The question was, I read it to you: \u201cWill you serve?\u201d Forty-three said yes.\" Then he left."
	qs := extracttest.Doc(t, body, "quotemarks").QuoteRegions
	var got []string
	for _, q := range qs {
		got = append(got, body[q.Start:q.End])
	}
	extracttest.SameTexts(t, "quotes", got, []string{"The question was, I read it to you: \u201cWill you serve?\u201d Forty-three said yes."})
}
