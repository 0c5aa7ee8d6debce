package feeds

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
	"github.com/tidings-news/tidings/services/fetcher/web"
)

// feedServer serves one feed at /feed (its body swappable) with an ETag
// and Last-Modified, answering conditional requests with 304, and counts
// what it was asked.
type feedServer struct {
	*httptest.Server
	mu          sync.Mutex
	body        string
	contentType string
	version     int
	status      int
	requests    int
	conditional int
	notModified int
}

func newFeedServer(t *testing.T, contentType string) *feedServer {
	fs := &feedServer{contentType: contentType, status: http.StatusOK}
	fs.Server = httptest.NewServer(http.HandlerFunc(fs.serve))
	t.Cleanup(fs.Close)
	return fs
}

func (fs *feedServer) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/feed" {
		http.NotFound(w, r)
		return
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.requests++
	if fs.status != http.StatusOK {
		http.Error(w, "broken", fs.status)
		return
	}
	etag := fmt.Sprintf(`"v%d"`, fs.version)
	modified := time.Date(2025, 3, 1, 0, 0, fs.version, 0, time.UTC).Format(http.TimeFormat)
	if r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != "" {
		fs.conditional++
	}
	if r.Header.Get("If-None-Match") == etag && r.Header.Get("If-Modified-Since") == modified {
		fs.notModified++
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("ETag", etag)
	w.Header().Set("Last-Modified", modified)
	w.Header().Set("Content-Type", fs.contentType)
	fmt.Fprint(w, fs.body)
}

func (fs *feedServer) set(body string) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.body, fs.version = body, fs.version+1
}

func (fs *feedServer) counts() (requests, conditional, notModified int) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.requests, fs.conditional, fs.notModified
}

// rig is what a poller needs, on an embedded JetStream.
type rig struct {
	env   *stagetest.Env
	store *Store
	queue *Queue
}

func newRig(t *testing.T) *rig {
	env := stagetest.Start(t)
	return &rig{env: env, store: NewStore(bucket(t, env.JS, events.BucketFeeds)), queue: newQueue(t, env.JS)}
}

func bucket(t *testing.T, js jetstream.JetStream, name string) jetstream.KeyValue {
	t.Helper()
	kv, err := stage.Topology{}.KeyValue(context.Background(), js, name)
	if err != nil {
		t.Fatal(err)
	}
	return kv
}

func newQueue(t *testing.T, js jetstream.JetStream) *Queue {
	claims := stage.NewClaimChecks(js, stage.Topology{}, 512<<10)
	return NewQueue(bucket(t, js, events.BucketSeenURLs), stage.NewPublisher(js, events.StageFetcher, nil, claims), 0)
}

func (r *rig) poller(t *testing.T, js jetstream.JetStream, replica string, cfg PollerConfig) *Poller {
	client := web.New(web.Config{AllowPrivate: true, HostRate: 1000, HostBurst: 1000, Timeout: 2 * time.Second})
	leases := NewLeases(bucket(t, js, events.BucketLeases), replica)
	return NewPoller(cfg, NewStore(bucket(t, js, events.BucketFeeds)), leases, client, newQueue(t, js), nil, nil, replica)
}

// requests reads every URL request on the stream.
func (r *rig) requests(t *testing.T) []events.URLRequest {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s, err := r.env.JS.Stream(ctx, events.StreamURLs)
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []events.URLRequest
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq && info.State.Msgs > 0; seq++ {
		m, err := s.GetMsg(ctx, seq)
		if err != nil {
			t.Fatal(err)
		}
		var req events.URLRequest
		if err := json.Unmarshal(m.Data, &req); err != nil {
			t.Fatal(err)
		}
		out = append(out, req)
	}
	return out
}

func TestPollEachFormatWithConditionalGet(t *testing.T) {
	types := map[string]string{KindRSS: "application/rss+xml", KindAtom: "application/atom+xml", KindJSON: "application/feed+json", KindSitemap: "application/xml"}
	for kind, make := range formats {
		t.Run(kind, func(t *testing.T) {
			r := newRig(t)
			fs := newFeedServer(t, types[kind])
			fs.set(make(fs.URL, "a", "b"))
			f, created, err := r.store.Add(context.Background(), fs.URL+"/feed", time.Hour)
			if err != nil || !created {
				t.Fatal(created, err)
			}
			p := r.poller(t, r.env.JS, "r1", PollerConfig{})
			p.Poll(context.Background(), f)
			got, _, _ := r.store.Get(context.Background(), f.ID)
			if got.LastStatus != StatusOK || got.Kind != kind || got.ItemsSeen != 2 || got.ItemsQueued != 2 || got.ETag == "" || got.LastPoll == nil {
				t.Fatalf("after the first poll: %+v", got)
			}
			reqs := r.requests(t)
			if len(reqs) != 2 || reqs[0].URL != fs.URL+"/b" || reqs[0].Feed != f.ID || reqs[0].Published == nil {
				t.Fatalf("requests %+v", reqs)
			}
			if !got.NextPoll.After(time.Now().Add(50 * time.Minute)) {
				t.Errorf("next poll %s, want an hour on", got.NextPoll)
			}
			// Unchanged: a conditional GET answered 304, nothing queued.
			p.Poll(context.Background(), got)
			got2, _, _ := r.store.Get(context.Background(), f.ID)
			if _, cond, nm := fs.counts(); cond != 1 || nm != 1 || got2.LastStatus != StatusNotModified {
				t.Fatalf("conditional %d, 304 %d, status %q", cond, nm, got2.LastStatus)
			}
			// A new item: only it is queued.
			fs.set(make(fs.URL, "a", "b", "c"))
			p.Poll(context.Background(), got2)
			got3, _, _ := r.store.Get(context.Background(), f.ID)
			if n := len(r.requests(t)); n != 3 || got3.ItemsQueued != 3 || got3.ItemsSeen != 5 || got3.LastItem != fs.URL+"/c" {
				t.Fatalf("%d requests; feed %+v", n, got3)
			}
		})
	}
}

