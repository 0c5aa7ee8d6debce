package stage

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/events"
)

// Topology declares the pipeline's JetStream objects: the streams, the
// claim-check object store, the entity KV bucket and the consumers.
//
// A stage declares them at start with its own replica count and never lowers
// the replicas of what exists (it warns when they differ): on a cluster, one
// stage started with the default 1 must not scale everything down. The one
// owner of replication is `tidings topology apply`, which sets them exactly
// (Exact).
type Topology struct {
	// Replicas of the streams, buckets and consumers (1 on a single server,
	// 3 on a three-node cluster; below 1 counts as 1).
	Replicas int
	// Exact sets Replicas even when that lowers them (the topology owner).
	Exact bool
	// Log is told when a stage's replicas differ from what exists (nil: not logged).
	Log *zap.Logger
	// RetryBudget sets the stage consumers' MaxDeliver in Apply, as the
	// stages' routers do from their --retry-budget (default DefaultRetryBudget).
	RetryBudget time.Duration
}

// Change is what declaring one object did.
type Change struct {
	// Kind is stream, object store, key-value or consumer.
	Kind string
	Name string
	// Action is created, updated or unchanged.
	Action string
	// Detail says what changed ("replicas 1 → 3").
	Detail string
}

// Change actions.
const (
	ActionCreated   = "created"
	ActionUpdated   = "updated"
	ActionUnchanged = "unchanged"
)

func (c Change) String() string {
	s := fmt.Sprintf("%-12s %-28s %s", c.Kind, c.Name, c.Action)
	if c.Detail != "" {
		s += " (" + c.Detail + ")"
	}
	return s
}

func (t Topology) replicas() int { return max(t.Replicas, 1) }

// StreamConfig turns a contract stream into a JetStream configuration with
// the topology's replica count.
func (t Topology) StreamConfig(s events.StreamSpec) jetstream.StreamConfig {
	return jetstream.StreamConfig{
		Name:       s.Name,
		Subjects:   s.Subjects,
		Retention:  jetstream.LimitsPolicy,
		MaxAge:     s.MaxAge,
		Duplicates: s.Duplicates,
		Storage:    jetstream.FileStorage,
		Replicas:   t.replicas(),
		Discard:    jetstream.DiscardOld,
	}
}

// objectStoreConfig is the claim-check bucket's configuration.
func (t Topology) objectStoreConfig() jetstream.ObjectStoreConfig {
	return jetstream.ObjectStoreConfig{
		Bucket:      events.ClaimCheckBucket,
		Description: "Tidings payloads too large for a message (claim checks)",
		TTL:         events.HistoryMaxAge,
		Storage:     jetstream.FileStorage,
		Replicas:    t.replicas(),
	}
}

// keyValueConfig is the entity registry bucket's configuration.
func (t Topology) keyValueConfig() jetstream.KeyValueConfig {
	return jetstream.KeyValueConfig{
		Bucket: events.KVBucket, Description: "Tidings canonical entity ids", History: 1,
		Storage: jetstream.FileStorage, Replicas: t.replicas(),
	}
}

// Apply declares every stream, the object store, the KV buckets (the
// entity registry's and events.KeyValues) and every consumer of the
// pipeline, and reports what it did to each; after an error, what it did up
// to the object it failed on, that one included when it was to change.
func (t Topology) Apply(ctx context.Context, js jetstream.JetStream) ([]Change, error) {
	var changes []Change
	for _, s := range events.Streams() {
		c, err := t.ensureStream(ctx, js, "stream", t.StreamConfig(s), nil)
		changes = attempted(changes, c, err)
		if err != nil {
			return changes, err
		}
	}
	c, err := t.ensureObjectStore(ctx, js)
	if changes = attempted(changes, c, err); err != nil {
		return changes, err
	}
	_, c, err = t.ensureKeyValue(ctx, js)
	if changes = attempted(changes, c, err); err != nil {
		return changes, err
	}
	for _, spec := range events.KeyValues() {
		_, c, err = t.ensureBucket(ctx, js, t.KeyValueConfig(spec))
		if changes = attempted(changes, c, err); err != nil {
			return changes, err
		}
	}
	for _, spec := range events.Consumers() {
		spec.MaxDeliver = MaxDeliverFor(durationOr(t.RetryBudget, DefaultRetryBudget), JitteredBackoff{Base: DefaultBackoffBase, Max: DefaultBackoffMax})
		for _, cfg := range []struct {
			stream string
			cfg    jetstream.ConsumerConfig
		}{{spec.Stream, ConsumerConfig(spec)}, {events.StreamAdvisories, givenUpConsumerConfig(spec)}} {
			_, c, err := t.ensureConsumer(ctx, js, cfg.stream, cfg.cfg)
			if changes = attempted(changes, c, err); err != nil {
				return changes, err
			}
		}
	}
	return changes, nil
}

