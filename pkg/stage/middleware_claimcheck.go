package stage

import (
	"context"
	"runtime/debug"

	"github.com/tidings-news/tidings/pkg/events"
)

// ClaimCheck gives the handler the whole payload of a message that travelled
// as a claim check, loaded from the object store (a missing object is
// Permanent with ReasonMissingObject). The layers outside it keep the
// message as delivered. After a payload of LargePayload bytes or more, the
// memory its handling took (the payload, its decoded and re-encoded
// copies, all garbage once the outputs are stored) is given back to the
// system at once, not minutes later: the stages of tidings up otherwise
// keep the heap the parser grew for a large document while the enricher
// and the sink grow theirs. While it is handled, the collector keeps the
// heap closer to what is live (HandlingLarge).
func ClaimCheck(c *ClaimChecks) Middleware {
	return func(next Handler) Handler {
		return HandlerFunc(func(ctx context.Context, d *Delivery) ([]Output, error) {
			if d.Header.Get(events.HeaderClaimCheck) == "" {
				if len(d.Data) >= TightGCPayload {
					defer HandlingLarge()()
				}
				return next.Handle(ctx, d)
			}
			data, err := c.load(ctx, d.Header, d.Data)
			if err != nil {
				return nil, err
			}
			if len(data) >= LargePayload {
				defer debug.FreeOSMemory()
			}
			if len(data) >= TightGCPayload {
				defer HandlingLarge()()
			}
			loaded := *d
			loaded.Data, loaded.loaded = data, true
			return next.Handle(ctx, &loaded)
		})
	}
}

// LargePayload is the size from which a payload's handling gives its memory
// back to the system when done (see ClaimCheck).
const LargePayload = 4 << 20
