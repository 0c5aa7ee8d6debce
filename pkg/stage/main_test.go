package stage

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestMainStopsCleanlyWhileConnecting stops a stage (SIGTERM's context
// ending) while NATS is still unreachable: an orderly stop, exit status 0,
// as `docker stop` of a stage waiting for its server expects.
func TestMainStopsCleanlyWhileConnecting(t *testing.T) {
	port := deadPort(t)
	unsetenv(t, "TIDINGS_NATS_URL")
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	ran := false
	done := make(chan int, 1)
	go func() {
		done <- main(ctx, Component{Name: "parser", HTTPAddr: "127.0.0.1:0",
			Start: func(context.Context, *Service) (func(context.Context) error, error) { ran = true; return nil, nil }},
			[]string{"--nats-url", fmt.Sprintf("nats://127.0.0.1:%d", port), "--log-level", "error"})
	}()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit status %d, want 0 for a stop while connecting", code)
		}
		if ran {
			t.Error("the stage ran without a NATS connection")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the stage did not stop within 10 s of its context ending")
	}
}

// TestMainVersionDoesNotStartTheStage: `fetcher version` prints and exits,
// without a NATS server and without starting anything.
func TestMainVersionDoesNotStartTheStage(t *testing.T) {
	unsetenv(t, "TIDINGS_NATS_URL")
	for _, arg := range []string{"version", "--version"} {
		done := make(chan int, 1)
		go func() {
			done <- main(context.Background(), Component{Name: "fetcher", HTTPAddr: "127.0.0.1:0",
				Start: func(context.Context, *Service) (func(context.Context) error, error) {
					t.Error("version started the stage")
					return nil, nil
				}}, []string{arg, "--nats-url", "nats://127.0.0.1:1"})
		}()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("%s: exit status %d, want 0", arg, code)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s did not return within 5 s: it is connecting to NATS", arg)
		}
	}
	if v := VersionString("fetcher"); !strings.HasPrefix(v, "fetcher dev ") {
		t.Errorf("VersionString = %q", v)
	}
}
