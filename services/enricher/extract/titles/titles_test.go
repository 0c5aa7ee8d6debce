package titles_test

import (
	"testing"

	"github.com/tidings-news/tidings/services/enricher/extract/extracttest"
	"github.com/tidings-news/tidings/services/enricher/extract/layer"
	"github.com/tidings-news/tidings/services/enricher/extract/lexicon"
)

// nameAt returns the name mention whose text is text.
func nameAt(t *testing.T, d *layer.Doc, text string) *layer.Mention {
	t.Helper()
	for i := range d.Mentions {
		if m := &d.Mentions[i]; d.Body[m.Start:m.End] == text {
			return m
		}
	}
	t.Fatalf("no mention %q in %+v", text, d.Mentions)
	return nil
}

func TestTitlesBeforeAndAfterNames(t *testing.T) {
	d := extracttest.Doc(t, "Former Defence Secretary Dame Ada Quill met Ivo Marsh, Norway's foreign minister, and the French president, Remy Vautrin, said nothing.", "titles")
	ada := nameAt(t, d, "Ada Quill")
	if ada.Role != "defence secretary" || !ada.Former || ada.Honor != lexicon.HonorGiven || d.Toks[ada.HonorT0].Text != "Dame" {
		t.Errorf("Ada Quill: %+v", ada)
	}
	if ivo := nameAt(t, d, "Ivo Marsh"); ivo.Role != "foreign minister" || ivo.Nat != "Norway" {
		t.Errorf("apposition: %+v", ivo)
	}
	remy := nameAt(t, d, "Remy Vautrin")
	if remy.Role != "president" || remy.Nat != "France" || d.Body[d.Toks[remy.RoleT0].Start:d.Toks[remy.RoleT1-1].End] != "president" {
		t.Errorf("title across a comma: %+v", remy)
	}
	used := 0
	for _, r := range d.Roles {
		if r.Used {
			used++
		}
	}
	if len(d.Roles) != 3 || used != 2 { // the apposition's title is found but introduces no name
		t.Errorf("roles %+v", d.Roles)
	}
}

func TestTitleUsedAloneIsARoleNotAName(t *testing.T) {
	d := extracttest.Doc(t, "Priya Venn arrived. The prime minister spoke later.", "titles")
	if len(d.Roles) != 1 || d.Roles[0].Used || d.Roles[0].Role.Canon != "prime minister" || !d.Roles[0].Role.Standalone {
		t.Errorf("roles %+v", d.Roles)
	}
}

func TestSpeechAndPersonVerbsAfterNames(t *testing.T) {
	d := extracttest.RulesDoc(t, "Officials met Kovalenko. Later Ostrander said nothing, and Dravic has left.", "titles")
	if nameAt(t, d, "Kovalenko").Speaks {
		t.Error("Kovalenko is not followed by speech")
	}
	for _, n := range []string{"Ostrander", "Dravic"} {
		if m := nameAt(t, d, n); !m.Speaks || !m.Single {
			t.Errorf("%s: %+v", n, m)
		}
	}
}

func TestPossessiveEndsAPendingTitle(t *testing.T) {
	d := extracttest.Doc(t, "The president's aide Tom Oduya left.", "titles")
	if m := nameAt(t, d, "Tom Oduya"); m.Role != "" {
		t.Errorf("a possessor's title given to the next name: %+v", m)
	}
}
