package stage

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/tidings-news/tidings/pkg/events"
)

// headerRoom is what a message keeps free for its headers below the
// server's maximum payload.
const headerRoom = 16 << 10

// claimChecks moves payloads too large for a message into the JetStream
// object store and back: the message then carries only the object's name in
// the tidings-claim-check header.
type claimChecks struct {
	js   jetstream.JetStream
	once sync.Once
	obs  jetstream.ObjectStore
	err  error
}

func (c *claimChecks) store(ctx context.Context) (jetstream.ObjectStore, error) {
	c.once.Do(func() {
		c.obs, c.err = (Topology{}).EnsureObjectStore(ctx, c.js)
	})
	return c.obs, c.err
}

// limit is the largest payload sent inline.
func (c *claimChecks) limit() int {
	max := int(c.js.Conn().MaxPayload())
	if max <= 0 {
		max = 1 << 20
	}
	return max - headerRoom
}

// put stores data under name when it is too large for a message and returns
// the payload to send: data itself, or nothing with the claim-check header set.
func (c *claimChecks) put(ctx context.Context, name string, h nats.Header, data []byte) ([]byte, error) {
	if len(data) <= c.limit() {
		return data, nil
	}
	obs, err := c.store(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := obs.PutBytes(ctx, name, data); err != nil {
		return nil, fmt.Errorf("claim check %s: %w", name, err)
	}
	h.Set(events.HeaderClaimCheck, events.ObjectBucket+"/"+name)
	return nil, nil
}

// load returns the payload a message stands for: its data, or the object
// its claim-check header names. A missing object is permanent.
func (c *claimChecks) load(ctx context.Context, h nats.Header, data []byte) ([]byte, error) {
	ref := h.Get(events.HeaderClaimCheck)
	if ref == "" {
		return data, nil
	}
	bucket, name, ok := strings.Cut(ref, "/")
	if !ok || bucket != events.ObjectBucket {
		return nil, Permanent("missing_object", fmt.Errorf("claim check %q: not in bucket %s", ref, events.ObjectBucket))
	}
	obs, err := c.store(ctx)
	if err != nil {
		return nil, err
	}
	b, err := obs.GetBytes(ctx, name)
	if errors.Is(err, jetstream.ErrObjectNotFound) {
		return nil, Permanent("missing_object", fmt.Errorf("claim check %q: %w", ref, err))
	}
	if err != nil {
		return nil, fmt.Errorf("claim check %q: %w", ref, err)
	}
	return b, nil
}
