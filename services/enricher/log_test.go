package enricher

import (
	"encoding/json"
	"testing"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
	"github.com/tidings-news/tidings/services/enricher/extract"
	"github.com/tidings-news/tidings/services/enricher/extract/ids"
)

// TestHandlerLogsEachArticleAtInfo: every article gets one info line saying
// what the enricher did, and an article left unenriched says why.
func TestHandlerLogsEachArticleAtInfo(t *testing.T) {
	x, err := extract.New(extract.Options{Registry: ids.NewMemoryRegistry()})
	if err != nil {
		t.Fatal(err)
	}
	h := NewHandler(x, nil)
	cases := []struct {
		lang, body, msg string
		fields          map[string]any
	}{
		{"fr", "Le président a annoncé vendredi qu'il rencontrerait son homologue à Paris.", "article not enriched",
			map[string]any{"language": "fr", "reason": `language "fr" is not English (only English articles are enriched)`}},
		{"", "The Kremlin said on Friday that Vladimir Putin would meet Donald Trump in Alaska.", "article enriched",
			map[string]any{"language": ""}},
	}
	for _, c := range cases {
		data, err := json.Marshal(events.Article{SchemaVersion: events.SchemaVersion, ID: "doc-" + c.lang, Body: c.body, Language: c.lang})
		if err != nil {
			t.Fatal(err)
		}
		logs := stagetest.Logged(t, h, &stage.Delivery{Data: data, DocID: "doc-" + c.lang})
		entries := logs.FilterMessage(c.msg).All()
		if len(entries) != 1 || logs.Len() != 1 {
			t.Fatalf("language %q: want one info line %q, got %v", c.lang, c.msg, logs.All())
		}
		got := entries[0].ContextMap()
		for k, v := range c.fields {
			if got[k] != v {
				t.Errorf("language %q: field %s = %v, want %v", c.lang, k, got[k], v)
			}
		}
		if c.msg == "article enriched" && got["entities"].(int64) < 3 {
			t.Errorf("enriched line should count the entities found: %v", got)
		}
	}
}
