// Package parallel runs the independent requests of one article to the
// enricher's shared state at once, so an article waits for the slowest of
// them rather than for their sum (each is a round trip to a replicated
// key-value bucket: milliseconds on a cluster, more under load).
package parallel

import "sync"

// Do calls fn(0) … fn(n-1), each in its own goroutine, and returns when
// every call has. fn must be safe for concurrent use; it writes its result
// to its own index.
func Do(n int, fn func(i int)) {
	if n == 1 {
		fn(0)
		return
	}
	var wg sync.WaitGroup
	wg.Add(n)
	for i := range n {
		go func() {
			defer wg.Done()
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
