package pronouns_test

import (
	"testing"

	"github.com/tidings-news/tidings/services/enricher/extract/extracttest"
	"github.com/tidings-news/tidings/services/enricher/extract/layer"
)

func TestPronounsJoinTheMentionsInTextOrder(t *testing.T) {
	d := extracttest.Doc(t, "He met Ivo Marsh, and she thanked him. Her Majesty's Treasury paid. It rained.", "pronouns")
	var got []string
	prev := -1
	for _, m := range d.Mentions {
		if m.Start < prev {
			t.Fatalf("mentions out of order: %+v", d.Mentions)
		}
		prev = m.Start
		if m.Kind == layer.KindPronoun {
			if m.Type != layer.Person || m.Ent != -1 || m.T1 != m.T0+1 {
				t.Errorf("pronoun %+v", m)
			}
			got = append(got, d.Body[m.Start:m.End])
		}
	}
	want := []string{"He", "she", "him", "Her"}
	extracttest.SameTexts(t, "pronouns", got, want)
}
