package stage

import "context"

// Handler turns one input message into the messages to publish. A returned
// error is transient (the message is retried with backoff) unless it was
// marked with Permanent.
type Handler interface {
	Handle(ctx context.Context, d *Delivery) ([]Output, error)
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(ctx context.Context, d *Delivery) ([]Output, error)

// Handle calls f.
func (f HandlerFunc) Handle(ctx context.Context, d *Delivery) ([]Output, error) { return f(ctx, d) }

// Middleware wraps a Handler with one policy (recovery, a timeout, metrics,
// dead-lettering, ...). A middleware that changes the delivery passes a copy
// on, so that the layers outside it see the message as delivered.
type Middleware func(next Handler) Handler

// Chain wraps h in mws, the first outermost: Chain(h, a, b) handles a
// message as a(b(h)).
func Chain(h Handler, mws ...Middleware) Handler {
	for i := len(mws) - 1; i >= 0; i-- {
		h = mws[i](h)
	}
	return h
}
