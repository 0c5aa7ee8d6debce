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
