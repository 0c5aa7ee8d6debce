package clustertest

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
)

// admin connects to the cluster from the test as the admin user, through
// the nodes' host ports only (the addresses nodes announce are the Docker
// network's).
func (c *cluster) admin() jetstream.JetStream {
	c.t.Helper()
	var urls []string
	for _, n := range c.nodes {
		urls = append(urls, fmt.Sprintf("nats://127.0.0.1:%d", n.clientPort))
	}
	ctx, cancel := context.WithTimeout(c.ctx, 30*time.Second)
	defer cancel()
	nc, err := stage.Connect(ctx, stage.NATSConfig{URL: strings.Join(urls, ","), User: "admin", Password: "admin-test", Name: "chaos-test"},
		zap.NewNop(), nats.IgnoreDiscoveredServers())
	if err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		c.t.Fatal(err)
	}
	return js
}

// applyTopology declares everything with three replicas, as
// `tidings topology apply --replicas 3` does, retrying while the new
// cluster elects its leaders.
func (c *cluster) applyTopology(js jetstream.JetStream) {
	c.t.Helper()
	c.applyReplicas(js, 3)
}

// applyReplicas declares everything with replicas replicas.
func (c *cluster) applyReplicas(js jetstream.JetStream, replicas int) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(c.ctx, 2*time.Minute)
	defer cancel()
	err := stage.Retry(ctx, stage.JitteredBackoff{Base: 250 * time.Millisecond, Max: 2 * time.Second}, func(ctx context.Context) error {
		actx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		_, err := stage.Topology{Replicas: replicas, Exact: true}.Apply(actx, js)
		return err
	}, nil)
	if err != nil {
		c.t.Fatalf("topology apply --replicas %d: %v", replicas, err)
	}
}

// streamLeader is the node leading a stream's Raft group.
func (c *cluster) streamLeader(js jetstream.JetStream, stream string) *node {
	c.t.Helper()
	var leader string
	waitFor(c.t, "the leader of "+stream, 30*time.Second, func() error {
		ctx, cancel := context.WithTimeout(c.ctx, 3*time.Second)
		defer cancel()
		s, err := js.Stream(ctx, stream)
		if err != nil {
			return err
		}
		if info := s.CachedInfo(); info.Cluster != nil && info.Cluster.Leader != "" {
			leader = info.Cluster.Leader
			return nil
		}
		return fmt.Errorf("%s has no leader", stream)
	})
	for _, n := range c.nodes {
		if n.name == leader {
			return n
		}
	}
	c.t.Fatalf("%s is led by %q, not a node of the cluster", stream, leader)
	return nil
}

// deadLetters counts the DLQ and says why, by stage and reason.
func (c *cluster) deadLetters(js jetstream.JetStream) (uint64, string) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(c.ctx, 20*time.Second)
	defer cancel()
	s, err := js.Stream(ctx, events.StreamDLQ)
	if err != nil {
		c.t.Fatalf("DLQ: %v", err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		c.t.Fatalf("DLQ info: %v", err)
	}
	reasons := map[string]int{}
	for seq := info.State.FirstSeq; info.State.Msgs > 0 && seq <= info.State.LastSeq; seq++ {
		raw, err := s.GetMsg(ctx, seq)
		if err != nil {
			continue
		}
		dl := stage.ReadDeadLetter(raw)
		reasons[dl.Stage+"/"+dl.Reason+": "+firstLine(dl.Error)]++
	}
	var parts []string
	for r, n := range reasons {
		parts = append(parts, fmt.Sprintf("%d× %s", n, r))
	}
	sort.Strings(parts)
	return info.State.Msgs, strings.Join(parts, "; ")
}

func firstLine(s string) string {
	if len(s) > 160 {
		s = s[:160]
	}
	return s
}

// jsz is the part of a node's /jsz?streams=true the checks read.
type jsz struct {
	AccountDetails []struct {
		Streams []struct {
			Name  string `json:"name"`
			State struct {
				Msgs uint64 `json:"messages"`
			} `json:"state"`
		} `json:"stream_detail"`
	} `json:"account_details"`
}

// nodeCounts reads the message count of each pipeline stream as one node
// holds it (its own replica, not the leader's answer).
func nodeCounts(n *node) (map[string]uint64, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	body, err := stagetest.HTTPGet(ctx, fmt.Sprintf("http://127.0.0.1:%d/jsz?accounts=true&streams=true", n.monitorPort))
	if err != nil {
		return nil, fmt.Errorf("%s /jsz: %w", n.name, err)
	}
	var j jsz
	if err := json.Unmarshal(body, &j); err != nil {
		return nil, fmt.Errorf("%s /jsz: %w", n.name, err)
	}
	out := map[string]uint64{}
	for _, a := range j.AccountDetails {
		for _, s := range a.Streams {
			out[s.Name] = s.State.Msgs
		}
	}
	return out, nil
}

// checkReplicas waits until every node holds want messages in each hop's
// stream.
func (c *cluster) checkReplicas(want uint64) {
	c.t.Helper()
	waitFor(c.t, fmt.Sprintf("%d messages per stream on every node", want), 90*time.Second, func() error {
		for _, n := range c.nodes {
			counts, err := nodeCounts(n)
			if err != nil {
				return err
			}
			for _, s := range []string{events.StreamDocuments, events.StreamArticles, events.StreamEnriched} {
				if counts[s] != want {
					return fmt.Errorf("%s holds %d messages in %s", n.name, counts[s], s)
				}
			}
		}
		return nil
	})
}

// stored is what the sinks' PostgreSQL holds.
type stored struct {
	rows, sources int
	// timings of every article: received by the fetcher, first stored.
	received, at []time.Time
}

// store reads the articles table (rows, distinct sources, timings).
func (c *cluster) store(withTimes bool) (stored, error) {
	ctx, cancel := context.WithTimeout(c.ctx, 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, fmt.Sprintf("postgres://tidings:%s@127.0.0.1:%d/tidings?sslmode=disable", pgPassword, c.pgPort))
	if err != nil {
		return stored{}, err
	}
	defer conn.Close(ctx)
	var s stored
	if err := conn.QueryRow(ctx, `SELECT count(*), count(DISTINCT source) FROM articles`).Scan(&s.rows, &s.sources); err != nil {
		return s, err
	}
	if !withTimes {
		return s, nil
	}
	rows, err := conn.Query(ctx, `SELECT received_at, stored_at FROM articles`)
	if err != nil {
		return s, err
	}
	defer rows.Close()
	for rows.Next() {
		var r, a time.Time
		if err := rows.Scan(&r, &a); err != nil {
			return s, err
		}
		s.received, s.at = append(s.received, r), append(s.at, a)
	}
	return s, rows.Err()
}
