package tagger

import (
	"strings"
	"testing"
)

func TestTokenize(t *testing.T) {
	cases := map[string]string{
		"U.S. officials said.":           "U.S.|officials|said|.",
		"Kyiv’s mayor won't go":          "Kyiv|’s|mayor|won't|go",
		"a 30-day truce (in 1996-08-30)": "a|30-day|truce|(|in|1996-08-30|)",
		"Müller scored, $5.":             "Müller|scored|,|$|5|.",
	}
	for in, want := range cases {
		var got []string
		for _, tk := range Tokenize(in, 0) {
			if in[tk.Start:tk.End] != tk.Text {
				t.Errorf("%q: token %q at %d:%d is not its slice", in, tk.Text, tk.Start, tk.End)
			}
			got = append(got, tk.Text)
		}
		if strings.Join(got, "|") != want {
			t.Errorf("%q: got %q, want %q", in, strings.Join(got, "|"), want)
		}
	}
	if toks := Tokenize("ab cd", 10); toks[1].Start != 13 || toks[1].End != 15 {
		t.Errorf("base offset not added: %+v", toks)
	}
}

func TestLabelsRoundTrip(t *testing.T) {
	spans := []Span{{Start: 0, End: 2, Type: "PER"}, {Start: 3, End: 4, Type: "LOC"}, {Start: 5, End: 8, Type: "ORG"}}
	ls := labelsOf(9, spans)
	var names []string
	for _, l := range ls {
		names = append(names, l.String())
	}
	if got := strings.Join(names, " "); got != "B-PER L-PER O U-LOC O B-ORG I-ORG L-ORG O" {
		t.Errorf("labels %s", got)
	}
	back := spansOf(ls)
	if len(back) != 3 || back[0] != spans[0] || back[1] != spans[1] || back[2] != spans[2] {
		t.Errorf("spans back %+v", back)
	}
	for a := range nLabels + 1 {
		for b := range nLabels {
			ok := allowed(a, b)
			if a < nLabels && label(a) != 0 && (label(a).pos() == posB || label(a).pos() == posI) && b == 0 && ok {
				t.Errorf("%s -> O allowed", label(a))
			}
		}
	}
}

// tinyNames are the people and places of the toy training sentences.
func tinyNames() (people, places []string) {
	return []string{"Smith", "Jones", "Brown", "Taylor", "Wilson", "Davies"},
		[]string{"Paris", "Rome", "Oslo", "Lima", "Quito", "Bern"}
}

// tinyExamples is the toy pattern: a capitalised word after "mr" is a
// person, after "in" a place, one sentence per name.
func tinyExamples() []Example {
	var exs []Example
	people, places := tinyNames()
	for i := range people {
		s := Tokenize("yesterday mr "+people[i]+" arrived in "+places[i]+" by train .", 0)
		exs = append(exs, Example{Sentences: [][]Token{s}, Spans: [][]Span{{{Start: 2, End: 3, Type: "PER"}, {Start: 5, End: 6, Type: "LOC"}}}})
	}
	return exs
}

// TestTrainLearnsTinyData: the perceptron learns a toy pattern (capitalised
// word after "mr" is a person, after "in" a place) and generalises to new names.
func TestTrainLearnsTinyData(t *testing.T) {
	exs := tinyExamples()
	m, err := Train(exs, TrainOptions{Epochs: 5, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	m2, err := Decode(m.Encode())
	if err != nil {
		t.Fatal(err)
	}
	toks := Tokenize("yesterday mr Kowalski arrived in Minsk by train .", 0)
	got := New(m2, 0).Tag([][]Token{toks})[0]
	if len(got) != 2 || got[0].Type != "PER" || got[0].Start != 2 || got[1].Type != "LOC" || got[1].Start != 5 {
		t.Errorf("got %+v", got)
	}
}

// TestAuxiliaryExamplesKeepTheMainConvention: auxiliary examples that label
// the main examples' pattern otherwise (a capitalised word after "mr" an
// organisation) do not override it, since their disagreement is learned by
// feature copies left out of the model; what they add that the main examples
// do not contradict (a place after "from") is kept.
func TestAuxiliaryExamplesKeepTheMainConvention(t *testing.T) {
	exs := tinyExamples()
	people, places := tinyNames()
	for i := range people {
		s := Tokenize("yesterday mr "+places[i]+" arrived in "+people[i]+" by train .", 0)
		exs = append(exs, Example{Aux: true, Sentences: [][]Token{s}, Spans: [][]Span{{{Start: 2, End: 3, Type: "ORG"}}}})
		s = Tokenize("a man from "+places[i]+" waited .", 0)
		exs = append(exs, Example{Aux: true, Sentences: [][]Token{s}, Spans: [][]Span{{{Start: 3, End: 4, Type: "LOC"}}}})
	}
	m, err := Train(exs, TrainOptions{Epochs: 5, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	tg := New(m, 0)
	got := tg.Tag([][]Token{Tokenize("yesterday mr Kowalski arrived in Minsk by train .", 0)})[0]
	if len(got) != 2 || got[0].Type != "PER" || got[0].Start != 2 || got[1].Type != "LOC" || got[1].Start != 5 {
		t.Errorf("main convention: got %+v", got)
	}
	got = tg.Tag([][]Token{Tokenize("a man from Rome waited .", 0)})[0]
	if len(got) != 1 || got[0].Type != "LOC" || got[0].Start != 3 {
		t.Errorf("auxiliary addition: got %+v", got)
	}
}
