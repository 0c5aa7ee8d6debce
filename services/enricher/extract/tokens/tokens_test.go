package tokens_test

import (
	"testing"

	"github.com/tidings-news/tidings/services/enricher/extract/extracttest"
	"github.com/tidings-news/tidings/services/enricher/extract/tokens"
)

func TestTokenize(t *testing.T) {
	body := "The U.S. and Kyiv\u2019s allies won\u2019t sign a 30-day deal in Washington D.C. \u2013 Mr Smith said."
	var got []string
	for _, tk := range tokens.Tokenize(body) {
		if body[tk.Start:tk.End] != tk.Text {
			t.Fatalf("token %q at [%d,%d)", tk.Text, tk.Start, tk.End)
		}
		got = append(got, tk.Text)
	}
	want := []string{"The", "U.S.", "and", "Kyiv", "\u2019s", "allies", "won\u2019t", "sign", "a", "30-day", "deal", "in",
		"Washington", "D.C.", "\u2013", "Mr", "Smith", "said", "."}
	extracttest.SameTexts(t, "tokens", got, want)
}