// attempted adds c to changes, also when its declaration failed with err if
// it was to change something: a request that timed out may still have been
// carried out, and a retry would then find the object unchanged.
func attempted(changes []Change, c Change, err error) []Change {
	if err != nil && (c.Action == "" || c.Action == ActionUnchanged) {
		return changes
	}
	return append(changes, c)
}

// EnsureStreams declares every pipeline stream and the object-store bucket,
// as every stage does at start.
func (t Topology) EnsureStreams(ctx context.Context, js jetstream.JetStream) error {
	for _, s := range events.Streams() {
		if _, err := t.ensureStream(ctx, js, "stream", t.StreamConfig(s), nil); err != nil {
			return err
		}
	}
	_, err := t.ensureObjectStore(ctx, js)
	return err
}

// EnsureObjectStore opens the claim-check bucket, creating it when missing.
// An existing bucket is used as it is.
func (t Topology) EnsureObjectStore(ctx context.Context, js jetstream.JetStream) (jetstream.ObjectStore, error) {
	obs, err := js.ObjectStore(ctx, events.ClaimCheckBucket)
	if err == nil {
		return obs, nil
	}
	if !errors.Is(err, jetstream.ErrBucketNotFound) {
		return nil, fmt.Errorf("open object store %s: %w", events.ClaimCheckBucket, err)
	}
	if obs, err = js.CreateOrUpdateObjectStore(ctx, t.objectStoreConfig()); err != nil {
		return nil, fmt.Errorf("create object store %s: %w", events.ClaimCheckBucket, err)
	}
	return obs, nil
}

// ensureObjectStore declares the claim-check bucket with the topology's replicas.
func (t Topology) ensureObjectStore(ctx context.Context, js jetstream.JetStream) (Change, error) {
	cfg := t.objectStoreConfig()
	return t.ensureStream(ctx, js, "object store", jetstream.StreamConfig{Name: "OBJ_" + cfg.Bucket, Replicas: cfg.Replicas},
		func(replicas int) error {
			cfg.Replicas = replicas
			if _, err := js.CreateOrUpdateObjectStore(ctx, cfg); err != nil {
				return fmt.Errorf("declare object store %s: %w", cfg.Bucket, err)
			}
			return nil
		})
}

// EnsureKeyValue declares the entity registry bucket and opens it.
func (t Topology) EnsureKeyValue(ctx context.Context, js jetstream.JetStream) (jetstream.KeyValue, error) {
	kv, _, err := t.ensureKeyValue(ctx, js)
	return kv, err
}

func (t Topology) ensureKeyValue(ctx context.Context, js jetstream.JetStream) (jetstream.KeyValue, Change, error) {
	return t.ensureBucket(ctx, js, t.keyValueConfig())
}

// ensureBucket declares a key-value bucket with the topology's replica rule
// and opens it.
func (t Topology) ensureBucket(ctx context.Context, js jetstream.JetStream, cfg jetstream.KeyValueConfig) (jetstream.KeyValue, Change, error) {
	var kv jetstream.KeyValue
	c, err := t.ensureStream(ctx, js, "key-value", jetstream.StreamConfig{Name: "KV_" + cfg.Bucket, Replicas: cfg.Replicas},
		func(replicas int) error {
			cfg.Replicas = replicas
			var err error
			if kv, err = js.CreateOrUpdateKeyValue(ctx, cfg); err != nil {
				return fmt.Errorf("declare key-value bucket %s: %w", cfg.Bucket, err)
			}
			return nil
		})
	if err == nil && kv == nil {
		if kv, err = js.KeyValue(ctx, cfg.Bucket); err != nil {
			err = fmt.Errorf("open key-value bucket %s: %w", cfg.Bucket, err)
		}
	}
	return kv, c, err
}

// ensureStream creates or updates one stream (the backing stream of a bucket
// when declare is set: declare then writes it with the replicas given) and
// reports the change. Replicas follow the topology's rule: exactly for the
// owner, never lowered for a stage.
func (t Topology) ensureStream(ctx context.Context, js jetstream.JetStream, kind string, want jetstream.StreamConfig,
	declare func(replicas int) error) (Change, error) {
	c := Change{Kind: kind, Name: want.Name}
	if declare == nil {
		declare = func(replicas int) error {
			cfg := want
			cfg.Replicas = replicas
			_, err := js.CreateOrUpdateStream(ctx, cfg)
			return err
		}
	}
	s, err := js.Stream(ctx, want.Name)
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		c.Action, c.Detail = ActionCreated, fmt.Sprintf("replicas %d", want.Replicas)
		if err := declare(want.Replicas); err != nil {
			return c, fmt.Errorf("declare %s %s: %w", kind, want.Name, err)
		}
		return c, nil
	}
	if err != nil {
		return c, fmt.Errorf("look up %s %s: %w", kind, want.Name, err)
	}
	cur := s.CachedInfo().Config
	replicas := t.keep(kind, want.Name, cur.Replicas, want.Replicas)
	c.Action = ActionUnchanged
	if replicas != cur.Replicas {
		c.Action, c.Detail = ActionUpdated, fmt.Sprintf("replicas %d → %d", cur.Replicas, replicas)
	} else if want.Subjects != nil && !sameStream(cur, want) {
		c.Action, c.Detail = ActionUpdated, "configuration"
	}
	if c.Action == ActionUnchanged && want.Subjects == nil {
		return c, nil // a bucket as it should be: nothing to write
	}
	if err := declare(replicas); err != nil {
		return c, fmt.Errorf("declare %s %s: %w", kind, want.Name, err)
	}
	return c, nil
}

