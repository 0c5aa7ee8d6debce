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
