package clustertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
)

// The evidence a scenario leaves besides its RESULT line: which node led
// what when the fault began and after it, how long each article spent in
// each hop (logged for the slowest), and with TIDINGS_CHAOS_LOGS=DIR the
// full timestamped log of every container, a per-second trace of the
// consumers' pending counts and every article's hop times, in DIR/<test>.

// traceDir is the folder of this scenario's evidence, "" unless
// TIDINGS_CHAOS_LOGS is set.
func (c *cluster) traceDir() string {
	root := os.Getenv("TIDINGS_CHAOS_LOGS")
	if root == "" {
		return ""
	}
	dir := filepath.Join(root, strings.ReplaceAll(c.t.Name(), "/", "_"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		c.t.Logf("trace: %v", err)
		return ""
	}
	return dir
}

// traceFile creates name in the trace folder; nil unless TIDINGS_CHAOS_LOGS
// is set, or when it cannot be created (logged).
func (c *cluster) traceFile(name string) *os.File {
	dir := c.traceDir()
	if dir == "" {
		return nil
	}
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		c.t.Logf("trace: %v", err)
		return nil
	}
	return f
}

// dumpLogs writes every container's timestamped log into the trace folder.
func (c *cluster) dumpLogs() {
	dir := c.traceDir()
	if dir == "" {
		return
	}
	var ids []string
	var names []string
	for _, n := range c.nodes {
		if n != nil && n.ctr != nil {
			ids, names = append(ids, n.ctr.GetContainerID()), append(names, n.name)
		}
	}
	for _, s := range c.stages {
		if s.ctr != nil {
			ids, names = append(ids, s.ctr.GetContainerID()), append(names, s.name)
		}
	}
	for i, id := range ids {
		out, _ := exec.Command("docker", "logs", "--timestamps", id).CombinedOutput()
		if err := os.WriteFile(filepath.Join(dir, names[i]+".log"), out, 0o644); err != nil {
			c.t.Logf("trace: %v", err)
		}
	}
	c.t.Logf("trace: container logs in %s", dir)
}

// metaLeader is the meta group's leader as the first node that answers sees it.
func (c *cluster) metaLeader() string {
	for _, n := range c.nodes {
		ctx, cancel := context.WithTimeout(c.ctx, time.Second)
		body, err := stagetest.HTTPGet(ctx, fmt.Sprintf("http://127.0.0.1:%d/jsz", n.monitorPort))
		cancel()
		if err != nil {
			continue
		}
		var j struct {
			Meta struct {
				Leader string `json:"leader"`
			} `json:"meta_cluster"`
		}
		if json.Unmarshal(body, &j) == nil {
			return j.Meta.Leader + " (seen by " + n.name + ")"
		}
	}
	return "?"
}

// logLeaders logs the leader of the meta group, of every stream (buckets and
// object store included) and of every consumer of the pipeline's streams.
func (c *cluster) logLeaders(js jetstream.JetStream, when string) {
	ctx, cancel := context.WithTimeout(c.ctx, 10*time.Second)
	defer cancel()
	by := map[string][]string{}
	list := js.ListStreams(ctx)
	for info := range list.Info() {
		leader := "none"
		if info.Cluster != nil && info.Cluster.Leader != "" {
			leader = info.Cluster.Leader
		}
		by[leader] = append(by[leader], info.Config.Name)
		if !strings.HasPrefix(info.Config.Name, "TIDINGS_") {
			continue
		}
		s, err := js.Stream(ctx, info.Config.Name)
		if err != nil {
			continue
		}
		for ci := range s.ListConsumers(ctx).Info() {
			if ci.Cluster != nil {
				by[ci.Cluster.Leader] = append(by[ci.Cluster.Leader], info.Config.Name+">"+ci.Name)
			}
		}
	}
	var parts []string
	for leader, what := range by {
		sort.Strings(what)
		parts = append(parts, leader+": "+strings.Join(what, " "))
	}
	sort.Strings(parts)
	if err := list.Err(); err != nil {
		parts = append(parts, "list: "+err.Error())
	}
	c.t.Logf("%s: leaders %s: meta %s; %s", time.Now().Format("15:04:05.000"), when, c.metaLeader(), strings.Join(parts, "; "))
}

