package stage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tidings-news/tidings/pkg/events"
)

// Topology holds the replica count used when declaring streams (1 for a single
// server, 3 for a clustered JetStream).
type Topology struct {
	Replicas int
}

// StreamConfig turns a contract stream into a JetStream configuration.
func (t Topology) StreamConfig(s events.StreamSpec) jetstream.StreamConfig {
	r := t.Replicas
	if r < 1 {
		r = 1
	}
	return jetstream.StreamConfig{
		Name:       s.Name,
		Subjects:   s.Subjects,
		Retention:  jetstream.LimitsPolicy,
		MaxAge:     s.MaxAge,
		Duplicates: s.Duplicates,
		Storage:    jetstream.FileStorage,
		Replicas:   r,
		Discard:    jetstream.DiscardOld,
	}
}

// EnsureStreams creates or updates every pipeline stream and the object-store
// bucket. It is idempotent: every stage calls it at start.
func (t Topology) EnsureStreams(ctx context.Context, js jetstream.JetStream) error {
	for _, s := range events.Streams() {
		if _, err := js.CreateOrUpdateStream(ctx, t.StreamConfig(s)); err != nil {
			return fmt.Errorf("declare stream %s: %w", s.Name, err)
		}
	}
	if _, err := t.EnsureObjectStore(ctx, js); err != nil {
		return err
	}
	return nil
}

// EnsureObjectStore opens (creating when missing) the claim-check bucket;
// its objects live as long as the history of the streams.
func (t Topology) EnsureObjectStore(ctx context.Context, js jetstream.JetStream) (jetstream.ObjectStore, error) {
	r := t.Replicas
	if r < 1 {
		r = 1
	}
	obs, err := js.ObjectStore(ctx, events.ClaimCheckBucket)
	if err == nil {
		return obs, nil
	}
	if !errors.Is(err, jetstream.ErrBucketNotFound) {
		return nil, fmt.Errorf("open object store %s: %w", events.ClaimCheckBucket, err)
	}
	obs, err = js.CreateOrUpdateObjectStore(ctx, jetstream.ObjectStoreConfig{
		Bucket:      events.ClaimCheckBucket,
		Description: "Tidings payloads too large for a message (claim checks)",
		TTL:         events.HistoryMaxAge,
		Storage:     jetstream.FileStorage,
		Replicas:    r,
	})
	if err != nil {
		return nil, fmt.Errorf("create object store %s: %w", events.ClaimCheckBucket, err)
	}
	return obs, nil
}

// ConsumerConfig turns a contract consumer into a JetStream configuration.
func ConsumerConfig(c events.ConsumerSpec) jetstream.ConsumerConfig {
	return jetstream.ConsumerConfig{
		Durable:       c.Durable,
		Name:          c.Durable,
		Description:   "tidings " + c.Durable + " stage",
		FilterSubject: c.FilterSubject,
		AckPolicy:     jetstream.AckExplicitPolicy,
		DeliverPolicy: jetstream.DeliverAllPolicy,
		AckWait:       c.AckWait,
		MaxDeliver:    c.MaxDeliver,
		MaxAckPending: c.MaxAckPending,
		// A generous ceiling on a single pull's wait; the client renews pulls.
		MaxRequestExpires: 5 * time.Minute,
	}
}

// EnsureConsumer creates or updates the durable pull consumer of c.
func EnsureConsumer(ctx context.Context, js jetstream.JetStream, c events.ConsumerSpec) (jetstream.Consumer, error) {
	cons, err := js.CreateOrUpdateConsumer(ctx, c.Stream, ConsumerConfig(c))
	if err != nil {
		return nil, fmt.Errorf("declare consumer %s on %s: %w", c.Durable, c.Stream, err)
	}
	return cons, nil
}

// StreamsPresent checks that every pipeline stream exists (a readiness check).
func StreamsPresent(ctx context.Context, js jetstream.JetStream) error {
	for _, s := range events.Streams() {
		if _, err := js.Stream(ctx, s.Name); err != nil {
			return fmt.Errorf("stream %s: %w", s.Name, err)
		}
	}
	return nil
}
