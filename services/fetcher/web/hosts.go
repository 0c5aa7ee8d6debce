package web

import (
	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// hostIdle is how long an unused host's limits are kept.
const hostIdle = 10 * time.Minute

// hosts keeps each host's rate limit and concurrency.
type hosts struct {
	rate        rate.Limit
	burst       int
	concurrency int

	mu   sync.Mutex
	byID map[string]*host
}

// host is one host's limits.
type host struct {
	limiter  *rate.Limiter
	slots    chan struct{}
	lastUsed time.Time
}

func newHosts(perSecond float64, burst, concurrency int) *hosts {
	return &hosts{rate: rate.Limit(perSecond), burst: burst, concurrency: concurrency, byID: map[string]*host{}}
}

// get returns the limits of name, creating them, and forgets hosts idle
// for a while.
func (h *hosts) get(name string) *host {
	h.mu.Lock()
	defer h.mu.Unlock()
	now := time.Now()
	st, ok := h.byID[name]
	if !ok {
		if len(h.byID) > 1024 {
			for k, v := range h.byID {
				if now.Sub(v.lastUsed) > hostIdle && len(v.slots) == 0 {
					delete(h.byID, k)
				}
			}
		}
		st = &host{limiter: rate.NewLimiter(h.rate, h.burst), slots: make(chan struct{}, h.concurrency)}
		h.byID[name] = st
	}
	st.lastUsed = now
	return st
}

// acquire waits for a free slot of name and its rate limit, and returns
// the function that frees the slot.
func (h *hosts) acquire(ctx context.Context, name string) (release func(), err error) {
	st := h.get(name)
	select {
	case st.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, fmt.Errorf("wait for a connection slot to %s: %w", name, ctx.Err())
	}
	if err := st.limiter.Wait(ctx); err != nil {
		<-st.slots
		return nil, fmt.Errorf("wait for the rate limit of %s: %w", name, err)
	}
	return func() { <-st.slots }, nil
}

// slowDown lowers name's rate to one request per delay when that is slower
// (a robots.txt Crawl-delay).
func (h *hosts) slowDown(name string, delay time.Duration) {
	if delay <= 0 {
		return
	}
	st := h.get(name)
	if r := rate.Every(delay); r < st.limiter.Limit() {
		st.limiter.SetLimit(r)
		st.limiter.SetBurst(1)
	}
}