func TestFeedThatErrors(t *testing.T) {
	r := newRig(t)
	fs := newFeedServer(t, "application/rss+xml")
	fs.status = http.StatusInternalServerError
	f, _, err := r.store.Add(context.Background(), fs.URL+"/feed", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	p := r.poller(t, r.env.JS, "r1", PollerConfig{})
	p.Poll(context.Background(), f)
	got, _, _ := r.store.Get(context.Background(), f.ID)
	if got.LastStatus != StatusError || got.LastReason != string(web.ReasonHTTP5xx) || got.Failures != 1 || got.LastError == "" || got.LastErrAt == nil {
		t.Fatalf("%+v", got)
	}
	p.Poll(context.Background(), got)
	got, _, _ = r.store.Get(context.Background(), f.ID)
	if got.Failures != 2 || got.NextPoll.Before(time.Now().Add(90*time.Second)) {
		t.Errorf("second failure: %d failures, next poll %s (want backed off to 2m)", got.Failures, got.NextPoll)
	}
	// A page that is no feed.
	fs.mu.Lock()
	fs.status, fs.body = http.StatusOK, "<html><body>not a feed</body></html>"
	fs.mu.Unlock()
	p.Poll(context.Background(), got)
	got, _, _ = r.store.Get(context.Background(), f.ID)
	if got.LastReason != string(web.ReasonNotFeed) || got.Failures != 3 {
		t.Errorf("%+v", got)
	}
	// Recovery resets the failures.
	fs.set(rssFeed(fs.URL, "x"))
	p.Poll(context.Background(), got)
	got, _, _ = r.store.Get(context.Background(), f.ID)
	if got.LastStatus != StatusOK || got.Failures != 0 || got.ItemsQueued != 1 {
		t.Errorf("%+v", got)
	}
}

func TestQueueSeenWindow(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	req, queued, err := r.queue.Enqueue(ctx, events.URLRequest{URL: "https://Example.com/a?utm_source=x#top"})
	if err != nil || !queued || req.URL != "https://example.com/a" || req.ID != events.URLKey("https://example.com/a") {
		t.Fatalf("%+v %v %v", req, queued, err)
	}
	if _, queued, _ := r.queue.Enqueue(ctx, events.URLRequest{URL: "https://example.com/a?utm_medium=y"}); queued {
		t.Error("the same canonical URL was queued twice within the window")
	}
	if err := r.queue.Fetched(ctx, "https://example.com/canonical"); err != nil {
		t.Fatal(err)
	}
	if _, queued, _ := r.queue.Enqueue(ctx, events.URLRequest{URL: "https://example.com/canonical"}); queued {
		t.Error("a fetched URL was queued again within the window")
	}
	short := NewQueue(bucket(t, r.env.JS, events.BucketSeenURLs), r.queue.pub, 50*time.Millisecond)
	time.Sleep(100 * time.Millisecond)
	if _, queued, err := short.Enqueue(ctx, events.URLRequest{URL: "https://example.com/a"}); err != nil || !queued {
		t.Errorf("after the window: queued %v, %v", queued, err)
	}
	if n := len(r.requests(t)); n != 2 {
		t.Errorf("%d requests on the stream, want 2", n)
	}
}

// testLeaseTTL is the leases' TTL in TestReplicasShareFeeds: short, so
// that the test waits seconds, not the default's half minute.
const testLeaseTTL = 3 * time.Second

// leaseBucket declares the leases bucket as the topology does, but with
// leases living ttl.
func leaseBucket(t *testing.T, js jetstream.JetStream, ttl time.Duration) jetstream.KeyValue {
	t.Helper()
	spec, _ := events.KeyValue(events.BucketLeases)
	spec.TTL = ttl
	kv, err := js.CreateOrUpdateKeyValue(context.Background(), stage.Topology{}.KeyValueConfig(spec))
	if err != nil {
		t.Fatal(err)
	}
	return kv
}

// TestDefaultLeasesHandOverWithinAMinute: with the topology's lease TTL
// and the default tick (as the fetcher runs them), a dead replica's feeds
// are taken over within a minute, and a live replica renews its leases at
// least three times per TTL. TestReplicasShareFeeds checks the bound
// (HandOverWithin) on a short TTL.
func TestDefaultLeasesHandOverWithinAMinute(t *testing.T) {
	spec, ok := events.KeyValue(events.BucketLeases)
	if !ok || spec.TTL <= 0 {
		t.Fatalf("the topology's leases bucket has no TTL: %+v", spec)
	}
	tick := PollerConfig{}.withDefaults().Tick
	if d := HandOverWithin(spec.TTL, tick); d > time.Minute {
		t.Errorf("lease TTL %s and tick %s hand a dead replica's feeds over within %s, over a minute", spec.TTL, tick, d)
	}
	if tick*3 > spec.TTL {
		t.Errorf("tick %s renews leases fewer than three times in their TTL %s", tick, spec.TTL)
	}
}

// TestReplicasShareFeeds runs three replicas on nine feeds: each feed is
// polled by one replica at a time, the replicas share them, and when one
// replica dies (its connection cut, nothing released) the others take its
// feeds over within HandOverWithin of the leases' TTL (3 s here) and the
// tick (the default, which the pollers shorten to a third of the TTL). No
// item is queued twice.
func TestReplicasShareFeeds(t *testing.T) {
	r := newRig(t)
	leaseBucket(t, r.env.JS, testLeaseTTL)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var servers []*feedServer
	for i := range 9 {
		fs := newFeedServer(t, "application/rss+xml")
		fs.set(rssFeed(fs.URL, fmt.Sprintf("a%d", i), fmt.Sprintf("b%d", i)))
		servers = append(servers, fs)
		if _, _, err := r.store.Add(ctx, fs.URL+"/feed", time.Second); err != nil {
			t.Fatal(err)
		}
	}
	type replica struct {
		nc     *nats.Conn
		poller *Poller
		done   chan struct{}
		cancel context.CancelFunc
	}
	var replicas []*replica
	for i := range 3 {
		nc, js := stagetest.Connect(t, r.env.Server.URL())
		rctx, rcancel := context.WithCancel(ctx)
		rep := &replica{nc: nc, poller: r.poller(t, js, fmt.Sprintf("replica-%d", i), PollerConfig{}), done: make(chan struct{}), cancel: rcancel}
		go func() { defer close(rep.done); _ = rep.poller.Run(rctx) }()
		replicas = append(replicas, rep)
	}
	defer func() {
		for _, rep := range replicas {
			rep.cancel()
			<-rep.done
			rep.nc.Close()
		}
	}()
	polledBy := func() map[string]map[string]bool {
		feeds, _ := r.store.List(ctx)
		out := map[string]map[string]bool{}
		for _, f := range feeds {
			if f.PolledBy != "" {
				if out[f.PolledBy] == nil {
					out[f.PolledBy] = map[string]bool{}
				}
				out[f.PolledBy][f.ID] = true
			}
		}
		return out
	}
	stagetest.WaitFor(t, "all nine feeds polled, three by each replica", 30*time.Second, func() bool {
		by := polledBy()
		n := 0
		for _, ids := range by {
			n += len(ids)
		}
		return n == 9 && len(replicas[0].poller.leases.Held())+len(replicas[1].poller.leases.Held())+len(replicas[2].poller.leases.Held()) == 9 &&
			len(replicas[0].poller.leases.Held()) == 3 && len(replicas[1].poller.leases.Held()) == 3
	})
	// Kill replica 0: its connection cut, its leases left to expire.
	dead := replicas[0]
	deadFeeds := append([]string(nil), dead.poller.leases.Held()...)
	dead.nc.Close()
	dead.cancel()
	<-dead.done
	killed := time.Now()
	// The bound, and a second for the polls themselves (local servers).
	bound := HandOverWithin(testLeaseTTL, testLeaseTTL/3) + time.Second
	stagetest.WaitFor(t, "the dead replica's feeds polled by the others", 2*bound, func() bool {
		for _, id := range deadFeeds {
			f, _, err := r.store.Get(ctx, id)
			if err != nil || f.PolledBy == "replica-0" || f.LastPoll == nil || f.LastPoll.Before(killed) {
				return false
			}
		}
		return true
	})
	t.Logf("feeds of the killed replica taken over in %s", time.Since(killed).Round(100*time.Millisecond))
	if d := time.Since(killed); d > bound {
		t.Errorf("take-over took %s, over %s", d, bound)
	}
	held := len(replicas[1].poller.leases.Held()) + len(replicas[2].poller.leases.Held())
	if held != 9 {
		t.Errorf("the two live replicas hold %d leases, want 9", held)
	}
	seen := map[string]int{}
	for _, req := range r.requests(t) {
		seen[req.URL]++
	}
	if len(seen) != 18 {
		t.Errorf("%d distinct items queued, want 18", len(seen))
	}
	for u, n := range seen {
		if n > 1 {
			t.Errorf("%s queued %d times", u, n)
		}
	}
	for _, fs := range servers {
		if req, _, _ := fs.counts(); req < 2 {
			t.Errorf("feed %s polled %d times", fs.URL, req)
		}
	}
}
