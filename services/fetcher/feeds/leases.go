package feeds

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Leases are one replica's heartbeat and its leases on feeds, in the
// events.BucketLeases bucket, whose entries expire the bucket's TTL after
// their last write (events.LeaseTTL as the topology declares it): a replica
// that stops renewing (it died, or lost NATS) loses its leases, and the
// live replicas take its feeds over.
type Leases struct {
	kv      jetstream.KeyValue
	replica string
	// held maps a feed id to the revision of our lease on it.
	held map[string]uint64
}

// NewLeases returns the leases of replica (a name unique among the live
// replicas) on kv.
func NewLeases(kv jetstream.KeyValue, replica string) *Leases {
	return &Leases{kv: kv, replica: replica, held: map[string]uint64{}}
}

func leaseKey(feedID string) string { return "lease." + feedID }

// TTL is how long a lease outlives its last renewal: the bucket's TTL (0:
// leases never expire by themselves, a bucket not made for them).
func (l *Leases) TTL(ctx context.Context) (time.Duration, error) {
	st, err := l.kv.Status(ctx)
	if err != nil {
		return 0, fmt.Errorf("lease bucket status: %w", err)
	}
	return st.TTL(), nil
}

// HandOverWithin bounds how long a dead replica's feeds go without a
// replica when leases live ttl and the live replicas tick every tick: its
// heartbeat and leases expire at most ttl after it died (the heartbeat
// first, written at the start of its last tick), and a live replica's tick
// takes a free feed on and polls it if due; one tick may fall between the
// heartbeat's expiry and the last lease's, hence two ticks.
func HandOverWithin(ttl, tick time.Duration) time.Duration { return ttl + 2*tick }

// Heartbeat says the replica is alive.
func (l *Leases) Heartbeat(ctx context.Context) error {
	if _, err := l.kv.Put(ctx, "replica."+l.replica, []byte(time.Now().UTC().Format(time.RFC3339Nano))); err != nil {
		return fmt.Errorf("heartbeat: %w", err)
	}
	return nil
}

// Replicas counts the live replicas (at least 1: this one).
func (l *Leases) Replicas(ctx context.Context) (int, error) {
	lister, err := l.kv.ListKeysFiltered(ctx, "replica.*")
	if err != nil {
		return 1, fmt.Errorf("list replicas: %w", err)
	}
	n := 0
	for range lister.Keys() {
		n++
	}
	return max(n, 1), nil
}

// Holds reports whether the replica holds the lease on feedID.
func (l *Leases) Holds(feedID string) bool {
	_, ok := l.held[feedID]
	return ok
}

// Held lists the feeds the replica holds leases on.
func (l *Leases) Held() []string {
	ids := make([]string, 0, len(l.held))
	for id := range l.held {
		ids = append(ids, id)
	}
	return ids
}

// Acquire takes the lease on feedID if nobody holds it.
func (l *Leases) Acquire(ctx context.Context, feedID string) (bool, error) {
	rev, err := l.kv.Create(ctx, leaseKey(feedID), []byte(l.replica))
	if errors.Is(err, jetstream.ErrKeyExists) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("acquire lease on feed %s: %w", feedID, err)
	}
	l.held[feedID] = rev
	return true, nil
}

// Renew extends the lease on feedID; false means it was lost (it expired
// and another replica may have it now).
func (l *Leases) Renew(ctx context.Context, feedID string) (bool, error) {
	rev, ok := l.held[feedID]
	if !ok {
		return false, nil
	}
	next, err := l.kv.Update(ctx, leaseKey(feedID), []byte(l.replica), rev)
	if err == nil {
		l.held[feedID] = next
		return true, nil
	}
	var apiErr *jetstream.APIError
	if errors.As(err, &apiErr) && apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequence {
		delete(l.held, feedID)
		return false, nil
	}
	return true, fmt.Errorf("renew lease on feed %s: %w", feedID, err)
}

// Release gives the lease on feedID up (if it is still ours).
func (l *Leases) Release(ctx context.Context, feedID string) error {
	rev, ok := l.held[feedID]
	if !ok {
		return nil
	}
	delete(l.held, feedID)
	err := l.kv.Delete(ctx, leaseKey(feedID), jetstream.LastRevision(rev))
	var apiErr *jetstream.APIError
	if err != nil && !(errors.As(err, &apiErr) && apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequence) {
		return fmt.Errorf("release lease on feed %s: %w", feedID, err)
	}
	return nil
}

// Stop releases every lease and the heartbeat, so the other replicas take
// the feeds over at once.
func (l *Leases) Stop(ctx context.Context) error {
	var errs []error
	for _, id := range l.Held() {
		errs = append(errs, l.Release(ctx, id))
	}
	if err := l.kv.Delete(ctx, "replica."+l.replica); err != nil {
		errs = append(errs, fmt.Errorf("remove heartbeat: %w", err))
	}
	return errors.Join(errs...)
}
