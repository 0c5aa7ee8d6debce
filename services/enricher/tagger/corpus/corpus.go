// Package corpus reads the development sets built by
// shared/eval/devsets/conll.py (gold.json and texts/) into tagger examples,
// and scores tagger output against them (exact spans per type). The sets
// themselves stay outside the repository.
package corpus

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/tidings-news/tidings/services/enricher/tagger"
)

// Mention is a gold span in byte offsets of its document's text.
type Mention struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Type  string `json:"type"`
	Text  string `json:"text"`
}

// Region is one sentence of a document: header, prose or other.
type Region struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Kind  string `json:"kind"`
}

// Doc is one gold document with its text.
type Doc struct {
	Name     string
	Text     string
	Prose    bool
	Mentions []Mention
	Regions  []Region
}

type goldFile struct {
	Documents map[string]struct {
		Mentions []Mention `json:"mentions"`
		Prose    bool      `json:"prose"`
		Regions  []Region  `json:"regions"`
	} `json:"documents"`
}

// Load reads DIR/gold.json and the texts it names from DIR/texts, in name order.
func Load(dir string) ([]Doc, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "gold.json"))
	if err != nil {
		return nil, err
	}
	var g goldFile
	if err := json.Unmarshal(raw, &g); err != nil {
		return nil, fmt.Errorf("%s/gold.json: %w", dir, err)
	}
	names := make([]string, 0, len(g.Documents))
	for n := range g.Documents {
		names = append(names, n)
	}
	slices.Sort(names)
	docs := make([]Doc, 0, len(names))
	for _, n := range names {
		text, err := os.ReadFile(filepath.Join(dir, "texts", n))
		if err != nil {
			return nil, err
		}
		d := g.Documents[n]
		docs = append(docs, Doc{Name: n, Text: string(text), Prose: d.Prose, Mentions: d.Mentions, Regions: d.Regions})
	}
	return docs, nil
}

// Sentences tokenises each region of d.
func (d *Doc) Sentences() [][]tagger.Token {
	out := make([][]tagger.Token, len(d.Regions))
	for k, r := range d.Regions {
		out[k] = tagger.Tokenize(d.Text[r.Start:r.End], r.Start)
	}
	return out
}

// Example turns d into a training example; it also returns how many gold
// mentions do not fall on token boundaries (left out).
func (d *Doc) Example() (tagger.Example, int) {
	sents := d.Sentences()
	ex := tagger.Example{Sentences: sents, Spans: make([][]tagger.Span, len(sents))}
	lost := 0
	for _, m := range d.Mentions {
		k, a, b := locate(d.Regions, sents, m.Start, m.End)
		if k < 0 {
			lost++
			continue
		}
		ex.Spans[k] = append(ex.Spans[k], tagger.Span{Start: a, End: b, Type: m.Type})
	}
	return ex, lost
}

// locate finds the sentence and token range of a byte span, or -1.
func locate(regions []Region, sents [][]tagger.Token, start, end int) (int, int, int) {
	for k, r := range regions {
		if start < r.Start || end > r.End {
			continue
		}
		a, b := -1, -1
		for i, t := range sents[k] {
			if t.Start == start {
				a = i
			}
			if t.End == end {
				b = i + 1
			}
		}
		if a >= 0 && b > a {
			return k, a, b
		}
		return -1, 0, 0
	}
	return -1, 0, 0
}
