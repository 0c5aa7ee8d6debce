package parser

import (
	"encoding/json"
	"testing"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
)

// TestHandlerLogsEachArticleAtInfo: the parser says in one info line what it
// made of each document, so a trace id can be followed through the stages.
func TestHandlerLogsEachArticleAtInfo(t *testing.T) {
	content := []byte("Ferry resumes after storm\n\nThe ferry sailed again on Friday. Passengers cheered on the quay as it left.")
	data, err := json.Marshal(events.Document{SchemaVersion: events.SchemaVersion, ID: "d1", Source: "ferry.txt",
		MediaType: events.MediaText, Content: content, Size: int64(len(content))})
	if err != nil {
		t.Fatal(err)
	}
	logs := stagetest.Logged(t, NewHandler(), &stage.Delivery{Data: data, DocID: "d1", TraceID: "t1"})
	if logs.Len() != 1 {
		t.Fatalf("want one info line, got %v", logs.All())
	}
	f := logs.All()[0].ContextMap()
	if logs.All()[0].Message != "article parsed" || f["trace_id"] != "t1" || f["title"] != "Ferry resumes after storm" || f["paragraphs"] != int64(1) {
		t.Errorf("line %q %v", logs.All()[0].Message, f)
	}
}
