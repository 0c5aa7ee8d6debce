package stage_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/stage"
)

// TestDeclareRetriesUntilTheStartTimeout: a declaration failing transiently
// is retried, each attempt under a context without a deadline (so that each
// request keeps nats.go's own short timeout), until it succeeds, or until the
// start timeout, when the error names what was declared and the bound.
func TestDeclareRetriesUntilTheStartTimeout(t *testing.T) {
	attempts := 0
	err := stage.Declare(context.Background(), time.Minute, zap.NewNop(), "streams", func(ctx context.Context) error {
		attempts++
		if _, ok := ctx.Deadline(); ok {
			t.Error("a declaration attempt runs under a deadline")
		}
		if attempts < 3 {
			return errors.New("nats: no responders available for request")
		}
		return nil
	})
	if err != nil || attempts != 3 {
		t.Errorf("declaration failing twice: %v after %d attempts, want success on the third", err, attempts)
	}

	start := time.Now()
	err = stage.Declare(context.Background(), 600*time.Millisecond, zap.NewNop(), "streams", func(ctx context.Context) error {
		<-ctx.Done() // a request whose reply never comes
		return ctx.Err()
	})
	if err == nil || !strings.Contains(err.Error(), "declare streams: gave up after") {
		t.Errorf("a declaration that never answers: %v, want it to give up naming the streams", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("gave up after %s, want about the 600ms start timeout", d)
	}
}
