package stage

import (
	"context"
	"fmt"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tidings-news/tidings/pkg/events"
)

// KeyValueConfig turns a contract bucket into a JetStream configuration
// with the topology's replicas.
func (t Topology) KeyValueConfig(s events.KeyValueSpec) jetstream.KeyValueConfig {
	return jetstream.KeyValueConfig{
		Bucket:      s.Bucket,
		Description: s.Description,
		History:     uint8(max(s.History, 1)),
		TTL:         s.TTL,
		Storage:     jetstream.FileStorage,
		Replicas:    t.replicas(),
	}
}

// KeyValue declares one of the pipeline's key-value buckets
// (events.KeyValues) as a stage does, never lowering its replicas, and
// opens it.
func (t Topology) KeyValue(ctx context.Context, js jetstream.JetStream, bucket string) (jetstream.KeyValue, error) {
	spec, ok := events.KeyValue(bucket)
	if !ok {
		return nil, fmt.Errorf("key-value bucket %s is not part of the topology", bucket)
	}
	kv, _, err := t.ensureBucket(ctx, js, t.KeyValueConfig(spec))
	return kv, err
}
