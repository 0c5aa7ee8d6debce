package layer_test

import (
	"testing"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/enricher/extract/layer"
	"github.com/tidings-news/tidings/services/enricher/extract/lexicon"
	"github.com/tidings-news/tidings/services/enricher/extract/tokens"
)

func TestDocHelpers(t *testing.T) {
	d := layer.NewDoc(&events.Article{Body: "Ivo Marsh met  NATO."})
	d.Toks = tokens.Tokenize(d.Body)
	if !d.IsWord(0) || d.IsWord(4) || d.IsWord(-1) || d.IsWord(99) || !d.CapWord(3) {
		t.Errorf("word tests: %+v", d.Toks)
	}
	if !d.SameRun(1) || d.SameRun(0) {
		t.Error("SameRun")
	}
	if got := d.TokenKeys(0, 5); len(got) != 4 || got[3] != "nato" {
		t.Errorf("keys %q", got)
	}
	if i := d.TokenAt(10); i != 2 || d.TokenAt(len(d.Body)+1) != len(d.Toks) {
		t.Errorf("TokenAt(10) = %d", i)
	}
	d.AddMention(layer.Mention{T0: 0, T1: 2, Type: layer.Person})
	m := d.Mentions[0]
	if m.Start != 0 || m.End != 9 || m.Canon != "Ivo Marsh" || m.Ent != -1 || m.Quote != -1 {
		t.Errorf("mention %+v", m)
	}
	if s, e := layer.TrimSpan(" \u00a0a b\n", 0, len(" \u00a0a b\n")); s != 3 || e != 6 {
		t.Errorf("TrimSpan = %d, %d", s, e)
	}
}

func TestGazetteerTypesAreEntityTypes(t *testing.T) {
	lx, err := lexicon.Load()
	if err != nil {
		t.Fatal(err)
	}
	for k, es := range lx.GazEntries() {
		for _, e := range es {
			switch layer.GazType(e) {
			case layer.Loc, layer.Org, layer.Norp:
			default:
				t.Fatalf("%q has type %q", k, e.Type)
			}
		}
	}
}

func TestBySentence(t *testing.T) {
	d := layer.NewDoc(&events.Article{Body: "x"})
	d.Sents = make([]layer.Span, 3)
	for _, s := range []int{2, 0, 2, -1, 7, 0} {
		d.Mentions = append(d.Mentions, layer.Mention{Sent: s})
		d.Unnamed = append(d.Unnamed, layer.Unnamed{Sent: s})
	}
	for _, by := range [][][]int{d.MentionsBySentence(), d.UnnamedBySentence()} {
		want := [][]int{{1, 5}, nil, {0, 2}, {3, 4}} // sentences 0..2, then those outside every sentence
		if len(by) != len(want) {
			t.Fatalf("%d rows, want %d", len(by), len(want))
		}
		for s := range want {
			if len(by[s]) != len(want[s]) || (want[s] == nil) != (by[s] == nil) {
				t.Fatalf("row %d = %v, want %v", s, by[s], want[s])
			}
			for k := range want[s] {
				if by[s][k] != want[s][k] {
					t.Errorf("row %d = %v, want %v", s, by[s], want[s])
				}
			}
		}
		_ = append(by[0], 99) // a row's append must not write into the next row
		if by[2][0] != 0 {
			t.Errorf("appending to row 0 changed row 2: %v", by[2])
		}
	}
}
