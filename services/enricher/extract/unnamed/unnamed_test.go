package unnamed_test

import (
	"testing"

	"github.com/tidings-news/tidings/services/enricher/extract/extracttest"
)

func TestUnnamedSpeakers(t *testing.T) {
	cases := map[string][]string{
		"A Number 10 spokesman said no.":                  {"A Number 10 spokesman"},
		"One senior backbencher and two aides left.":      {"One senior backbencher", "two aides"},
		"Keir Smith's spokesman declined.":                {"Keir Smith's spokesman"},
		"The Kremlin spokesman Ivan Sorokin said no.":     nil, // named after all
		"Officials said it was over.":                     nil, // no determiner: not one noun phrase
		"He met with officials.":                          nil,
		"A spokeswoman for the ministry did not respond.": {"A spokeswoman", "the ministry"},
	}
	for body, want := range cases {
		d := extracttest.Doc(t, body, "unnamed")
		var got []string
		for _, u := range d.Unnamed {
			got = append(got, d.Body[u.Start:u.End])
		}
		extracttest.SameTexts(t, body, got, want)
	}
}
