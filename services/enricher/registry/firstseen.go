package registry

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/nats-io/nats.go/jetstream"
)

// FirstSeen remembers, in the registry's bucket, which article first
// brought each entity id: the key first.<id> holds that article's document
// id, created first-writer-wins. An article asks whether it is that one, so
// the answer is the same however often the article is enriched again.
type FirstSeen struct {
	kv     jetstream.KeyValue
	cache  sync.Map // entity id → document id; never changes once written
	cached atomic.Int64
}

// NewFirstSeen returns the first-seen record kept in kv (see EnsureBucket).
func NewFirstSeen(kv jetstream.KeyValue) *FirstSeen { return &FirstSeen{kv: kv} }

// FirstSeen reports whether docID is the article through which entity id
// was first seen, recording it as such when no article was before.
func (f *FirstSeen) FirstSeen(ctx context.Context, id, docID string) (bool, error) {
	if doc, ok := f.cache.Load(id); ok {
		return doc.(string) == docID, nil
	}
	key := "first." + keyPart(id)
	first := docID
	if _, err := f.kv.Create(ctx, key, []byte(docID)); err != nil {
		if !errors.Is(err, jetstream.ErrKeyExists) {
			return false, fmt.Errorf("entity registry create %s: %w", key, err)
		}
		e, err := f.kv.Get(ctx, key)
		if err != nil {
			return false, fmt.Errorf("entity registry get %s: %w", key, err)
		}
		first = string(e.Value())
	}
	if f.cached.Add(1) > maxCached {
		f.cache.Clear()
		f.cached.Store(0)
	}
	f.cache.Store(id, first)
	return first == docID, nil
}
