package stage_test

import (
	"bytes"
	"context"
	"encoding/json"
	"runtime"
	"testing"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
)

func TestClaimCheckLoadsThePayload(t *testing.T) {
	e := newEnv(t)
	claims := stage.NewClaimChecks(e.js, stage.Topology{Replicas: 1}, 1000)
	if claims.Limit() != 1000 {
		t.Fatalf("limit %d, want the 1000 asked for", claims.Limit())
	}
	pub := stage.NewPublisher(e.js, events.StageParser, nil, claims)
	big := bytes.Repeat([]byte("x"), 5000)
	res, err := pub.Publish(context.Background(), stage.Output{Subject: events.SubjectArticles, Type: events.CETypeArticleParsed, DocID: "big", Data: big}, nil)
	if err != nil || !res.ClaimCheck {
		t.Fatalf("publish over the limit: %+v, %v; want a claim check", res, err)
	}
	small, err := pub.Publish(context.Background(), stage.Output{Subject: events.SubjectArticles, Type: events.CETypeArticleParsed, DocID: "small", Data: []byte("tiny")}, nil)
	if err != nil || small.ClaimCheck {
		t.Fatalf("publish under the limit: %+v, %v; want it inline", small, err)
	}
	raw := storedArticle(t, e, res.Sequence)
	if len(raw.Data) != 0 || raw.Header.Get(events.HeaderClaimCheck) != events.ClaimCheckBucket+"/"+events.SubjectArticles+".parser:big" {
		t.Fatalf("stored message: %d bytes, claim check %q", len(raw.Data), raw.Header.Get(events.HeaderClaimCheck))
	}

	var seen []byte
	h := stage.HandlerFunc(func(_ context.Context, d *stage.Delivery) ([]stage.Output, error) {
		seen = d.Data
		return nil, nil
	})
	d := &stage.Delivery{Header: raw.Header, Data: raw.Data}
	if _, err := stage.ClaimCheck(claims)(h).Handle(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(seen, big) || len(d.Data) != 0 {
		t.Errorf("handler saw %d bytes (want %d); the delivery outside holds %d (want 0)", len(seen), len(big), len(d.Data))
	}
	// No header: the payload as it came.
	if _, err := stage.ClaimCheck(claims)(h).Handle(context.Background(), &stage.Delivery{Header: nats.Header{}, Data: []byte("inline")}); err != nil || string(seen) != "inline" {
		t.Errorf("inline payload: %q, %v", seen, err)
	}
	// A reference to nothing, or to another bucket, is bad input for good.
	for _, ref := range []string{events.ClaimCheckBucket + "/no-such-object", "other-bucket/x", "no-slash"} {
		hdr := nats.Header{}
		hdr.Set(events.HeaderClaimCheck, ref)
		_, err := stage.ClaimCheck(claims)(h).Handle(context.Background(), &stage.Delivery{Header: hdr})
		if reason, ok := stage.IsPermanent(err); !ok || reason != stage.ReasonMissingObject {
			t.Errorf("claim check %q: %v, want permanent %s", ref, err, stage.ReasonMissingObject)
		}
	}
}

// The bucket a claim check creates has the replicas of the topology, not one.
func TestClaimCheckBucketFollowsTheTopology(t *testing.T) {
	e := newEnv(t)
	if err := e.js.DeleteObjectStore(context.Background(), events.ClaimCheckBucket); err != nil {
		t.Fatal(err)
	}
	// A single server cannot hold three replicas: asking for them must fail
	// rather than quietly create one.
	claims := stage.NewClaimChecks(e.js, stage.Topology{Replicas: 3}, 10)
	pub := stage.NewPublisher(e.js, events.StageParser, nil, claims)
	if _, err := pub.Publish(context.Background(), stage.Output{Subject: events.SubjectArticles, DocID: "a", Data: bytes.Repeat([]byte("y"), 100)}, nil); err == nil {
		t.Fatal("a three-replica bucket was created on one server")
	}
	if _, err := e.js.ObjectStore(context.Background(), events.ClaimCheckBucket); err != jetstream.ErrBucketNotFound {
		t.Fatalf("bucket after the failed creation: %v, want none", err)
	}
}

// TestClaimCheckGivesBackTheMemoryOfALargePayload: once a payload of
// LargePayload bytes or more is handled, the heap it took is returned to
// the system rather than kept for later (the stages of tidings up held
// every large document's copies at once).
func TestClaimCheckGivesBackTheMemoryOfALargePayload(t *testing.T) {
	e := newEnv(t)
	claims := stage.NewClaimChecks(e.js, stage.Topology{Replicas: 1}, 1000)
	pub := stage.NewPublisher(e.js, events.StageParser, nil, claims)
	res, err := pub.Publish(context.Background(), stage.Output{Subject: events.SubjectArticles, Type: events.CETypeArticleParsed,
		DocID: "large", Data: bytes.Repeat([]byte("x"), 8<<20)}, nil) // over stage.LargePayload
	if err != nil || !res.ClaimCheck {
		t.Fatalf("publish: %+v, %v", res, err)
	}
	raw := storedArticle(t, e, res.Sequence)
	h := stage.HandlerFunc(func(_ context.Context, d *stage.Delivery) ([]stage.Output, error) {
		for range 4 { // a handler's copies of its input, garbage when it returns
			_ = append([]byte(nil), d.Data...)
		}
		return nil, nil
	})
	if _, err := stage.ClaimCheck(claims)(h).Handle(context.Background(), &stage.Delivery{Header: raw.Header}); err != nil {
		t.Fatal(err)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if kept := ms.HeapIdle - ms.HeapReleased; kept > 4<<20 {
		t.Errorf("after an 8 MB payload the heap keeps %d MB it does not use", kept>>20)
	}
}

// storedArticle is the message stored at seq in the articles stream.
func storedArticle(t *testing.T, e *env, seq uint64) *jetstream.RawStreamMsg {
	t.Helper()
	var raw *jetstream.RawStreamMsg
	s, err := e.js.Stream(context.Background(), events.StreamArticles)
	if err == nil {
		raw, err = s.GetMsg(context.Background(), seq)
	}
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// TestTypedDropsALoadedPayloadOnceDecoded: while the work runs, a stage
// holds the decoded input, not also the payload loaded from the object store
// (as large as the input); a payload that came inline stays with the
// delivery (the dead-letter queue stores it).
func TestTypedDropsALoadedPayloadOnceDecoded(t *testing.T) {
	e := newEnv(t)
	claims := stage.NewClaimChecks(e.js, stage.Topology{Replicas: 1}, 1000)
	pub := stage.NewPublisher(e.js, events.StageParser, nil, claims)
	doc, _ := json.Marshal(events.Document{ID: "d", Content: bytes.Repeat([]byte("x"), 5000)})
	res, err := pub.Publish(context.Background(), stage.Output{Subject: events.SubjectArticles, DocID: "d", Data: doc}, nil)
	if err != nil || !res.ClaimCheck {
		t.Fatalf("publish: %+v, %v", res, err)
	}
	var held []int
	h := stage.Typed[events.Document, events.Article]{Input: "document", Work: func(_ context.Context, d *stage.Delivery, in *events.Document) (*events.Article, error) {
		held = append(held, len(d.Data))
		if len(in.Content) != 5000 {
			t.Errorf("decoded %d bytes of content, want 5000", len(in.Content))
		}
		return nil, nil
	}}
	raw := storedArticle(t, e, res.Sequence)
	outer := &stage.Delivery{Header: raw.Header}
	if _, err := stage.ClaimCheck(claims)(h).Handle(context.Background(), outer); err != nil {
		t.Fatal(err)
	}
	if _, err := stage.ClaimCheck(claims)(h).Handle(context.Background(), &stage.Delivery{Header: nats.Header{}, Data: doc}); err != nil {
		t.Fatal(err)
	}
	if len(held) != 2 || held[0] != 0 || held[1] != len(doc) {
		t.Errorf("the work saw payloads of %v bytes, want [0 %d]: a loaded one dropped, an inline one kept", held, len(doc))
	}
}

// TestClaimCheckObjectsAreCompressed: a payload is stored compressed (the
// server's copies of a 20 MB document's objects were some 60 MB at once),
// and an object stored as it is, by an earlier version, still loads.
func TestClaimCheckObjectsAreCompressed(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	claims := stage.NewClaimChecks(e.js, stage.Topology{Replicas: 1}, 1000)
	pub := stage.NewPublisher(e.js, events.StageParser, nil, claims)
	text := bytes.Repeat([]byte("The minister met her counterpart in Geneva on Monday. "), 20000)
	res, err := pub.Publish(ctx, stage.Output{Subject: events.SubjectArticles, DocID: "prose", Data: text}, nil)
	if err != nil || !res.ClaimCheck {
		t.Fatalf("publish: %+v, %v", res, err)
	}
	obs, err := e.js.ObjectStore(ctx, events.ClaimCheckBucket)
	if err != nil {
		t.Fatal(err)
	}
	info, err := obs.GetInfo(ctx, events.SubjectArticles+".parser:prose")
	if err != nil || info.Size*4 > uint64(len(text)) {
		t.Errorf("the object of %d bytes of prose is %v bytes (%v), want under a quarter", len(text), info, err)
	}
	if _, err := obs.PutBytes(ctx, "plain", []byte("as it is")); err != nil {
		t.Fatal(err)
	}
	var seen [][]byte
	h := stage.HandlerFunc(func(_ context.Context, d *stage.Delivery) ([]stage.Output, error) {
		seen = append(seen, d.Data)
		return nil, nil
	})
	for _, ref := range []string{events.SubjectArticles + ".parser:prose", "plain"} {
		hdr := nats.Header{}
		hdr.Set(events.HeaderClaimCheck, events.ClaimCheckBucket+"/"+ref)
		if _, err := stage.ClaimCheck(claims)(h).Handle(ctx, &stage.Delivery{Header: hdr}); err != nil {
			t.Fatal(err)
		}
	}
	if len(seen) != 2 || !bytes.Equal(seen[0], text) || string(seen[1]) != "as it is" {
		t.Errorf("loaded %d payloads, want the prose and the plain object as they were", len(seen))
	}
}
