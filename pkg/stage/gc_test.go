package stage

import (
	"runtime/debug"
	"testing"
)

// TestHandlingLargeLowersTheTargetUntilTheLastIsDone: the collector runs
// at gcWhileLarge while any large payload is in hand, then as before; a
// target already lower, or off, is left alone.
func TestHandlingLargeLowersTheTargetUntilTheLastIsDone(t *testing.T) {
	prev := debug.SetGCPercent(100)
	defer debug.SetGCPercent(prev)
	gogc := func() int { p := debug.SetGCPercent(-1); debug.SetGCPercent(p); return p }
	a := HandlingLarge()
	b := HandlingLarge()
	if got := gogc(); got != gcWhileLarge {
		t.Fatalf("GOGC %d with two large payloads in hand, want %d", got, gcWhileLarge)
	}
	a()
	a() // done twice counts once
	if got := gogc(); got != gcWhileLarge {
		t.Fatalf("GOGC %d with one large payload still in hand, want %d", got, gcWhileLarge)
	}
	b()
	if got := gogc(); got != 100 {
		t.Fatalf("GOGC %d once every large payload is done, want 100 back", got)
	}
	debug.SetGCPercent(10)
	done := HandlingLarge()
	if got := gogc(); got != 10 {
		t.Errorf("GOGC %d while handling a large payload, want the lower 10 kept", got)
	}
	done()
	if got := gogc(); got != 10 {
		t.Errorf("GOGC %d after, want 10", got)
	}
}

// TestInHandRunsTheCollectorTightFromTightGCPayload: a payload under
// TightGCPayload leaves the collector's target alone; one at it or over
// lowers it until done.
func TestInHandRunsTheCollectorTightFromTightGCPayload(t *testing.T) {
	prev := debug.SetGCPercent(100)
	defer debug.SetGCPercent(prev)
	gogc := func() int { p := debug.SetGCPercent(-1); debug.SetGCPercent(p); return p }
	small := InHand(TightGCPayload - 1)
	if got := gogc(); got != 100 {
		t.Errorf("GOGC %d with a payload under TightGCPayload in hand, want 100", got)
	}
	small()
	for _, n := range []int{TightGCPayload, LargePayload} {
		done := InHand(n)
		if got := gogc(); got != gcWhileLarge {
			t.Errorf("GOGC %d with a payload of %d bytes in hand, want %d", got, n, gcWhileLarge)
		}
		done()
		if got := gogc(); got != 100 {
			t.Errorf("GOGC %d after a payload of %d bytes, want 100 back", got, n)
		}
	}
}
