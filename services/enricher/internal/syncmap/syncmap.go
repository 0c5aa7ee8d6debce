// Package syncmap holds Map, a map guarded by a mutex: what the enricher's
// in-memory stores keep in place of a key-value bucket's keys.
package syncmap

import "sync"

// Map is a map from K to V safe for concurrent use; the zero Map is empty
// and ready.
type Map[K comparable, V any] struct {
	mu sync.Mutex
	m  map[K]V
}

// Get returns the value of k and whether k is set.
func (m *Map[K, V]) Get(k K) (V, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.m[k]
	return v, ok
}

// Set sets k to v.
func (m *Map[K, V]) Set(k K, v V) {
	m.Update(k, func(V, bool) V { return v })
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
