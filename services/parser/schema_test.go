package parser

import (
	"bytes"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/tidings-news/tidings/pkg/events"
)

var (
	articleSchemaOnce sync.Once
	articleSchema     *jsonschema.Schema
	articleSchemaErr  error
)

// validateArticleJSON checks data against the article's JSON Schema.
func validateArticleJSON(tb testing.TB, data []byte) {
	tb.Helper()
	articleSchemaOnce.Do(func() {
		b, err := events.Schema(events.SchemaArticle)
		if err != nil {
			articleSchemaErr = err
			return
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			articleSchemaErr = err
			return
		}
		c := jsonschema.NewCompiler()
		c.DefaultDraft(jsonschema.Draft2020)
		c.AssertFormat()
		if articleSchemaErr = c.AddResource(events.SchemaBaseURL+events.SchemaArticle, doc); articleSchemaErr != nil {
			return
		}
		articleSchema, articleSchemaErr = c.Compile(events.SchemaBaseURL + events.SchemaArticle)
	})
	if articleSchemaErr != nil {
		tb.Fatalf("article schema: %v", articleSchemaErr)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		tb.Fatal(err)
	}
	if err := articleSchema.Validate(inst); err != nil {
		tb.Errorf("article does not match %s: %v", events.SchemaArticle, err)
	}
}
