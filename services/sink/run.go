package sink

import (
	"context"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/services/sink/store"
)

// DefaultConcurrency is how many records the sink stores at once unless
// told otherwise: its handlers wait on the store's group commits rather
// than on the CPU, and the more records wait together, the larger each
// batch and the cheaper each article (with 128 rather than 16, a third more
// articles per second into SQLite and PostgreSQL alike; see
// BenchmarkSinkOnJetStream).
const DefaultConcurrency = 128

// GCPercent is the sink binary's garbage-collector target unless GOGC says
// otherwise: its heap is small and short-lived (records in flight), and at
// the default 100 collection takes a third of the writer's CPU.
const GCPercent = 400

// Run is the sink stage on a set-up service: it adds the store's readiness
// check and runs the stage until ctx ends and in-flight work is done. The
// caller owns st (opens it before, closes it after), so that `tidings up`
// can run the sink beside the other stages in one process.
func Run(ctx context.Context, svc *stage.Service, st store.Store) error {
	svc.HTTP.AddCheck("store", Ready(st))
	return svc.Router(stage.RouterConfig{Consumer: events.SinkConsumer()}, NewHandler(st)).Run(ctx)
}
