package parser

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
)

func TestHandlerOnJetStream(t *testing.T) {
	env := stagetest.Start(t)
	js := env.JS
	ctx := context.Background()

	inline := []byte("Ferry resumes after storm\n\nThe ferry sailed again on Friday. Passengers cheered on the quay.")
	stored := readFixture(t, "article.html")
	storedID := events.DocumentID(stored)
	inlineID := events.DocumentID(inline)
	badID := events.DocumentID([]byte("bad"))
	missingID := events.DocumentID([]byte("missing"))

	env.Publish(t, events.SubjectDocuments, inlineID, stagetest.Marshal(t, events.Document{
		SchemaVersion: events.SchemaVersion, ID: inlineID, Source: "ferry.txt", MediaType: events.MediaText,
		ReceivedAt: time.Now().UTC(), Size: int64(len(inline)), Content: inline,
	}))
	env.Publish(t, events.SubjectDocuments, badID, []byte(`{"id": "not json`))
	// A document over the (here lowered) inline limit travels as a claim
	// check, as the fetcher sends it.
	fetcher := stage.NewPublisher(js, events.StageFetcher, nil, stage.NewClaimChecks(js, stage.Topology{Replicas: 1}, 1000))
	res, err := fetcher.Publish(ctx, stage.Output{Subject: events.SubjectDocuments, Type: events.CETypeDocumentReceived,
		DocID: storedID, Data: stagetest.Marshal(t, events.Document{
			SchemaVersion: events.SchemaVersion, ID: storedID, Source: "bridge.html", MediaType: events.MediaHTML,
			ReceivedAt: time.Now().UTC(), Size: int64(len(stored)), Content: stored,
		})}, nil)
	if err != nil || !res.ClaimCheck {
		t.Fatalf("publish the large document: %+v, %v", res, err)
	}
	// A claim check whose object is gone.
	gone := &nats.Msg{Subject: events.SubjectDocuments, Header: nats.Header{}}
	gone.Header.Set(events.HeaderDocID, missingID)
	gone.Header.Set(events.HeaderClaimCheck, events.ClaimCheckBucket+"/no-such-object")
	if _, err := js.PublishMsg(ctx, gone); err != nil {
		t.Fatal(err)
	}

	env.Run(t, stage.RouterConfig{Stage: events.StageParser, Consumer: events.ParserConsumer(), Concurrency: 2}, NewHandler())

	arts := map[string]events.Article{}
	for _, m := range env.Messages(t, events.StreamArticles, 2) {
		if m.Subject != events.SubjectArticles {
			t.Errorf("article on subject %q", m.Subject)
		}
		if got := m.Header.Get(events.HeaderType); got != events.CETypeArticleParsed {
			t.Errorf("ce-type = %q", got)
		}
		validateArticleJSON(t, m.Data)
		var a events.Article
		if err := json.Unmarshal(m.Data, &a); err != nil {
			t.Fatal(err)
		}
		checkInvariants(t, &a)
		if m.Header.Get(events.HeaderDocID) != a.ID {
			t.Errorf("doc id header %q, article %q", m.Header.Get(events.HeaderDocID), a.ID)
		}
		arts[a.ID] = a
	}
	if a, ok := arts[inlineID]; !ok || a.Title != "Ferry resumes after storm" || len(a.Sentences) != 2 {
		t.Errorf("inline article = %+v", a)
	}
	if a, ok := arts[storedID]; !ok || a.Title != "Old river bridge to close for six months of repairs" {
		t.Errorf("object-store article = %+v", a)
	}

	reasons := map[string]string{}
	for _, m := range env.Messages(t, events.StreamDLQ, 2) {
		reasons[m.Header.Get(events.HeaderDocID)] = m.Header.Get(events.HeaderDLQReason)
	}
	if reasons[badID] != stage.ReasonDecode {
		t.Errorf("malformed document: DLQ reason %q, want %q", reasons[badID], stage.ReasonDecode)
	}
	if reasons[missingID] != stage.ReasonMissingObject {
		t.Errorf("missing object: DLQ reason %q, want %q", reasons[missingID], stage.ReasonMissingObject)
	}
}
