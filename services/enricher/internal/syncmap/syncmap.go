// Package syncmap holds Map, a map guarded by a mutex: what the enricher's
// in-memory stores keep in place of a key-value bucket's keys, with reads
// and writes shaped as the stores' methods.
package syncmap

import (
	"context"
	"sync"
)

// Map is a map from K to V safe for concurrent use; the zero Map is empty
// and ready.
type Map[K comparable, V any] struct {
	mu sync.Mutex
	m  map[K]V
}

// Load returns the value of k and whether k is set, in the shape of a
// store's read (it never fails).
func (m *Map[K, V]) Load(_ context.Context, k K) (V, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.m[k]
	return v, ok, nil
}

// Store sets k to v, in the shape of a store's write (it never fails).
func (m *Map[K, V]) Store(_ context.Context, k K, v V) error {
	m.Update(k, func(V, bool) V { return v })
	return nil
}

// Update sets k to what f makes of its value (the zero V and false when k
// is not set), all under the lock, and returns the new value.
func (m *Map[K, V]) Update(k K, f func(old V, ok bool) V) V {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.m == nil {
		m.m = map[K]V{}
	}
	old, ok := m.m[k]
	v := f(old, ok)
	m.m[k] = v
	return v
}
