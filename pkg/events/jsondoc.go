package events

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// JSONBodyFields are the members of a JSON document that may hold its text,
// tried in this order: a string (plain text, or HTML when it looks like
// markup) or a list of strings (paragraphs). The parser reads them; the
// fetcher checks that one is there before it accepts the file.
func JSONBodyFields() []string { return []string{"body", "text", "articleBody", "content"} }

// CheckJSONDocument says why content is not a JSON document Tidings can read
// (not valid JSON, not an object, no text in any of JSONBodyFields), or
// returns nil.
func CheckJSONDocument(content []byte) error {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(content, &doc); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return fmt.Errorf("the JSON is a %s, not an object with the article's fields", typeErr.Value)
		}
		return fmt.Errorf("not valid JSON: %w", err)
	}
	if doc == nil {
		return errors.New("the JSON is null, not an object with the article's fields")
	}
	for _, f := range JSONBodyFields() {
		if jsonHasText(doc[f]) {
			return nil
		}
	}
	return fmt.Errorf("no article text: none of %s is a non-empty string or list of strings", strings.Join(JSONBodyFields(), ", "))
}

// jsonHasText reports whether raw is a non-blank string or a list of
// strings with one that is not blank.
func jsonHasText(raw json.RawMessage) bool {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return strings.TrimSpace(s) != ""
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		for _, s := range list {
			if strings.TrimSpace(s) != "" {
				return true
			}
		}
	}
	return false
}
