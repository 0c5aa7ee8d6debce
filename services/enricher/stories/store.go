package stories

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"strings"
	"sync"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tidings-news/tidings/services/enricher/internal/syncmap"
)

// maxCandidates bounds the stories kept under one entity (the latest).
const maxCandidates = 8

// MemStore is a Store in memory.
type MemStore struct {
	of      syncmap.Map[string, string]
	stories syncmap.Map[string, Story]
	ents    syncmap.Map[string, []string]
}

// NewMemStore returns an empty MemStore.
func NewMemStore() *MemStore { return &MemStore{} }

func (m *MemStore) StoryOf(ctx context.Context, id string) (string, bool, error) {
	return m.of.Load(ctx, id)
}

func (m *MemStore) SetStoryOf(ctx context.Context, id, story string) error {
	return m.of.Store(ctx, id, story)
}

func (m *MemStore) Story(ctx context.Context, id string) (*Story, error) {
	s, ok, _ := m.stories.Load(ctx, id)
	if !ok {
		return nil, nil
	}
	c := s.clone()
	return &c, nil
}

func (m *MemStore) Update(ctx context.Context, s *Story, _ bool) (bool, error) {
	return true, m.stories.Store(ctx, s.ID, *s)
}

func (m *MemStore) Candidates(ctx context.Context, e string) ([]string, error) {
	l, _, err := m.ents.Load(ctx, e)
	return append([]string(nil), l...), err
}

func (m *MemStore) Note(_ context.Context, e, story string) error {
	m.ents.Update(e, func(l []string, _ bool) []string { return noted(l, story) })
	return nil
}

// noted puts story last in list (the latest), keeping maxCandidates.
func noted(list []string, story string) []string {
	out := make([]string, 0, len(list)+1)
	for _, s := range list {
		if s != story {
			out = append(out, s)
		}
	}
	out = append(out, story)
	return out[max(0, len(out)-maxCandidates):]
}

// KVStore is a Store in a JetStream key-value bucket (events.BucketStories),
// shared by the enricher's replicas: keys story.<id>, of.<article>,
// ent.<entity> (entity ids hashed into the key). It keeps the stories it
// read or wrote last, decoded, by revision: a story read again unchanged
// (most candidates between two articles joining them) is not decoded again.
type KVStore struct {
	kv    jetstream.KeyValue
	mu    sync.Mutex
	known map[string]Story // by id, each as of its rev
}

// maxKnown bounds the stories a KVStore keeps decoded (some 3 kB each).
const maxKnown = 2048

// NewKVStore returns the store on kv.
func NewKVStore(kv jetstream.KeyValue) *KVStore { return &KVStore{kv: kv, known: map[string]Story{}} }

// remember keeps a copy of story id, s; when full, it forgets the others
// first.
func (k *KVStore) remember(id string, s *Story) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if _, ok := k.known[id]; !ok && len(k.known) >= maxKnown {
		clear(k.known)
	}
	k.known[id] = s.clone()
}

// clone is a copy of s that its caller may change: the counts are copied,
// the signature (never changed) is shared.
func (s *Story) clone() Story {
	c := *s
	c.Entities, c.Events = maps.Clone(s.Entities), maps.Clone(s.Events)
	return c
}

func keySafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, s)
}

func (k *KVStore) StoryOf(ctx context.Context, id string) (string, bool, error) {
	e, err := k.kv.Get(ctx, "of."+keySafe(id))
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("story of %s: %w", id, err)
	}
	return string(e.Value()), true, nil
}

func (k *KVStore) SetStoryOf(ctx context.Context, id, story string) error {
	if _, err := k.kv.Put(ctx, "of."+keySafe(id), []byte(story)); err != nil {
		return fmt.Errorf("story of %s: %w", id, err)
	}
	return nil
}

func (k *KVStore) Story(ctx context.Context, id string) (*Story, error) {
	e, err := k.kv.Get(ctx, "story."+keySafe(id))
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("story %s: %w", id, err)
	}
	k.mu.Lock()
	c, ok := k.known[id]
	k.mu.Unlock()
	if ok && c.rev == e.Revision() {
		s := c.clone()
		return &s, nil
	}
	var s Story
	if err := json.Unmarshal(e.Value(), &s); err != nil {
		return nil, fmt.Errorf("story %s: %w", id, err)
	}
	s.rev = e.Revision()
	k.remember(id, &s)
	return &s, nil
}

func (k *KVStore) Update(ctx context.Context, s *Story, create bool) (bool, error) {
	b, err := json.Marshal(s)
	if err != nil {
		return false, fmt.Errorf("encode story: %w", err)
	}
	key := "story." + keySafe(s.ID)
	rev := s.rev // the revision the caller read
	if create {
		rev, err = k.kv.Create(ctx, key, b)
	} else {
		rev, err = k.kv.Update(ctx, key, b, rev)
	}
	var apiErr *jetstream.APIError
	if errors.Is(err, jetstream.ErrKeyExists) || errors.As(err, &apiErr) && apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequence {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("story %s: %w", s.ID, err)
	}
	s.rev = rev
	k.remember(s.ID, s)
	return true, nil
}

func (k *KVStore) Candidates(ctx context.Context, entity string) ([]string, error) {
	e, err := k.kv.Get(ctx, "ent."+keySafe(entity))
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("stories of %s: %w", entity, err)
	}
	return strings.Fields(string(e.Value())), nil
}

func (k *KVStore) Note(ctx context.Context, entity, story string) error {
	list, err := k.Candidates(ctx, entity)
	if err != nil {
		return err
	}
	if _, err := k.kv.Put(ctx, "ent."+keySafe(entity), []byte(strings.Join(noted(list, story), " "))); err != nil {
		return fmt.Errorf("stories of %s: %w", entity, err)
	}
	return nil
}
