package api

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
)

// openAPIDoc is the OpenAPI 3 description of the API.
//
//go:embed openapi.json
var openAPIDoc []byte

func (s *server) openAPI(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(s.doc)
}

// MergeOpenAPI returns the read API's OpenAPI document with the paths and
// components of others added (tidings up serves the intake API beside it):
// their titles and descriptions are appended to its own. A path both
// describe is an error, but for the OpenAPI document itself (the merged one
// describes it); so is a component both name differently.
func MergeOpenAPI(others ...[]byte) ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		return nil, fmt.Errorf("read API's OpenAPI document: %w", err)
	}
	for i, raw := range others {
		var other map[string]any
		if err := json.Unmarshal(raw, &other); err != nil {
			return nil, fmt.Errorf("OpenAPI document %d: %w", i+1, err)
		}
		if err := merge(doc, other); err != nil {
			return nil, fmt.Errorf("OpenAPI document %d: %w", i+1, err)
		}
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("merged OpenAPI document: %w", err)
	}
	return append(out, '\n'), nil
}

// merge adds other's info, paths and components to doc.
func merge(doc, other map[string]any) error {
	info, oinfo := object(doc, "info"), object(other, "info")
	for key, sep := range map[string]string{"title": " and ", "description": "\n\n"} {
		if v, _ := oinfo[key].(string); v != "" {
			info[key] = fmt.Sprint(info[key]) + sep + v
		}
	}
	paths := object(doc, "paths")
	for path, ops := range object(other, "paths") {
		if _, ok := paths[path]; ok {
			if path == Prefix+"/openapi.json" {
				continue
			}
			return fmt.Errorf("path %s is described twice", path)
		}
		paths[path] = ops
	}
	comps := object(doc, "components")
	for kind, v := range object(other, "components") {
		ours := object(comps, kind)
		theirs, _ := v.(map[string]any)
		for name, def := range theirs {
			if have, ok := ours[name]; ok && !reflect.DeepEqual(have, def) {
				return fmt.Errorf("components.%s.%s is defined differently", kind, name)
			}
			ours[name] = def
		}
	}
	return nil
}

// object returns m[key] as an object, adding an empty one when missing.
func object(m map[string]any, key string) map[string]any {
	o, ok := m[key].(map[string]any)
	if !ok {
		o = map[string]any{}
		m[key] = o
	}
	return o
}
