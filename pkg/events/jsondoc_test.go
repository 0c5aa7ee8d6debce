package events

import (
	"strings"
	"testing"
)

func TestCheckJSONDocument(t *testing.T) {
	for doc, want := range map[string]string{
		`{"title": "T", "body": "Some text."}`:      "",
		`{"text": ["One.", "Two."]}`:                "",
		`{"articleBody": "<p>Markup</p>"}`:          "",
		`{"content": "x", "body": ""}`:              "",
		`{"title": "T", "body": "unterminated`:      "not valid JSON",
		`[{"body": "x"}]`:                           "is a array, not an object",
		`"just a string"`:                           "is a string, not an object",
		`null`:                                      "null",
		`{"title": "T"}`:                            "no article text",
		`{"body": "   ", "text": [], "content": 3}`: "no article text",
	} {
		err := CheckJSONDocument([]byte(doc))
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: %v, want accepted", doc, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%s: %v, want an error saying %q", doc, err, want)
		}
	}
}
