package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/stage"
)

const topologyUsage = `Usage:
  tidings topology apply --replicas N [--timeout 2m] [--retry-budget 2m] [--nats-url URL] [--nats-* credentials]

Declares or updates every stream, consumer, KV bucket and the
claim-check object store of the pipeline with N replicas (3 on a three-node
cluster), lowering them too, and prints what changed. It is the one owner of
replication: stages never lower replicas. It retries while the cluster is
electing or starting, up to --timeout. Run it as a user allowed to manage
JetStream (the admin user of deploy/nats/users.conf).
`

func cmdTopology(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "apply" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			fmt.Fprint(stdout, topologyUsage)
			return 0
		}
		fmt.Fprint(stderr, topologyUsage)
		return 2
	}
	f := newFlags("topology apply", stderr)
	var ncfg stage.NATSConfig
	ncfg.Bind(f)
	ncfg.Name = "topology"
	// Plain flags, not read from the environment: what to do is said on the command line.
	fs := f.FlagSet()
	replicas := fs.Int("replicas", 0, "replicas of every stream, bucket and consumer (required: 1, or 3 on a three-node cluster)")
	timeout := fs.Duration("timeout", 2*time.Minute, "how long to retry while the cluster is unreachable or electing")
	budget := fs.Duration("retry-budget", stage.DefaultRetryBudget, "the stages' --retry-budget: it sets their consumers' max deliveries")
	fs.Usage = func() { fmt.Fprint(stderr, topologyUsage); fs.PrintDefaults() }
	if code, ok := parse(f, args[1:], stderr); !ok {
		return code
	}
	if *replicas < 1 || *replicas > 5 {
		fmt.Fprintln(stderr, "tidings topology apply: --replicas N is required, 1 to 5")
		return 2
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	changes, err := applyTopology(ctx, ncfg, stage.Topology{Replicas: *replicas, Exact: true, RetryBudget: *budget}, stderr)
	for _, c := range changes {
		fmt.Fprintln(stdout, c)
	}
	if err != nil {
		fmt.Fprintf(stderr, "tidings topology apply: %v (gave up after %s)\n", err, *timeout)
		return 1
	}
	return 0
}

// applyTopology connects and applies t, retrying with jittered backoff
// while the cluster is unreachable or electing, until ctx ends.
func applyTopology(ctx context.Context, ncfg stage.NATSConfig, t stage.Topology, stderr io.Writer) ([]stage.Change, error) {
	nc, err := stage.Connect(ctx, ncfg, zap.NewNop())
	if err != nil {
		return nil, err
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, fmt.Errorf("jetstream: %w", err)
	}
	// An attempt that failed half-way may have changed some objects already:
	// what it did is kept, so that the retry's "unchanged" does not hide it.
	var changes []stage.Change
	err = stage.Retry(ctx, stage.JitteredBackoff{Base: 250 * time.Millisecond, Max: 5 * time.Second}, func(ctx context.Context) error {
		actx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		got, err := t.Apply(actx, js)
		changes = mergeChanges(changes, got)
		return err
	}, func(attempt int, wait time.Duration, err error) {
		fmt.Fprintf(stderr, "attempt %d failed, retrying in %s: %v\n", attempt, wait.Round(time.Millisecond), err)
	})
	return changes, err
}

// mergeChanges adds the changes of a later attempt to those of earlier ones:
// an object changed earlier stays reported as changed.
func mergeChanges(earlier, later []stage.Change) []stage.Change {
	out := append([]stage.Change(nil), earlier...)
	at := map[string]int{}
	for i, c := range out {
		at[c.Kind+" "+c.Name] = i
	}
	for _, c := range later {
		i, ok := at[c.Kind+" "+c.Name]
		switch {
		case !ok:
			at[c.Kind+" "+c.Name] = len(out)
			out = append(out, c)
		case out[i].Action == stage.ActionUnchanged:
			out[i] = c
		}
	}
	return out
}
