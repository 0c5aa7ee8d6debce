package stage

import (
	"context"

	"go.uber.org/zap"
)

// Publish publishes the outputs of the handler, each with the input's trace
// and receive time and the input's document id unless it names its own, and
// returns once the server has stored every one (an error otherwise; several
// outputs are published together and their acknowledgements awaited): only
// then may the input be acknowledged. It returns no outputs.
func Publish(p *Publisher) Middleware {
	return func(next Handler) Handler {
		return HandlerFunc(func(ctx context.Context, d *Delivery) ([]Output, error) {
			outs, err := next.Handle(ctx, d)
			if err != nil {
				return nil, err
			}
			for i := range outs {
				if outs[i].DocID == "" {
					outs[i].DocID = d.DocID
				}
			}
			res, err := p.PublishAll(ctx, outs, d.Header)
			if err != nil {
				return nil, err
			}
			for i, r := range res {
				if r.Duplicate {
					d.Log.Debug("output was already stored (duplicate publish)", zap.String("subject", outs[i].Subject))
				}
			}
			return nil, nil
		})
	}
}
