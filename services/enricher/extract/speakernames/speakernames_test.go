package speakernames_test

import (
	"testing"

	"github.com/tidings-news/tidings/services/enricher/extract/extracttest"
	"github.com/tidings-news/tidings/services/enricher/extract/layer"
)

// given is a recogniser that finds the names a test gives it, typed as
// given: what a recogniser may have found before this pass runs.
type given map[string]layer.EntityType

func (g given) Recognise(d *layer.Doc) []layer.Mention {
	var out []layer.Mention
	for i, t := range d.Toks {
		if typ, ok := g[t.Text]; ok {
			out = append(out, layer.Mention{T0: i, T1: i + 1, Type: typ})
		}
	}
	return out
}

// typeOf returns the type of the mention whose text is text, "" if none.
func typeOf(d *layer.Doc, text string) layer.EntityType {
	for _, m := range d.Mentions {
		if d.Body[m.Start:m.End] == text {
			return m.Type
		}
	}
	return ""
}

func TestSpeakersArePeople(t *testing.T) {
	cases := []struct {
		body  string
		found given
		name  string
		want  layer.EntityType
	}{
		{"At the hearing on Monday, Okonkwo said the plan was dead.", nil, "Okonkwo", layer.Person},
		{"\u201cWe will not move,\u201d said Vasquez-Ortiz.", nil, "Vasquez-Ortiz", layer.Person},
		{"On Monday Kessler also told the panel that the money was gone.", nil, "Kessler", layer.Person},
		{"Kessler also told the panel that the money was gone.", nil, "Kessler", ""},                                 // one word opening the sentence, never again
		{"Mr. Obama said the talks had failed.", given{"Obama": layer.Loc}, "Obama", layer.Person},                   // no place the gazetteer knows
		{"Police in the town of Orvieto said two men were held.", given{"Orvieto": layer.Loc}, "Orvieto", layer.Loc}, // after a preposition
		{"Police in Orvieto said two men were held.", nil, "Orvieto", ""},
		{"Traders said the market was calm.", nil, "Traders", ""}, // a plural noun opening the sentence
		{"Moscow said the talks would go on.", nil, "Moscow", ""}, // the gazetteer knows it: not this pass's
		{"Boeing said orders fell.", given{"Boeing": layer.Org}, "Boeing", layer.Org},
		{"The states said they would sue.", nil, "states", ""}, // a noun, not a verb
	}
	for _, c := range cases {
		d := extracttest.DocWith(t, c.body, "speakernames", c.found)
		if got := typeOf(d, c.name); got != c.want {
			t.Errorf("%q: %q is %q, want %q", c.body, c.name, got, c.want)
		}
	}
}

func TestASpeakerOpeningTheSentenceNamedAgainInside(t *testing.T) {
	d := extracttest.DocWith(t, "Brannigan said the vote was fair. Critics of Brannigan disagreed.", "speakernames", given{})
	if got := typeOf(d, "Brannigan"); got != layer.Person {
		t.Errorf("Brannigan is %q: %+v", got, d.Mentions)
	}
}
