package stage

import (
	"context"
	"errors"
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
		Replicas:    max(t.Replicas, 1),
	}
}

// KeyValue opens one of the pipeline's key-value buckets (events.KeyValues),
// creating it when missing. An existing bucket is used as it is: its
// replicas are the topology owner's to set.
func (t Topology) KeyValue(ctx context.Context, js jetstream.JetStream, bucket string) (jetstream.KeyValue, error) {
	spec, ok := events.KeyValue(bucket)
	if !ok {
		return nil, fmt.Errorf("key-value bucket %s is not part of the topology", bucket)
	}
	kv, err := js.KeyValue(ctx, bucket)
	if err == nil {
		return kv, nil
	}
	if !errors.Is(err, jetstream.ErrBucketNotFound) {
		return nil, fmt.Errorf("open key-value bucket %s: %w", bucket, err)
	}
	kv, err = js.CreateKeyValue(ctx, t.KeyValueConfig(spec))
	if errors.Is(err, jetstream.ErrBucketExists) {
		kv, err = js.KeyValue(ctx, bucket)
	}
	if err != nil {
		return nil, fmt.Errorf("create key-value bucket %s: %w", bucket, err)
	}
	return kv, nil
}
