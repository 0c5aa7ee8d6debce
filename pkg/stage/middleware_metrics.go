package stage

import (
	"context"
	"time"
)

// Instrument counts and times every message of stage in m: received,
// redeliveries, in flight, processed by outcome (see Outcome), processing
// seconds, and for a success the last-processed time and the end-to-end
// latency from the fetcher's receive time.
func Instrument(m *Metrics, stage string) Middleware {
	return func(next Handler) Handler {
		return HandlerFunc(func(ctx context.Context, d *Delivery) ([]Output, error) {
			start := time.Now()
			m.Received.WithLabelValues(stage).Inc()
			if d.NumDelivered > 1 {
				m.Redeliveries.WithLabelValues(stage).Inc()
			}
			inflight := m.InFlight.WithLabelValues(stage)
			inflight.Inc()
			defer inflight.Dec()

			outs, err := next.Handle(ctx, d)
			m.Processed.WithLabelValues(stage, Outcome(err)).Inc()
			now := time.Now()
			m.Processing.WithLabelValues(stage).Observe(now.Sub(start).Seconds())
			if err == nil {
				m.LastProcessed.WithLabelValues(stage).Set(float64(now.UnixNano()) / 1e9)
				if !d.Received.IsZero() {
					m.EndToEnd.WithLabelValues(stage).Observe(now.Sub(d.Received).Seconds())
				}
			}
			return outs, err
		})
	}
}
