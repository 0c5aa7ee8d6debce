package tagger_test

import (
	"strings"
	"testing"

	"github.com/tidings-news/tidings/services/enricher/tagger"
	"github.com/tidings-news/tidings/services/enricher/tagger/model"
)

func embedded(t testing.TB) *tagger.Tagger {
	t.Helper()
	tg, err := tagger.NewLazy(model.Bytes()).Tagger()
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

// spans renders the tagger's spans of one text as "TYPE:text" strings.
func spans(tg *tagger.Tagger, text string) []string {
	toks := tagger.Tokenize(text, 0)
	var out []string
	for _, s := range tg.Tag([][]tagger.Token{toks})[0] {
		out = append(out, s.Type+":"+text[toks[s.Start].Start:toks[s.End-1].End])
	}
	return out
}

func TestEmbeddedModelTagsNews(t *testing.T) {
	tg := embedded(t)
	cases := map[string][]string{
		"Prime Minister John Howard told reporters in Sydney on Tuesday that Australia would not change its policy .": {"PER:John Howard", "LOC:Sydney", "LOC:Australia"},
		"Shares in General Motors Corp fell 2 percent on the New York Stock Exchange .":                               {"ORG:General Motors Corp", "ORG:New York Stock Exchange"},
		"the weather was fine and nothing happened at all .":                                                          nil,
	}
	for text, want := range cases {
		got := spans(tg, text)
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%q:\n got %q\nwant %q", text, got, want)
		}
	}
}

func TestConfidenceInRange(t *testing.T) {
	tg := embedded(t)
	toks := tagger.Tokenize("Boris Yeltsin flew to Moscow to meet officials of the World Bank .", 0)
	for _, s := range tg.Tag([][]tagger.Token{toks})[0] {
		if s.Confidence <= 0 || s.Confidence > 1 {
			t.Errorf("span %+v: confidence out of (0, 1]", s)
		}
	}
}

// TestNamesIsTagWithoutConfidence: Names finds the spans Tag finds.
func TestNamesIsTagWithoutConfidence(t *testing.T) {
	tg := embedded(t)
	doc := [][]tagger.Token{
		tagger.Tokenize("Boris Yeltsin flew to Moscow to meet officials of the World Bank .", 0),
		tagger.Tokenize("Yeltsin said the talks with the International Monetary Fund went well .", 0),
	}
	tagged, names := tg.Tag(doc), tg.Names(doc)
	for k := range doc {
		if len(tagged[k]) == 0 || len(names[k]) != len(tagged[k]) {
			t.Fatalf("sentence %d: Names %+v, Tag %+v", k, names[k], tagged[k])
		}
		for i, s := range names[k] {
			s.Confidence = tagged[k][i].Confidence
			if s != tagged[k][i] || names[k][i].Confidence != 0 {
				t.Errorf("sentence %d span %d: Names %+v, Tag %+v", k, i, names[k][i], tagged[k][i])
			}
		}
	}
}

// TestDocumentHistory: a surname alone is a person once the document has
// named the person in full.
func TestDocumentHistory(t *testing.T) {
	tg := embedded(t)
	doc := [][]tagger.Token{
		tagger.Tokenize("Striker Marko Vidakovic scored twice for the visitors .", 0),
		tagger.Tokenize("Vidakovic said after the match that the team deserved it .", 0),
	}
	got := tg.Tag(doc)
	if len(got[1]) == 0 || got[1][0].Type != "PER" || got[1][0].Start != 0 {
		t.Errorf("second sentence: got %+v, want Vidakovic as PER", got[1])
	}
}

func TestDecodeRejectsBadFiles(t *testing.T) {
	for name, b := range map[string][]byte{
		"empty":     nil,
		"not model": []byte("hello world, this is not a model file at all"),
		"truncated": model.Bytes()[:len(model.Bytes())/2],
	} {
		if _, err := tagger.Decode(b); err == nil {
			t.Errorf("%s: decoded without error", name)
		}
	}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	m, err := tagger.Decode(model.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Encode(); string(got) != string(model.Bytes()) {
		t.Errorf("re-encoded model differs from the file (%d vs %d bytes)", len(got), len(model.Bytes()))
	}
}

func TestModelFileSize(t *testing.T) {
	if len(model.Bytes()) > 20<<20 {
		t.Errorf("model file %d bytes, over 20 MB", len(model.Bytes()))
	}
	if m := mustModel(t); m.Features() == 0 {
		t.Error("model has no features")
	}
}
