package main

import (
	"strings"

	"github.com/jdkato/prose/v3"

	"github.com/tidings-news/tidings/cmd/tidings/internal/evaluate"
	"github.com/tidings-news/tidings/pkg/events"
)

// proseRecord is prose v3's NER output as a record: one entity per distinct
// name and type, no offsets (the scorers take every whole-word occurrence).
func proseRecord(name string, text []byte) (*evaluate.Record, error) {
	doc, err := prose.NewDocument(string(text), prose.WithSegmentation(false), prose.WithTagging(true), prose.WithExtraction(true))
	if err != nil {
		return nil, err
	}
	type key struct{ name, typ string }
	seen := map[key]bool{}
	r := &evaluate.Record{Source: name}
	for _, e := range doc.Entities() {
		t := map[string]string{"PERSON": "PERSON", "GPE": "LOC", "ORGANIZATION": "ORG"}[e.Label]
		if t == "" || seen[key{e.Text, t}] {
			continue
		}
		seen[key{e.Text, t}] = true
		r.Entities = append(r.Entities, events.Entity{ID: strings.ToLower(t + ":" + e.Text), Name: e.Text, Type: t,
			Mentions: []events.Mention{{Text: e.Text}}})
	}
	return r, nil
}
