// Package parallel runs the independent requests of one article to the
// enricher's shared state at once, so an article waits for the slowest of
// them rather than for their sum (each is a round trip to a replicated
// key-value bucket: milliseconds on a cluster, more under load).
package parallel

import "sync"

// MaxAtOnce bounds the calls Do runs at the same time: an article's bands
// and candidates fit, and a very large article's thousand entities do not
// become a thousand requests in flight.
const MaxAtOnce = 32

// Do calls fn(0) … fn(n-1), up to MaxAtOnce at a time, each in its own
// goroutine, and returns when every call has. fn must be safe for
// concurrent use; it writes its result to its own index.
func Do(n int, fn func(i int)) {
	if n == 1 {
		fn(0)
		return
	}
	var wg sync.WaitGroup
	wg.Add(n)
	slots := make(chan struct{}, MaxAtOnce)
	for i := range n {
		slots <- struct{}{}
		go func() {
			defer func() { <-slots; wg.Done() }()
			fn(i)
		}()
	}
	wg.Wait()
}

// FirstError is the first non-nil error of errs, in index order.
func FirstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
