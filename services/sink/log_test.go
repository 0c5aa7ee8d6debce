package sink

import (
	"context"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
	"github.com/tidings-news/tidings/services/sink/store/storetest"
)

// TestHandleLogsEachStoredArticleAtInfo: the sink's one info line per article
// says it was stored and what it holds.
func TestHandleLogsEachStoredArticleAtInfo(t *testing.T) {
	rec := storetest.Record(1)
	core, logs := observer.New(zapcore.InfoLevel)
	d := &stage.Delivery{Data: stagetest.Marshal(t, rec), DocID: rec.ID, NumDelivered: 1, Log: zap.New(core)}
	if _, err := NewHandler(&fakeStore{}).Handle(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	stored := logs.FilterMessage("article stored").All()
	if len(stored) != 1 || logs.Len() != 1 {
		t.Fatalf("want one info line \"article stored\", got %v", logs.All())
	}
	if f := stored[0].ContextMap(); f["entities"] != int64(len(rec.Entities)) || f["redelivered"] != false {
		t.Errorf("fields %v", f)
	}
}
