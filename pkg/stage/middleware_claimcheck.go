package stage

import (
	"context"

	"github.com/tidings-news/tidings/pkg/events"
)

// ClaimCheck gives the handler the whole payload of a message that travelled
// as a claim check, loaded from the object store (a missing object is
// Permanent with ReasonMissingObject). The layers outside it keep the
// message as delivered. Every payload, loaded or inline, is handled under
// the memory policy of its size (InHand).
func ClaimCheck(c *ClaimChecks) Middleware {
	return func(next Handler) Handler {
		return HandlerFunc(func(ctx context.Context, d *Delivery) ([]Output, error) {
			if d.Header.Get(events.HeaderClaimCheck) == "" {
				defer InHand(len(d.Data))()
				return next.Handle(ctx, d)
			}
			data, err := c.load(ctx, d.Header, d.Data)
			if err != nil {
				return nil, err
			}
			defer InHand(len(data))()
			loaded := *d
			loaded.Data, loaded.loaded = data, true
			return next.Handle(ctx, &loaded)
		})
	}
}

// LargePayload is the size from which a payload's handling gives its memory
// back to the system before and after (InHand, makeRoomFor), and from which
// a loaded payload is decoded in place and its output streamed (Typed).
const LargePayload = 4 << 20