// traceProgress writes, every second until ctx ends, the rows stored and
// each stage consumer's pending, ack-pending and redelivered counts (or the
// error asking for them) into the trace folder's progress.tsv.
func (c *cluster) traceProgress(ctx context.Context, js jetstream.JetStream) {
	f := c.traceFile("progress.tsv")
	if f == nil {
		return
	}
	defer f.Close()
	fmt.Fprintln(f, "time\tstored\tparser\tenricher\tsink\t(pending/ack pending/redelivered)")
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		row := []string{time.Now().Format("15:04:05.000"), c.storedCount()}
		for _, spec := range []events.ConsumerSpec{events.ParserConsumer(), events.EnricherConsumer(), events.SinkConsumer()} {
			ictx, cancel := context.WithTimeout(ctx, 900*time.Millisecond)
			ci, err := js.Consumer(ictx, spec.Stream, spec.Durable)
			cancel()
			if err != nil {
				row = append(row, "err:"+firstLine(err.Error()))
				continue
			}
			info, leader := ci.CachedInfo(), "?"
			if info.Cluster != nil {
				leader = info.Cluster.Leader
			}
			row = append(row, fmt.Sprintf("%d/%d/%d@%s", info.NumPending, info.NumAckPending, info.NumRedelivered, leader))
		}
		fmt.Fprintln(f, strings.Join(row, "\t"))
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// storedCount is the number of rows stored, or the error reading it.
func (c *cluster) storedCount() string {
	s, err := c.store(false)
	if err != nil {
		return "err:" + firstLine(err.Error())
	}
	return fmt.Sprint(s.rows)
}

// hopTimes reads when each message of stream was stored in it, by the
// document's source name.
func hopTimes(ctx context.Context, js jetstream.JetStream, stream string) (map[string]time.Time, error) {
	cons, err := js.OrderedConsumer(ctx, stream, jetstream.OrderedConsumerConfig{})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", stream, err)
	}
	s, err := js.Stream(ctx, stream)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", stream, err)
	}
	want := s.CachedInfo().State.Msgs
	out := map[string]time.Time{}
	for got := uint64(0); got < want; {
		batch, err := cons.Fetch(500, jetstream.FetchMaxWait(5*time.Second))
		if err != nil {
			return out, fmt.Errorf("%s: %w", stream, err)
		}
		n := 0
		for msg := range batch.Messages() {
			n++
			if md, err := msg.Metadata(); err == nil {
				out[msg.Headers().Get(events.HeaderSourceName)] = md.Timestamp
			}
		}
		if n == 0 {
			return out, fmt.Errorf("%s: %d of %d messages read: %v", stream, got, want, batch.Error())
		}
		got += uint64(n)
	}
	return out, nil
}

// article is one article's times through the pipeline.
type article struct {
	source                   string
	received, stored         time.Time
	docs, articles, enriched time.Time
}

// readHops joins the stored articles with the time each hop's stream stored
// their message.
func (c *cluster) readHops(js jetstream.JetStream) ([]article, error) {
	ctx, cancel := context.WithTimeout(c.ctx, time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, fmt.Sprintf("postgres://tidings:%s@127.0.0.1:%d/tidings?sslmode=disable", pgPassword, c.pgPort))
	if err != nil {
		return nil, err
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT source, received_at, stored_at FROM articles`)
	if err != nil {
		return nil, err
	}
	var arts []article
	for rows.Next() {
		var a article
		if err := rows.Scan(&a.source, &a.received, &a.stored); err != nil {
			return nil, err
		}
		arts = append(arts, a)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	hops := map[string]map[string]time.Time{}
	for _, s := range []string{events.StreamDocuments, events.StreamArticles, events.StreamEnriched} {
		if hops[s], err = hopTimes(ctx, js, s); err != nil {
			return nil, err
		}
	}
	for i := range arts {
		a := &arts[i]
		a.docs, a.articles, a.enriched = hops[events.StreamDocuments][a.source], hops[events.StreamArticles][a.source], hops[events.StreamEnriched][a.source]
	}
	return arts, nil
}

// logHops logs the slowest articles hop by hop (seconds after the first
// fault event) and writes every article's into the trace folder.
func (c *cluster) logHops(js jetstream.JetStream) {
	arts, err := c.readHops(js)
	if err != nil {
		c.t.Logf("hops: %v", err)
		return
	}
	var zero time.Time
	if len(c.faults) > 0 {
		zero = c.faults[0].at
	}
	at := func(t time.Time) string {
		if t.IsZero() {
			return "?"
		}
		if zero.IsZero() {
			return t.Format("15:04:05.0")
		}
		return fmt.Sprintf("%+.1f", t.Sub(zero).Seconds())
	}
	sort.Slice(arts, func(i, j int) bool {
		return arts[i].stored.Sub(arts[i].received) > arts[j].stored.Sub(arts[j].received)
	})
	lines := []string{"source\treceived\tdocuments\tarticles\tenriched\tstored (s after the first fault event)"}
	for _, a := range arts {
		lines = append(lines, strings.Join([]string{a.source, at(a.received), at(a.docs), at(a.articles), at(a.enriched), at(a.stored)}, "\t"))
	}
	c.t.Logf("slowest articles (s after the first fault event):\n%s", strings.Join(lines[:min(len(lines), 9)], "\n"))
	if dir := c.traceDir(); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, "hops.tsv"), []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			c.t.Logf("trace: %v", err)
		}
	}
}

// traceCPU writes every container's CPU share, as docker stats reports it,
// into the trace folder's cpu.tsv every few seconds until ctx ends.
func (c *cluster) traceCPU(ctx context.Context) {
	f := c.traceFile("cpu.tsv")
	if f == nil {
		return
	}
	defer f.Close()
	names := map[string]string{}
	for _, n := range c.nodes {
		names[n.ctr.GetContainerID()[:12]] = n.name
	}
	for _, s := range c.stages {
		names[s.ctr.GetContainerID()[:12]] = s.name
	}
	names[c.pg.GetContainerID()[:12]] = "postgres"
	for ctx.Err() == nil {
		out, _ := exec.CommandContext(ctx, "docker", "stats", "--no-stream", "--format", "{{.ID}} {{.CPUPerc}}").Output()
		row := []string{time.Now().Format("15:04:05")}
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			if id, cpu, ok := strings.Cut(line, " "); ok && names[id] != "" {
				row = append(row, names[id]+"="+cpu)
			}
		}
		fmt.Fprintln(f, strings.Join(row, "\t"))
		select {
		case <-ctx.Done():
		case <-time.After(3 * time.Second):
		}
	}
}
