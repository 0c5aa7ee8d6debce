package stage_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
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

// TestTransientTellsAPIAnswersApart: a JetStream answer that a retry can
// change is transient (no peers to place on while a node starts, replicas
// still being placed, a server error); one that says the request is wrong
// is not, nor is an error marked Permanent.
func TestTransientTellsAPIAnswersApart(t *testing.T) {
	api := func(code, errCode int) error {
		return &jetstream.APIError{Code: code, ErrorCode: jetstream.ErrorCode(errCode), Description: "x"}
	}
	for _, c := range []struct {
		name string
		err  error
		want bool
	}{
		{"no suitable peers for placement, peer offline", api(400, 10005), true},
		{"consumer replicas exceed the stream's", api(400, 10126), true},
		{"replicas > 1 not supported in non-clustered mode", api(500, 10074), false},
		{"another bad request", api(400, 10052), false},
		{"JetStream temporarily unavailable", api(503, 10008), true},
		{"a timeout", context.DeadlineExceeded, true},
		{"marked permanent", stage.Permanent("bad_input", errors.New("x")), false},
		{"none", nil, false},
	} {
		if got := stage.Transient(c.err); got != c.want {
			t.Errorf("%s: Transient = %v, want %v", c.name, got, c.want)
		}
	}
}