// keep returns the replicas to declare for an object that has cur and is
// wanted with want: want for the owner; for a stage never fewer than cur,
// warning when they differ.
func (t Topology) keep(kind, name string, cur, want int) int {
	if t.Exact || cur == want {
		return want
	}
	if t.Log != nil {
		t.Log.Warn("replicas differ from this stage's --stream-replicas; never lowering them (`tidings topology apply --replicas N` sets them)",
			zap.String("kind", kind), zap.String("name", name), zap.Int("existing", cur), zap.Int("stage", want),
			zap.Int("kept", max(cur, want)))
	}
	return max(cur, want)
}

// sameStream reports whether cur already has what want declares.
func sameStream(cur, want jetstream.StreamConfig) bool {
	return slices.Equal(cur.Subjects, want.Subjects) && cur.MaxAge == want.MaxAge &&
		cur.Duplicates == want.Duplicates && cur.Retention == want.Retention && cur.Discard == want.Discard
}

// ConsumerConfig turns a contract consumer into a JetStream configuration.
// Its replicas follow its stream's (Replicas 0).
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

// givenUpConsumerConfig is the consumer of the max-deliveries advisories of
// the stage consuming with spec.
func givenUpConsumerConfig(spec events.ConsumerSpec) jetstream.ConsumerConfig {
	return jetstream.ConsumerConfig{
		Durable:       spec.Durable + "-given-up",
		FilterSubject: events.AdvisorySubject(spec.Stream, spec.Durable),
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       30 * time.Second,
	}
}

// EnsureConsumer creates or updates the durable pull consumer of c.
func EnsureConsumer(ctx context.Context, js jetstream.JetStream, c events.ConsumerSpec) (jetstream.Consumer, error) {
	cons, _, err := Topology{}.ensureConsumer(ctx, js, c.Stream, ConsumerConfig(c))
	return cons, err
}

// ensureConsumer creates or updates a consumer, keeping the replicas it has:
// ours follow their stream's (Replicas 0; the server moves them when the
// stream's change, which setting them explicitly would race), and reports
// the change.
func (t Topology) ensureConsumer(ctx context.Context, js jetstream.JetStream, stream string, cfg jetstream.ConsumerConfig) (jetstream.Consumer, Change, error) {
	c := Change{Kind: "consumer", Name: stream + "/" + cfg.Durable, Action: ActionCreated}
	before := 0
	if cons, err := js.Consumer(ctx, stream, cfg.Durable); err == nil {
		info := cons.CachedInfo()
		cur := info.Config
		cfg.Replicas = cur.Replicas // 0: it follows its stream's
		before = consumerReplicas(info)
		c.Action = ActionUnchanged
		if cur.AckWait != cfg.AckWait || max(cur.MaxDeliver, 0) != max(cfg.MaxDeliver, 0) ||
			(cfg.MaxAckPending != 0 && cur.MaxAckPending != cfg.MaxAckPending) {
			c.Action = ActionUpdated
			c.Detail = fmt.Sprintf("ack wait %s, max deliver %d", cfg.AckWait, cfg.MaxDeliver)
		}
	} else if !errors.Is(err, jetstream.ErrConsumerNotFound) {
		return nil, c, fmt.Errorf("look up consumer %s on %s: %w", cfg.Durable, stream, err)
	}
	cons, err := js.CreateOrUpdateConsumer(ctx, stream, cfg)
	if err != nil {
		return nil, c, fmt.Errorf("declare consumer %s on %s: %w", cfg.Durable, stream, err)
	}
	// A consumer that follows its stream moves with it: report where it goes.
	after := consumerReplicas(cons.CachedInfo())
	if cfg.Replicas == 0 && t.Exact {
		after = t.replicas()
	}
	switch {
	case c.Action == ActionCreated:
		c.Detail = fmt.Sprintf("replicas %d", after)
	case before != after:
		c.Action = ActionUpdated
		c.Detail = joinDetail(c.Detail, fmt.Sprintf("replicas %d → %d, following its stream", before, after))
	}
	return cons, c, nil
}

// consumerReplicas is the replicas a consumer is configured with, or when
// it follows its stream's (0), how many servers hold it.
func consumerReplicas(info *jetstream.ConsumerInfo) int {
	switch {
	case info == nil:
		return 1
	case info.Config.Replicas > 0:
		return info.Config.Replicas
	case info.Cluster == nil:
		return 1
	}
	return 1 + len(info.Cluster.Replicas)
}

func joinDetail(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
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
