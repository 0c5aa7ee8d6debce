package enricher

import (
	"encoding/json"
	"testing"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
	"github.com/tidings-news/tidings/services/enricher/extract"
	"github.com/tidings-news/tidings/services/enricher/extract/extracttest"
	"github.com/tidings-news/tidings/services/enricher/extract/ids"
)

func TestHandlerOnJetStream(t *testing.T) {
	env := stagetest.Start(t)

	body := "Prime Minister Jane Doolittle met Canadian President Arlo Finch in Paris on Monday.\n\n" +
		"\u201cWe agreed to work together,\u201d Ms Doolittle said."
	art := events.Article{SchemaVersion: events.SchemaVersion, ID: "doc-good", Source: "good.txt", Body: body, Language: "en"}
	data, err := json.Marshal(art)
	if err != nil {
		t.Fatal(err)
	}
	env.Publish(t, events.SubjectArticles, "doc-good", data)
	env.Publish(t, events.SubjectArticles, "doc-bad", []byte("{not json"))

	x, err := extract.New(extract.Options{Registry: ids.NewMemoryRegistry()})
	if err != nil {
		t.Fatal(err)
	}
	env.Run(t, stage.RouterConfig{Stage: events.StageEnricher, Consumer: events.EnricherConsumer(), Concurrency: 2}, NewHandler(x, nil))

	out := env.Messages(t, events.StreamEnriched, 1)
	var rec events.EnrichedArticle
	if err := json.Unmarshal(out[0].Data, &rec); err != nil {
		t.Fatal(err)
	}
	if !rec.Enriched || rec.ID != "doc-good" || rec.Body != body {
		t.Fatalf("enriched record: enriched=%v id=%q", rec.Enriched, rec.ID)
	}
	if got := out[0].Header.Get(events.HeaderType); got != events.CETypeArticleEnriched {
		t.Errorf("type header %q, want %q", got, events.CETypeArticleEnriched)
	}
	names := extracttest.EntityNames(&rec)
	for _, want := range []string{"Jane Doolittle", "Arlo Finch", "Paris"} {
		if !names[want] {
			t.Errorf("entity %q missing; got %v", want, names)
		}
	}
	if len(rec.Quotes) != 1 || rec.Quotes[0].Speaker == nil || rec.Quotes[0].Speaker.Name != "Jane Doolittle" {
		t.Errorf("quotes: %+v", rec.Quotes)
	}

	dl := env.Messages(t, events.StreamDLQ, 1)
	if got := dl[0].Header.Get(events.HeaderDLQReason); got != stage.ReasonDecode {
		t.Errorf("DLQ reason %q, want %q", got, stage.ReasonDecode)
	}
	if got := dl[0].Header.Get(events.HeaderDocID); got != "doc-bad" {
		t.Errorf("DLQ doc id %q, want doc-bad", got)
	}
}

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
