package extracttest

import (
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"testing"
	"time"
)

// HeapCost runs f and returns how far the heap in use grew over what it was
// before (sampled every 2 ms), the bytes it allocated and the allocations
// it made: what a large input costs, counted rather than timed. It runs f
// with the collector at GOGC 25, so that the peak follows what f keeps
// rather than how far behind a concurrent collection fell on a busy machine
// (at the default 100 the same run peaked between 3.2 and 4.4 times).
func HeapCost(t testing.TB, f func() error) (growth, allocated, allocs uint64) {
	t.Helper()
	defer debug.SetGCPercent(debug.SetGCPercent(25))
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
