// Package stage is the runtime every Tidings stage shares: connecting to NATS,
// declaring the streams and consumers, pulling with bounded concurrency,
// publishing with deduplication ids, acknowledging only after the output is
// stored, retrying transient failures with backoff, dead-lettering permanent
// ones, metrics, health endpoints and logging.
//
// A stage supplies a Handler; Runner does the rest:
//
//	r := stage.NewRunner(js, stage.RunnerConfig{Stage: "parser", Consumer: events.ConsumerParser}, handler, metrics, log)
//	err := r.Run(ctx) // returns after ctx is cancelled and in-flight work is done
package stage
