package parallel

import (
	"errors"
	"sync"
	"testing"
	"time"
)

// TestDoCallsEveryIndexOnceAtOnce: every call waits until all n have
// started, which only calls made at the same time can do.
func TestDoCallsEveryIndexOnceAtOnce(t *testing.T) {
	const n = 20
	var started sync.WaitGroup
	started.Add(n)
	all := make(chan struct{})
	go func() { started.Wait(); close(all) }()
	calls := make([]int, n)
	done := make(chan struct{})
	go func() {
		Do(n, func(i int) {
			calls[i]++
			started.Done()
			<-all
		})
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Do did not run its calls at once")
	}
	for i, c := range calls {
		if c != 1 {
			t.Errorf("fn(%d) called %d times, want 1", i, c)
		}
	}
}

func TestDoWithNoneOrOne(t *testing.T) {
	Do(0, func(int) { t.Error("fn called for n = 0") })
	got := -1
	Do(1, func(i int) { got = i })
	if got != 0 {
		t.Errorf("Do(1) called fn(%d), want fn(0)", got)
	}
}

func TestFirstError(t *testing.T) {
	a, b := errors.New("a"), errors.New("b")
	if err := FirstError([]error{nil, a, b}); err != a {
		t.Errorf("FirstError = %v, want a", err)
	}
	if err := FirstError([]error{nil, nil}); err != nil {
		t.Errorf("FirstError of none = %v", err)
	}
}

// TestDoRunsAtMostMaxAtOnce: of 200 calls that each wait a little, never
// more than MaxAtOnce run together, and all run.
func TestDoRunsAtMostMaxAtOnce(t *testing.T) {
	var mu sync.Mutex
	running, most, calls := 0, 0, 0
	Do(200, func(int) {
		mu.Lock()
		running++
		most = max(most, running)
		mu.Unlock()
		time.Sleep(2 * time.Millisecond)
		mu.Lock()
		running--
		calls++
		mu.Unlock()
	})
	if calls != 200 {
		t.Errorf("%d calls, want 200", calls)
	}
	if most > MaxAtOnce || most < 2 {
		t.Errorf("%d calls at once, want 2 to %d", most, MaxAtOnce)
	}
}
