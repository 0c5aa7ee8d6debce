package tagger_test

import (
	"strings"
	"testing"

	"github.com/tidings-news/tidings/services/enricher/tagger"
)

// article is about 600 words of news-like text written for this benchmark.
var article = strings.Repeat("Prime Minister Anna Lindqvist told reporters in Stockholm on Tuesday that the "+
	"government would ask the European Commission to review the merger of Nordbank and Baltic Shipping Corp. "+
	"\"We will not accept a deal that costs jobs in Gothenburg,\" Lindqvist said, adding that talks with "+
	"Finland and the United Nations refugee agency would continue next week. Shares in Nordbank fell 3.5 "+
	"percent on the Stockholm exchange, while analysts at Handelsbanken said the outlook remained uncertain. ", 8)

func sentencesOf(text string) [][]tagger.Token {
	var doc [][]tagger.Token
	start := 0
	for i := 0; i < len(text); i++ {
		if text[i] == '.' && (i+1 == len(text) || text[i+1] == ' ') {
			doc = append(doc, tagger.Tokenize(text[start:i+1], start))
			start = i + 1
		}
	}
	return doc
}

// BenchmarkTag tags a 600-word article; the baseline is tokenising it.
func BenchmarkTag(b *testing.B) {
	tg := tagger.New(mustModel(b), 0)
	words := len(strings.Fields(article))
	b.Run("baseline-tokenize", func(b *testing.B) {
		for b.Loop() {
			sentencesOf(article)
		}
		b.ReportMetric(float64(b.N)*float64(words)/b.Elapsed().Seconds(), "words/s")
	})
	b.Run("tag", func(b *testing.B) {
		for b.Loop() {
			tg.Tag(sentencesOf(article))
		}
		b.ReportMetric(float64(b.N)*float64(words)/b.Elapsed().Seconds(), "words/s")
	})
}
