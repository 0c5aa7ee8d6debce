package extracttest

import (
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

// HeapCost runs f and returns how far the heap in use grew over what it was
// before (sampled every 2 ms), the bytes it allocated and the allocations
// it made: what a large input costs, counted rather than timed.
func HeapCost(t testing.TB, f func() error) (growth, allocated, allocs uint64) {
	t.Helper()
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var peak atomic.Uint64
	done, sampled := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(sampled)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			peak.Store(max(peak.Load(), ms.HeapInuse))
			select {
			case <-done:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	err := f()
	close(done)
	<-sampled
	if err != nil {
		t.Fatal(err)
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	return peak.Load() - before.HeapInuse, after.TotalAlloc - before.TotalAlloc, after.Mallocs - before.Mallocs
}
