package events

import (
	"embed"
	"fmt"
	"slices"
)

// JSON Schemas (draft 2020-12) of the messages, one file per message type and
// version. Each file is self-contained (shared parts are repeated under $defs)
// and does not forbid unknown properties: fields may be added within a
// version. The package's tests keep the schemas and the Go types in step.
const (
	SchemaURL      = "url.v1.json"      // URLRequest
	SchemaDocument = "document.v1.json" // Document
	SchemaArticle  = "article.v1.json"  // Article
	SchemaEnriched = "enriched.v1.json" // EnrichedArticle
	SchemaEvent    = "event.v1.json"    // EventMessage
	SchemaEntity   = "entity.v1.json"   // EntityMessage
	SchemaQuote    = "quote.v1.json"    // QuoteMessage
)

// SchemaBaseURL is the prefix of every schema's $id: SchemaBaseURL + name.
const SchemaBaseURL = "https://tidings.dev/schema/"

//go:embed schema/*.json
var schemaFS embed.FS

// SchemaNames lists the embedded schemas in flow order, the fan-out messages last.
func SchemaNames() []string {
	return []string{SchemaURL, SchemaDocument, SchemaArticle, SchemaEnriched, SchemaEvent, SchemaEntity, SchemaQuote}
}

// Schema returns the JSON Schema of the given name (one of SchemaNames), as a
// copy the caller may keep or modify.
func Schema(name string) ([]byte, error) {
	if !slices.Contains(SchemaNames(), name) {
		return nil, fmt.Errorf("events: unknown schema %q", name)
	}
	return schemaFS.ReadFile("schema/" + name)
}
