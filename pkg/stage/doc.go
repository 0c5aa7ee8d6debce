// Package stage is the runtime every Tidings stage shares, in the shape of
// watermill's router: a Router pulls a stage's input from its durable
// consumer with bounded concurrency and settles each message (Ack, Nak with a
// delay, Term); everything in between is a Middleware around the stage's
// Handler (see Standard: metrics, backoff, dead-lettering, panic recovery,
// timeout, keep-alive, claim checks, publishing with deduplication ids,
// schema-version checking). Typed turns a stage's work on decoded messages
// into a Handler. Around the router: connecting to NATS, declaring streams
// and consumers, health endpoints, flags and logging (Main, Service).
//
//	r := stage.NewRouter(js, stage.RouterConfig{Stage: "parser", Consumer: events.ParserConsumer()}, handler, metrics, log)
//	err := r.Run(ctx) // returns after ctx is cancelled and in-flight work is done
package stage
