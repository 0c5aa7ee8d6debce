package main_test

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage/embedded"
)

// TestTopologyApply runs `tidings topology apply` against a single JetStream
// server: the first run creates every stream, bucket and consumer, the
// second changes nothing, and three replicas, which a single server cannot
// have, fail at once with the server's reason instead of being retried.
func TestTopologyApply(t *testing.T) {
	srv, err := embedded.Start(embedded.Config{StoreDir: t.TempDir(), Port: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Stop)
	apply := func(replicas string) (string, string, error) {
		cmd := exec.Command(binary(t), "topology", "apply", "--replicas", replicas, "--nats-url", srv.URL(), "--timeout", "30s")
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		return stdout.String(), stderr.String(), err
	}
	out, errOut, err := apply("1")
	if err != nil {
		t.Fatalf("apply --replicas 1: %v\n%s", err, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	// the streams, the object store, the entity bucket, the other buckets,
	// the stages' consumers and their advisory consumers
	all := len(events.Streams()) + 2 + len(events.KeyValues()) + 2*len(events.Consumers())
	if len(lines) != all || strings.Count(out, " created ") != all {
		t.Errorf("first apply: want %d objects created, got\n%s", all, out)
	}
	for _, want := range []string{"TIDINGS_DOCUMENTS", "TIDINGS_EVENTS", "TIDINGS_ENTITIES", "TIDINGS_QUOTES", "OBJ_tidings-claim-checks", "KV_tidings-entities", "TIDINGS_ENRICHED/sink"} {
		if !strings.Contains(out, want) {
			t.Errorf("first apply does not mention %s:\n%s", want, out)
		}
	}
	if out, _, err := apply("1"); err != nil || strings.Count(out, " unchanged") != all {
		t.Errorf("second apply: want %d objects unchanged (err %v), got\n%s", all, err, out)
	}
	start := time.Now()
	_, errOut, err = apply("3")
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || !strings.Contains(errOut, "replicas") {
		t.Errorf("apply --replicas 3 on a single server: %v, want exit 1 naming the replicas\n%s", err, errOut)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("apply --replicas 3 on a single server took %s: a permanent error was retried", d)
	}
}
