package stage

import (
	"time"

	"github.com/tidings-news/tidings/pkg/events"
)

// StandardConfig is what the standard chain of a consuming stage needs.
type StandardConfig struct {
	Stage    string
	Consumer events.ConsumerSpec
	Metrics  *Metrics
	DLQ      *DLQ
	// BackoffBase and BackoffMax shape the Nak delay of a transient failure.
	BackoffBase, BackoffMax time.Duration
	// HandlerTimeout bounds one handling, publishing included.
	HandlerTimeout time.Duration
	Claims         *ClaimChecks
	Publisher      *Publisher
}

// Standard is the chain every consuming stage runs, outermost first:
//
//	Instrument       counts and times every message by outcome
//	Backoff          gives a transient failure its Nak delay
//	DeadLetterQueue  stores a permanent failure (or the last retry's) in the DLQ
//	Recover          turns a panic into a transient failure
//	Timeout          bounds the handling, publishing included
//	KeepAlive        sends InProgress while the work runs
//	ClaimCheck       loads a payload that travelled through the object store
//	Publish          publishes the outputs, each acknowledged by the server
//	SchemaVersion    rejects a payload of a schema version this build does not read
//
// A retry or circuit-breaking policy belongs between DeadLetterQueue and
// Recover: it sees every failure before it is settled.
func Standard(c StandardConfig) []Middleware {
	return []Middleware{
		Instrument(c.Metrics, c.Stage),
		Backoff(c.BackoffBase, c.BackoffMax),
		DeadLetterQueue(c.DLQ, c.Consumer),
		Recover(c.Stage),
		Timeout(c.HandlerTimeout),
		KeepAlive(c.Consumer.AckWait/3, ProgressLogEvery),
		ClaimCheck(c.Claims),
		Publish(c.Publisher),
		SchemaVersion(events.SchemaVersion),
	}
}
