package stage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/tidings-news/tidings/pkg/stage"
)

func TestInstrumentCountsEveryOutcome(t *testing.T) {
	m := stage.NewMetrics(prometheus.NewRegistry())
	m.Init("parser")
	var inFlight float64
	result := map[string]error{"ok": nil, "retry": errors.New("store unavailable")}
	h := stage.HandlerFunc(func(_ context.Context, d *stage.Delivery) ([]stage.Output, error) {
		inFlight = testutil.ToFloat64(m.InFlight.WithLabelValues("parser"))
		return nil, result[d.DocID]
	})
	mw := stage.Instrument(m, "parser")(h)
	received := time.Now().Add(-time.Second)
	for _, d := range []*stage.Delivery{
		{DocID: "ok", NumDelivered: 1, Received: received},
		{DocID: "ok", NumDelivered: 2},
		{DocID: "retry", NumDelivered: 1, Received: received},
	} {
		_, _ = mw.Handle(context.Background(), d)
		if inFlight != 1 {
			t.Errorf("in flight during the handling = %v, want 1", inFlight)
		}
	}
	for what, c := range map[string]struct {
		got  prometheus.Collector
		want float64
	}{
		"received":     {m.Received.WithLabelValues("parser"), 3},
		"redeliveries": {m.Redeliveries.WithLabelValues("parser"), 1},
		"in flight":    {m.InFlight.WithLabelValues("parser"), 0},
		"ack":          {m.Processed.WithLabelValues("parser", stage.OutcomeAck), 2},
		"nak":          {m.Processed.WithLabelValues("parser", stage.OutcomeNak), 1},
		"dlq":          {m.Processed.WithLabelValues("parser", stage.OutcomeDLQ), 0},
	} {
		if got := testutil.ToFloat64(c.got); got != c.want {
			t.Errorf("%s = %v, want %v", what, got, c.want)
		}
	}
	// Durations: every message; end to end: only the acknowledged one that knew its receive time.
	if n := histogramCount(t, m.Processing); n != 3 {
		t.Errorf("processing observations = %d, want 3", n)
	}
	if n := histogramCount(t, m.EndToEnd); n != 1 {
		t.Errorf("end-to-end observations = %d, want 1", n)
	}
	if last := testutil.ToFloat64(m.LastProcessed.WithLabelValues("parser")); time.Since(time.Unix(int64(last), 0)) > time.Minute {
		t.Errorf("last processed = %v, want about now", last)
	}
}

func histogramCount(t *testing.T, h *prometheus.HistogramVec) uint64 {
	t.Helper()
	reg := prometheus.NewRegistry()
	reg.MustRegister(h)
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var n uint64
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			n += m.GetHistogram().GetSampleCount()
		}
	}
	return n
}
