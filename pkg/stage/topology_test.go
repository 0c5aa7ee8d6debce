package stage_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/pkg/stage/embedded"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
)

// replicasOf reads the replica count of every stream and bucket and of the
// stage consumers.
func replicasOf(js jetstream.JetStream) (map[string]int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out := map[string]int{}
	names := []string{"OBJ_" + events.ClaimCheckBucket, "KV_" + events.KVBucket}
	for _, s := range events.Streams() {
		names = append(names, s.Name)
	}
	for _, name := range names {
		s, err := js.Stream(ctx, name)
		if err != nil {
			return nil, fmt.Errorf("stream %s: %w", name, err)
		}
		out[name] = s.CachedInfo().Config.Replicas
	}
	type named struct{ stream, durable string }
	var consumers []named
	for _, spec := range events.Consumers() {
		consumers = append(consumers, named{spec.Stream, spec.Durable}, named{events.StreamAdvisories, spec.Durable + "-given-up"})
	}
	for _, spec := range consumers {
		c, err := js.Consumer(ctx, spec.stream, spec.durable)
		if errors.Is(err, jetstream.ErrConsumerNotFound) && strings.HasSuffix(spec.durable, "-given-up") {
			continue // made by the routers and topology apply, not by the stages' declarations here
		}
		if err != nil {
			return nil, fmt.Errorf("consumer %s: %w", spec.durable, err)
		}
		n := 1 // the servers holding it
		if info := c.CachedInfo(); info.Cluster != nil {
			n += len(info.Cluster.Replicas)
		}
		out["consumer "+spec.durable] = n
	}
	return out, nil
}

// wantAll waits (peers move in the background) until every stream, bucket
// and consumer has want replicas.
func wantAll(t *testing.T, js jetstream.JetStream, want int, when string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var wrong []string
		got, err := replicasOf(js)
		if err != nil { // such as "JetStream system temporarily unavailable" while peers move
			wrong = append(wrong, err.Error())
		}
		for name, n := range got {
			if n != want {
				wrong = append(wrong, fmt.Sprintf("%s has %d", name, n))
			}
		}
		if len(wrong) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: want %d replicas everywhere, but %s", when, want, strings.Join(wrong, ", "))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TestTopologyReplicasHaveOneOwner runs the topology on a three-node
// JetStream cluster in this process: stages declare with R3; a stage started
// with R1 lowers nothing and warns; `topology apply` (Exact) sets the replicas
// of every stream, consumer, the KV bucket and the object store both ways and
// reports each change; applying again changes nothing.
func TestTopologyReplicasHaveOneOwner(t *testing.T) {
	if testing.Short() {
		t.Skip("three JetStream servers; skipped with -short")
	}
	c, err := embedded.StartCluster(3, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Stop)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	nc, err := stage.Connect(ctx, stage.NATSConfig{URL: c.URLs(), Name: "topology-test"}, zap.NewNop())
	if err != nil {
		t.Fatal(err)
	}
	js := stagetest.JetStream(t, nc)

	declare := func(top stage.Topology) {
		t.Helper()
		if err := top.EnsureStreams(ctx, js); err != nil {
			t.Fatal(err)
		}
		if _, err := top.EnsureKeyValue(ctx, js); err != nil {
			t.Fatal(err)
		}
		for _, kv := range events.KeyValues() {
			if _, err := top.KeyValue(ctx, js, kv.Bucket); err != nil {
				t.Fatal(err)
			}
		}
		for _, spec := range events.Consumers() {
			if _, err := stage.EnsureConsumer(ctx, js, spec); err != nil {
				t.Fatal(err)
			}
		}
	}
	declare(stage.Topology{Replicas: 3})
	wantAll(t, js, 3, "stages at R3")

	core, logs := observer.New(zap.WarnLevel)
	declare(stage.Topology{Replicas: 1, Log: zap.New(core)})
	wantAll(t, js, 3, "after a stage at R1")
	if n := logs.FilterMessageSnippet("never lowering").Len(); n < len(events.Streams())+2+len(events.KeyValues()) {
		t.Errorf("a stage at R1 on R3 streams logged %d warnings, want one per stream and bucket", n)
	}

	// apply retries until an attempt goes through and returns what every
	// attempt changed: an attempt that timed out midway (a busy machine)
	// may have lowered some objects, which the next one finds unchanged.
	apply := func(replicas int) []stage.Change {
		t.Helper()
		var changes []stage.Change
		err := stage.Retry(ctx, stage.JitteredBackoff{Base: 50 * time.Millisecond, Max: time.Second}, func(ctx context.Context) error {
			done, err := stage.Topology{Replicas: replicas, Exact: true}.Apply(ctx, js)
			changes = append(changes, done...)
			return err
		}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return changes
	}
	changes := apply(1)
	wantAll(t, js, 1, "after topology apply --replicas 1")
	// Every stream and bucket is reported lowered. A consumer follows its
	// stream's replicas on the server, often before apply reaches it, so it
	// may be reported unchanged; wantAll has checked it has one replica.
	lowered := map[string]bool{}
	for _, ch := range changes {
		if ch.Kind != "consumer" && ch.Action == stage.ActionUpdated && strings.Contains(ch.Detail, "replicas 3 → 1") {
			lowered[ch.Kind+" "+ch.Name] = true
		}
	}
	if want := len(events.Streams()) + 2 + len(events.KeyValues()); len(lowered) != want { // the streams, the object store, the buckets
		t.Errorf("apply --replicas 1 reported %d streams and buckets lowered from 3, want %d:\n%v", len(lowered), want, changes)
	}
	apply(3)
	wantAll(t, js, 3, "after topology apply --replicas 3")
	for _, ch := range apply(3) {
		if ch.Action != stage.ActionUnchanged {
			t.Errorf("applying the same topology again changed %v", ch)
		}
	}
}
