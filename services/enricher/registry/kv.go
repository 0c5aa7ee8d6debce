// Package registry keeps the enricher's canonical entity ids in a JetStream
// key-value bucket shared by every enricher replica and stable across
// restarts (an ids.Registry).
package registry

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tidings-news/tidings/pkg/events"

	"github.com/tidings-news/tidings/services/enricher/extract/fold"
	"github.com/tidings-news/tidings/services/enricher/extract/ids"
	"github.com/tidings-news/tidings/services/enricher/extract/layer"
)

// Bucket is the JetStream key-value bucket the enricher keeps entity ids in
// (declared by stage.Topology.EnsureKeyValue).
const Bucket = events.KVBucket

// KV is an ids.Registry kept in a JetStream key-value bucket, shared by
// every enricher replica and stable across restarts. Each folded name has a
// key holding its id, created first-writer-wins; people are also listed in
// an index by the start of their surname, updated with compare-and-set, so
// that a new spelling finds the person already known.
type KV struct {
	kv     jetstream.KeyValue
	cache  sync.Map // name key → id; ids never change once written
	cached atomic.Int64
}

// maxCached bounds the in-process cache; past it the cache starts over (ids
// are in the bucket, so nothing is lost but a lookup each).
const maxCached = 100_000

// NewKV returns a registry backed by kv (see stage.Topology.EnsureKeyValue).
func NewKV(kv jetstream.KeyValue) *KV {
	return &KV{kv: kv}
}

// keyPart turns free text into a valid KV key token.
func keyPart(s string) string {
	slug := fold.Slug(s)
	ok := slug != "" && len(slug) <= 120
	for i := 0; ok && i < len(slug); i++ {
		c := slug[i]
		ok = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-'
	}
	if ok {
		return slug
	}
	h := sha256.Sum256([]byte(s))
	return "x" + hex.EncodeToString(h[:12])
}

func nameKey(c ids.Candidate) string {
	k := c.Key
	if k == "" {
		k = fold.Key(c.Name)
	}
	return "name." + ids.TypePrefix(c.Type) + "." + keyPart(k)
}

// indexKey groups people by the first three letters of their surname.
func indexKey(surname string) string {
	r := []rune(surname)
	return "person." + keyPart(string(r[:min(3, len(r))]))
}

// Resolve returns the id of c, registering it when it is new.
func (r *KV) Resolve(ctx context.Context, c ids.Candidate) (string, error) {
	nk := nameKey(c)
	if id, ok := r.cache.Load(nk); ok {
		return id.(string), nil
	}
	id, err := r.lookup(ctx, nk)
	if err != nil {
		return "", err
	}
	if id == "" {
		id = ids.SlugID(c)
		if c.Type == string(layer.Person) && c.Surname != "" {
			if id, err = r.indexPerson(ctx, indexKey(c.Surname), c, id); err != nil {
				return "", err
			}
		}
		if c.Type == string(layer.Person) && c.First != "" {
			// people are also found by given name ("Sir Alan")
			if id, err = r.indexPerson(ctx, "given."+keyPart(c.First), c, id); err != nil {
				return "", err
			}
		}
		if id, err = r.claim(ctx, nk, id); err != nil {
			return "", err
		}
	}
	if r.cached.Add(1) > maxCached {
		r.cache.Clear()
		r.cached.Store(0)
	}
	r.cache.Store(nk, id)
	return id, nil
}

func (r *KV) lookup(ctx context.Context, key string) (string, error) {
	e, err := r.kv.Get(ctx, key)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("entity registry get %s: %w", key, err)
	}
	return string(e.Value()), nil
}

// claim writes id under key unless another writer was first; it returns
// the id that won.
func (r *KV) claim(ctx context.Context, key, id string) (string, error) {
	_, err := r.kv.Create(ctx, key, []byte(id))
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, jetstream.ErrKeyExists) {
		return "", fmt.Errorf("entity registry create %s: %w", key, err)
	}
	won, err := r.lookup(ctx, key)
	if err != nil {
		return "", err
	}
	if won == "" {
		return "", fmt.Errorf("entity registry %s: exists but cannot be read", key)
	}
	return won, nil
}

// indexPerson finds c among the people listed under key, or adds it with
// id, retrying when another writer updated the index meanwhile.
func (r *KV) indexPerson(ctx context.Context, key string, c ids.Candidate, id string) (string, error) {
	for attempt := 0; attempt < 20; attempt++ {
		var entries []ids.PersonEntry
		var rev uint64
		e, err := r.kv.Get(ctx, key)
		switch {
		case errors.Is(err, jetstream.ErrKeyNotFound):
		case err != nil:
			return "", fmt.Errorf("entity registry get %s: %w", key, err)
		default:
			rev = e.Revision()
			if err := json.Unmarshal(e.Value(), &entries); err != nil {
				return "", fmt.Errorf("entity registry %s: %w", key, err)
			}
		}
		found, ok := ids.MatchPerson(entries, c)
		if ok && ids.HasSpelling(entries, found, c) {
			return found, nil
		}
		if ok {
			id = found // a new spelling of a known person: remember it too
		}
		entries = append(entries, ids.PersonEntry{ID: id, First: c.First, Surname: c.Surname, Role: c.Role})
		data, err := json.Marshal(entries)
		if err != nil {
			return "", fmt.Errorf("entity registry %s: %w", key, err)
		}
		if rev == 0 {
			_, err = r.kv.Create(ctx, key, data)
		} else {
			_, err = r.kv.Update(ctx, key, data, rev)
		}
		if err == nil {
			return id, nil
		}
		if !isConflict(err) {
			return "", fmt.Errorf("entity registry update %s: %w", key, err)
		}
	}
	return "", fmt.Errorf("entity registry %s: too much contention", key)
}

// isConflict reports a lost compare-and-set.
func isConflict(err error) bool {
	if errors.Is(err, jetstream.ErrKeyExists) {
		return true
	}
	var apiErr *jetstream.APIError
	if errors.As(err, &apiErr) && apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequence {
		return true
	}
	return strings.Contains(err.Error(), "wrong last sequence")
}
