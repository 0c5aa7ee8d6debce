package stage_test

import (
	"context"
	"slices"
	"testing"

	"github.com/tidings-news/tidings/pkg/stage"
)

// Chain(h, a, b) runs a, then b, then h, and unwinds in reverse.
func TestChainOrder(t *testing.T) {
	var trace []string
	mw := func(name string) stage.Middleware {
		return func(next stage.Handler) stage.Handler {
			return stage.HandlerFunc(func(ctx context.Context, d *stage.Delivery) ([]stage.Output, error) {
				trace = append(trace, name+" in")
				outs, err := next.Handle(ctx, d)
				trace = append(trace, name+" out")
				return outs, err
			})
		}
	}
	h := stage.HandlerFunc(func(context.Context, *stage.Delivery) ([]stage.Output, error) {
		trace = append(trace, "handler")
		return nil, nil
	})
	if _, err := stage.Chain(h, mw("a"), mw("b")).Handle(context.Background(), &stage.Delivery{}); err != nil {
		t.Fatal(err)
	}
	if want := []string{"a in", "b in", "handler", "b out", "a out"}; !slices.Equal(trace, want) {
		t.Errorf("order %v, want %v", trace, want)
	}
	trace = nil
	if _, err := stage.Chain(h).Handle(context.Background(), &stage.Delivery{}); err != nil || !slices.Equal(trace, []string{"handler"}) {
		t.Errorf("empty chain: %v, %v", trace, err)
	}
}
