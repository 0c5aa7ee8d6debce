package evaluate

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
)

// Set is annotated documents to score: each one's text and gold, scored in
// the order of Names.
type Set struct {
	Names []string
	Texts map[string][]byte
	Gold  map[string]*GoldDoc
}

// LoadSet reads a development set as shared/eval/devsets builds it: the
// gold of dir/gold.json and the texts it annotates in dir/texts, in name
// order.
func LoadSet(dir string) (*Set, error) {
	gold, err := LoadGold(filepath.Join(dir, "gold.json"))
	if err != nil {
		return nil, err
	}
	s := &Set{Gold: gold, Texts: map[string][]byte{}}
	for n := range gold {
		b, err := os.ReadFile(filepath.Join(dir, "texts", n))
		if err != nil {
			return nil, err
		}
		s.Names, s.Texts[n] = append(s.Names, n), b
	}
	slices.Sort(s.Names)
	return s, nil
}

// RecordFunc gives the record predicted for a document from its name and
// text, nil when there is none (the document counts as missing).
type RecordFunc func(name string, text []byte) (*Record, error)

// Score scores the record that records gives for each document of s.
func (s *Set) Score(records RecordFunc) (Report, error) {
	ev := NewEvaluator()
	for _, n := range s.Names {
		rec, err := records(n, s.Texts[n])
		if err != nil {
			return Report{}, fmt.Errorf("%s: %w", n, err)
		}
		ev.Add(n, s.Texts[n], s.Gold[n], rec)
	}
	return ev.Report(), nil
}
