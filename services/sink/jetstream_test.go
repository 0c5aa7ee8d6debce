package sink

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
	"github.com/tidings-news/tidings/services/sink/store"
	"github.com/tidings-news/tidings/services/sink/store/sqlite/sqlitetest"
	"github.com/tidings-news/tidings/services/sink/store/storetest"
)

// flakyStore fails the first Upsert of each id in failing, so that the
// router has to redeliver those messages.
type flakyStore struct {
	store.Store
	mu      sync.Mutex
	failing map[string]bool
}

func (f *flakyStore) Upsert(ctx context.Context, rec *events.EnrichedArticle) error {
	f.mu.Lock()
	fail := f.failing[rec.ID]
	delete(f.failing, rec.ID)
	f.mu.Unlock()
	if fail {
		return errors.New("injected failure")
	}
	return f.Store.Upsert(ctx, rec)
}

// drained reports whether the sink's consumer has nothing pending or unacknowledged.
func drained(ctx context.Context, js jetstream.JetStream) (bool, error) {
	c, err := js.Consumer(ctx, events.StreamEnriched, events.StageSink)
	if err != nil {
		return false, err
	}
	info, err := c.Info(ctx)
	if err != nil {
		return false, err
	}
	return info.NumPending == 0 && info.NumAckPending == 0, nil
}

// deadLetters reads the sink's dead letters.
func deadLetters(ctx context.Context, js jetstream.JetStream) ([]stage.DeadLetter, error) {
	s, err := js.Stream(ctx, events.StreamDLQ)
	if err != nil {
		return nil, err
	}
	info, err := s.Info(ctx)
	if err != nil {
		return nil, err
	}
	var out []stage.DeadLetter
	for seq := info.State.FirstSeq; info.State.Msgs > 0 && seq <= info.State.LastSeq; seq++ {
		raw, err := s.GetMsg(ctx, seq)
		if err != nil {
			return nil, fmt.Errorf("dead letter %d: %w", seq, err)
		}
		if raw.Subject == events.DLQSubject(events.StageSink) {
			out = append(out, stage.ReadDeadLetter(raw))
		}
	}
	return out, nil
}

func TestSinkOnJetStream(t *testing.T) {
	ctx := context.Background()
	env := stagetest.Start(t)
	js := env.JS
	sq := sqlitetest.Open(t)

	good := []*events.EnrichedArticle{storetest.Record(0), storetest.Record(1), storetest.Record(2), storetest.Record(3)}
	st := &flakyStore{Store: sq, failing: map[string]bool{good[2].ID: true}} // redelivered once
	env.Run(t, stage.RouterConfig{Stage: events.StageSink, Consumer: events.SinkConsumer(), Concurrency: 8,
		BackoffBase: 20 * time.Millisecond, BackoffMax: 200 * time.Millisecond}, NewHandler(st))

	newer := storetest.Record(9)
	newer.SchemaVersion = events.SchemaVersion + 1
	env.PublishMsgID(t, events.SubjectEnriched, good[0].ID, "enricher:"+good[0].ID, stagetest.Marshal(t, good[0]))
	env.PublishMsgID(t, events.SubjectEnriched, good[1].ID, "enricher:"+good[1].ID, stagetest.Marshal(t, good[1]))
	env.PublishMsgID(t, events.SubjectEnriched, "bad-1", "enricher:bad-1", []byte("{not json"))
	env.PublishMsgID(t, events.SubjectEnriched, good[2].ID, "enricher:"+good[2].ID, stagetest.Marshal(t, good[2]))
	env.PublishMsgID(t, events.SubjectEnriched, "bad-2", "enricher:bad-2", []byte(`{"schema_version": 1}`))
	env.PublishMsgID(t, events.SubjectEnriched, newer.ID, "enricher:"+newer.ID, stagetest.Marshal(t, newer))
	env.PublishMsgID(t, events.SubjectEnriched, good[3].ID, "enricher:"+good[3].ID, stagetest.Marshal(t, good[3]))

	stagetest.Eventually(t, "4 articles stored and 3 dead letters", 15*time.Second, 20*time.Millisecond, func() error {
		n, err := sq.Count(ctx)
		if err != nil {
			return err
		}
		dl, err := deadLetters(ctx, js)
		if err == nil && (n != len(good) || len(dl) != 3) {
			err = fmt.Errorf("%d stored, %d dead letters", n, len(dl))
		}
		return err
	})

	// The same records again, as a redelivery or a replay would bring them
	// (other message ids, so JetStream does not deduplicate them).
	for _, r := range good {
		env.PublishMsgID(t, events.SubjectEnriched, r.ID, "replay:"+r.ID, stagetest.Marshal(t, r))
	}
	stagetest.WaitFor(t, "the sink's consumer drained", 15*time.Second, func() bool {
		ok, err := drained(ctx, js)
		return err == nil && ok
	})

	if n, err := sq.Count(ctx); err != nil || n != len(good) {
		t.Fatalf("Count = %d, %v; want %d, each article once", n, err, len(good))
	}
	stats, err := sq.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := storetest.ExpectedStats(good); stats != want {
		t.Errorf("row counts after redeliveries\n got %+v\nwant %+v", stats, want)
	}
	for _, r := range good {
		got, err := sq.Get(ctx, r.ID)
		if err != nil {
			t.Fatalf("Get(%s): %v", r.ID, err)
		}
		storetest.AssertSameRecord(t, got, r)
	}

	st.mu.Lock()
	if len(st.failing) != 0 {
		t.Errorf("the failing upsert was never attempted: %v", st.failing)
	}
	st.mu.Unlock()

	dl, err := deadLetters(ctx, js)
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{}
	for _, d := range dl {
		if d.Stage != events.StageSink || d.Stream != events.StreamEnriched {
			t.Errorf("dead letter %+v: want stage sink from %s", d, events.StreamEnriched)
		}
		reasons[d.DocID] = d.Reason
	}
	want := map[string]string{"bad-1": stage.ReasonDecode, "bad-2": stage.ReasonDecode, newer.ID: stage.ReasonSchemaVersion}
	if fmt.Sprint(reasons) != fmt.Sprint(want) {
		t.Errorf("dead letters by doc id %v, want %v", reasons, want)
	}
	if i := slices.IndexFunc(dl, func(d stage.DeadLetter) bool { return d.DocID == "bad-1" }); i < 0 || string(dl[i].Data) != "{not json" {
		t.Errorf("the malformed message is not in the DLQ as it was sent")
	}
}
