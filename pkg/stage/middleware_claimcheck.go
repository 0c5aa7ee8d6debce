package stage

import (
	"context"

	"github.com/tidings-news/tidings/pkg/events"
)

// ClaimCheck gives the handler the whole payload of a message that travelled
// as a claim check, loaded from the object store (a missing object is
// Permanent with ReasonMissingObject). The layers outside it keep the
// message as delivered.
func ClaimCheck(c *ClaimChecks) Middleware {
	return func(next Handler) Handler {
		return HandlerFunc(func(ctx context.Context, d *Delivery) ([]Output, error) {
			if d.Header.Get(events.HeaderClaimCheck) == "" {
				return next.Handle(ctx, d)
			}
			data, err := c.load(ctx, d.Header, d.Data)
			if err != nil {
				return nil, err
			}
			loaded := *d
			loaded.Data = data
			return next.Handle(ctx, &loaded)
		})
	}
}
