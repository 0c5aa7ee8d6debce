package stage_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/stage"
)

func TestRecoverTurnsAPanicIntoATransientError(t *testing.T) {
	d := &stage.Delivery{Log: zap.NewNop()}
	panicky := stage.HandlerFunc(func(context.Context, *stage.Delivery) ([]stage.Output, error) {
		panic("index out of range")
	})
	outs, err := stage.Recover("parser")(panicky).Handle(context.Background(), d)
	if err == nil || outs != nil {
		t.Fatalf("after a panic: %v, %v; want an error and no outputs", outs, err)
	}
	if !strings.Contains(err.Error(), "parser handler panicked: index out of range") {
		t.Errorf("error %q does not say what panicked", err)
	}
	if _, permanent := stage.IsPermanent(err); permanent || stage.Outcome(err) != stage.OutcomeNak {
		t.Errorf("a panic must be retried, not dead-lettered: %v", err)
	}

	// Without a panic the handler's result passes through.
	boom := errors.New("boom")
	fine := stage.HandlerFunc(func(context.Context, *stage.Delivery) ([]stage.Output, error) {
		return []stage.Output{{Subject: "s"}}, boom
	})
	if outs, err := stage.Recover("parser")(fine).Handle(context.Background(), d); len(outs) != 1 || err != boom {
		t.Errorf("pass-through: %v, %v", outs, err)
	}
}
