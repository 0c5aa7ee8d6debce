package stage_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
)

func TestTypedDecodesWorksAndMarshals(t *testing.T) {
	upper := stage.Typed[events.Document, events.Article]{
		Input: "document", Subject: events.SubjectArticles, Type: events.CETypeArticleParsed,
		Work: func(_ context.Context, _ *stage.Delivery, doc *events.Document) (*events.Article, error) {
			switch doc.Source {
			case "skip.txt":
				return nil, nil
			case "fail.txt":
				return nil, errors.New("store unavailable")
			}
			return &events.Article{ID: doc.ID, Body: string(doc.Content) + "!"}, nil
		},
	}
	in, _ := json.Marshal(events.Document{ID: "body-id", Source: "a.txt", Content: []byte("hello")})
	outs, err := upper.Handle(context.Background(), &stage.Delivery{DocID: "header-id", Data: in})
	if err != nil || len(outs) != 1 {
		t.Fatalf("Handle = %v, %v", outs, err)
	}
	var art events.Article
	if err := json.Unmarshal(outs[0].Data, &art); err != nil || art.Body != "hello!" {
		t.Fatalf("output %s (%v)", outs[0].Data, err)
	}
	if o := outs[0]; o.Subject != events.SubjectArticles || o.Type != events.CETypeArticleParsed || o.DocID != "body-id" {
		t.Errorf("output %+v: want the subject, type and the body's own id", o)
	}

	// An output without its own id takes the delivery's.
	anon, _ := json.Marshal(events.Document{Source: "a.txt"})
	if outs, _ := upper.Handle(context.Background(), &stage.Delivery{DocID: "header-id", Data: anon}); len(outs) != 1 || outs[0].DocID != "header-id" {
		t.Errorf("id-less output: %+v", outs)
	}
	// No output; the work's own error as it is.
	skip, _ := json.Marshal(events.Document{ID: "x", Source: "skip.txt"})
	if outs, err := upper.Handle(context.Background(), &stage.Delivery{Data: skip}); outs != nil || err != nil {
		t.Errorf("nil output: %v, %v", outs, err)
	}
	fail, _ := json.Marshal(events.Document{ID: "x", Source: "fail.txt"})
	if _, err := upper.Handle(context.Background(), &stage.Delivery{Data: fail}); err == nil || stage.Outcome(err) != stage.OutcomeNak {
		t.Errorf("work error: %v", err)
	}
	// Input that is not the type is bad for good.
	for _, data := range []string{"{not json", `{"content": 42}`, ""} {
		_, err := upper.Handle(context.Background(), &stage.Delivery{Data: []byte(data)})
		if reason, ok := stage.IsPermanent(err); !ok || reason != stage.ReasonDecode {
			t.Errorf("input %q: %v, want permanent %s", data, err, stage.ReasonDecode)
		}
	}
	// A stage's own decoder replaces encoding/json's.
	strict := upper
	strict.Unmarshal = func([]byte, any) error { return errors.New("strict says no") }
	if _, err := strict.Handle(context.Background(), &stage.Delivery{Data: in}); err == nil || err.Error() != "decode document: strict says no" {
		t.Errorf("custom decoder: %v", err)
	}
}

func TestTypedAlsoAddsOutputsAfterTheMainOne(t *testing.T) {
	h := stage.Typed[events.Document, events.Article]{
		Input: "document", Subject: events.SubjectArticles, Type: events.CETypeArticleParsed,
		Work: func(_ context.Context, _ *stage.Delivery, doc *events.Document) (*events.Article, error) {
			return &events.Article{ID: doc.ID, Body: doc.Source}, nil
		},
		Also: func(_ context.Context, _ *stage.Delivery, a *events.Article) ([]stage.Output, error) {
			if a.Body == "fail.txt" {
				return nil, errors.New("registry unavailable")
			}
			return []stage.Output{{Subject: events.SubjectQuotes, ItemID: events.ItemID(events.KindQuote, a.ID, 0), Data: []byte(a.Body)}}, nil
		},
	}
	in, _ := json.Marshal(events.Document{ID: "doc", Source: "a.txt"})
	outs, err := h.Handle(context.Background(), &stage.Delivery{Data: in})
	if err != nil || len(outs) != 2 || outs[0].Subject != events.SubjectArticles || outs[1].Subject != events.SubjectQuotes || outs[1].ItemID != "doc.quote.0" {
		t.Fatalf("Handle = %+v, %v; want the article, then the quote", outs, err)
	}
	fail, _ := json.Marshal(events.Document{ID: "doc", Source: "fail.txt"})
	if outs, err := h.Handle(context.Background(), &stage.Delivery{Data: fail}); outs != nil || err == nil || stage.Outcome(err) != stage.OutcomeNak {
		t.Errorf("Also failing: %v, %v; want no outputs and a transient error", outs, err)
	}
}

// TestMarshalIsEncodingJSON: the stages' output is byte for byte what
// encoding/json writes, for every message type (base64 content, times,
// omitted and null members, HTML and line separators escaped).
func TestMarshalIsEncodingJSON(t *testing.T) {
	pub := time.Date(2025, 3, 12, 9, 30, 0, 0, time.FixedZone("", 3600))
	for _, v := range []any{
		events.Document{SchemaVersion: 1, ID: "d", Source: "a <b>.txt", MediaType: "text/plain", ReceivedAt: pub, Size: 3,
			Content: []byte("Talks \u2028resume & go\x00\xff"), Published: &pub},
		events.Article{SchemaVersion: 1, ID: "a", Body: "Delegates met.\n\n\u201cYes\u201d", Paragraphs: []events.Span{{Start: 0, End: 14}}, Published: &pub},
		events.EnrichedArticle{Article: events.Article{ID: "e"}, Entities: []events.Entity{{ID: "per:x", Name: "X"}},
			Events: []events.Event{{Code: "040", Goldstein: 1.5, Location: &events.Ref{Name: "Geneva"}}}, Enriched: true},
		events.Document{}, events.Article{},
	} {
		want, errWant := json.Marshal(v)
		got, errGot := stage.Marshal(v)
		if errWant != nil || errGot != nil || string(got) != string(want) {
			t.Errorf("%T:\n%s (%v)\nencoding/json:\n%s (%v)", v, got, errGot, want, errWant)
		}
		for _, size := range []int{0, 10, 4096} {
			if sized, err := stage.MarshalSized(v, size); err != nil || string(sized) != string(want) {
				t.Errorf("%T, MarshalSized %d:\n%s (%v)\nencoding/json:\n%s", v, size, sized, err, want)
			}
		}
	}
}

// TestMarshalSizedWritesIntoItsBuffer: an output that fits the size given
// is written into one buffer of that size, neither grown nor copied out
// (Marshal's doubled and was copied: some three times a large record).
func TestMarshalSizedWritesIntoItsBuffer(t *testing.T) {
	art := events.Article{ID: "a", Body: strings.Repeat("Delegates met in Geneva.\n\n", 40000)}
	size := len(art.Body) + len(art.Body)/2
	var out []byte
	allocated := testing.AllocsPerRun(3, func() { out, _ = stage.MarshalSized(art, size) })
	if cap(out) != size || allocated > 8 {
		t.Errorf("%d bytes written into a buffer of %d (want the %d given), %v allocations", len(out), cap(out), size, allocated)
	}
}
