package sink

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
	"github.com/tidings-news/tidings/services/sink/store"
	"github.com/tidings-news/tidings/services/sink/store/storetest"
)

// fakeStore records upserts and fails them with err.
type fakeStore struct {
	store.Store
	upserts []string
	err     error
}

func (f *fakeStore) Upsert(_ context.Context, rec *events.EnrichedArticle) error {
	f.upserts = append(f.upserts, rec.ID)
	return f.err
}

func (f *fakeStore) Ping(context.Context) error { return f.err }

func TestHandleStores(t *testing.T) {
	st := &fakeStore{}
	rec := storetest.Record(1)
	outs, err := NewHandler(st).Handle(context.Background(), &stage.Delivery{Data: stagetest.Marshal(t, rec), DocID: rec.ID})
	if err != nil || len(outs) != 0 {
		t.Fatalf("Handle = %v, %v; want no outputs and no error", outs, err)
	}
	if len(st.upserts) != 1 || st.upserts[0] != rec.ID {
		t.Errorf("upserts %v, want [%s]", st.upserts, rec.ID)
	}
}

func TestHandleRejectsBadInput(t *testing.T) {
	v2 := storetest.Record(1)
	v2.SchemaVersion = events.SchemaVersion + 1
	v0 := storetest.Record(2)
	v0.SchemaVersion = 0
	cases := map[string]struct {
		data   []byte
		reason string
	}{
		"not json":        {[]byte("{not json"), stage.ReasonDecode},
		"empty":           {nil, stage.ReasonDecode},
		"wrong shape":     {[]byte(`{"schema_version": 1, "id": 42}`), stage.ReasonDecode},
		"trailing data":   {append(stagetest.Marshal(t, storetest.Record(3)), []byte("{}")...), stage.ReasonDecode},
		"no id":           {[]byte(`{"schema_version": 1, "source": "a.txt"}`), stage.ReasonDecode},
		"duplicate id":    {[]byte(`{"schema_version": 1, "id": "a", "id": "b"}`), stage.ReasonDecode},
		"invalid UTF-8":   {[]byte("{\"schema_version\": 1, \"id\": \"a\xff\"}"), stage.ReasonDecode},
		"newer schema":    {stagetest.Marshal(t, v2), stage.ReasonSchemaVersion},
		"missing version": {stagetest.Marshal(t, v0), stage.ReasonSchemaVersion},
	}
	for name, c := range cases {
		st := &fakeStore{}
		// As the router runs it: the schema version is checked first.
		h := stage.Chain(NewHandler(st), stage.SchemaVersion(events.SchemaVersion))
		_, err := h.Handle(context.Background(), &stage.Delivery{Data: c.data})
		if reason, ok := stage.IsPermanent(err); !ok || reason != c.reason {
			t.Errorf("%s: error %v (permanent %v, reason %q), want permanent %q", name, err, ok, reason, c.reason)
		}
		if len(st.upserts) != 0 {
			t.Errorf("%s: stored %v", name, st.upserts)
		}
	}
}

func TestHandleStoreErrorIsTransient(t *testing.T) {
	boom := errors.New("database is locked")
	rec := storetest.Record(1)
	_, err := NewHandler(&fakeStore{err: boom}).Handle(context.Background(), &stage.Delivery{Data: stagetest.Marshal(t, rec)})
	if !errors.Is(err, boom) {
		t.Fatalf("error %v, want the store's error", err)
	}
	if _, permanent := stage.IsPermanent(err); permanent {
		t.Errorf("a store error was marked permanent: %v", err)
	}
	if !strings.Contains(err.Error(), rec.ID) {
		t.Errorf("error %q does not name the article", err)
	}
}

func TestReady(t *testing.T) {
	if err := Ready(&fakeStore{})(context.Background()); err != nil {
		t.Errorf("Ready with a healthy store: %v", err)
	}
	if err := Ready(&fakeStore{err: errors.New("disk gone")})(context.Background()); err == nil {
		t.Error("Ready with a failing store reported ready")
	}
}

// encodingStore is a fakeStore that takes a record's encoded JSON.
type encodingStore struct {
	fakeStore
	encoded []store.Encoded
}

func (e *encodingStore) UpsertEncoded(_ context.Context, rec *events.EnrichedArticle, enc store.Encoded) error {
	e.upserts = append(e.upserts, rec.ID)
	e.encoded = append(e.encoded, enc)
	return e.err
}

// TestALargeRecordKeepsItsMessageAsItsStoredJSON: a large payload decoded
// in place leaves the record's JSON but for its body in the payload, cut
// around it (the store need not encode the record again); a small one, or
// a store that cannot take it, gets the record alone.
func TestALargeRecordKeepsItsMessageAsItsStoredJSON(t *testing.T) {
	rec := storetest.Record(1)
	rec.Body = strings.Repeat("Talks \"resumed\" on Monday.\n", stage.OwnedValueBytes/10)
	data := stagetest.Marshal(t, rec)
	bodiless := *rec
	bodiless.Body = ""
	want := string(stagetest.Marshal(t, &bodiless))

	var in received
	if err := unmarshalReceivedOwned(data, &in); err != nil {
		t.Fatal(err)
	}
	if in.rec.Body != rec.Body || in.rec.ID != rec.ID {
		t.Fatalf("decoded body of %d bytes, id %q", len(in.rec.Body), in.rec.ID)
	}
	if got := strings.Join(in.encoded, ""); got != want {
		t.Errorf("the encoded record is %d bytes, want the %d of the record without its body", len(got), len(want))
	}
	st := &encodingStore{}
	if err := upsert(context.Background(), st, &in); err != nil || len(st.encoded) != 1 || st.encoded[0] == nil {
		t.Errorf("a store taking encoded JSON got %v (%v)", st.encoded, err)
	}
	plain := &fakeStore{}
	if err := upsert(context.Background(), plain, &in); err != nil || len(plain.upserts) != 1 {
		t.Errorf("a store without it: upserts %v (%v)", plain.upserts, err)
	}

	var small received
	if err := unmarshalReceived(stagetest.Marshal(t, storetest.Record(2)), &small); err != nil || small.encoded != nil {
		t.Errorf("a small payload: encoded %v (%v), want none", small.encoded, err)
	}
	// Two large values decoded in place: the payload around the body is no
	// longer the record's JSON, so none is kept.
	rec.Title = rec.Body
	var two received
	if err := unmarshalReceivedOwned(stagetest.Marshal(t, rec), &two); err != nil || two.encoded != nil {
		t.Errorf("a large title and body: encoded %d pieces (%v), want none", len(two.encoded), err)
	}
}
