package feeds

import (
	"context"
	"errors"
	"hash/fnv"
	"net/url"
	"sort"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/services/fetcher/web"
	"github.com/tidings-news/tidings/services/fetcher/web/canon"
)

// Defaults of PollerConfig.
const (
	DefaultInterval    = 15 * time.Minute
	DefaultTick        = 5 * time.Second
	DefaultMaxItems    = 100
	DefaultMaxSitemaps = 10
	DefaultPolls       = 4
	maxBackoff         = 24 * time.Hour
)

// feedAccept is the Accept header of a feed request.
const feedAccept = "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"

// PollerConfig configures a Poller. Zero values take the defaults.
type PollerConfig struct {
	// Interval is the polling interval of a feed registered without one.
	Interval time.Duration
	// Tick is how often leases are renewed and due feeds looked for; Run
	// shortens it to a third of the leases' TTL when it is longer, so that
	// a live replica never loses a lease between two renewals.
	Tick time.Duration
	// MaxItems bounds the items read from one poll (newest first).
	MaxItems int
	// MaxSitemaps bounds the sitemaps read from a sitemap index per poll.
	MaxSitemaps int
	// Polls bounds the feeds polled at once by this replica.
	Polls int
}

func (c PollerConfig) withDefaults() PollerConfig {
	stage.OrDefault(&c.Interval, DefaultInterval)
	stage.OrDefault(&c.Tick, DefaultTick)
	stage.OrDefault(&c.MaxItems, DefaultMaxItems)
	stage.OrDefault(&c.MaxSitemaps, DefaultMaxSitemaps)
	stage.OrDefault(&c.Polls, DefaultPolls)
	return c
}

// Poller polls the feeds this replica holds leases on, taking on its fair
// share of the registered feeds (their number over the live replicas,
// rounded up) and giving up what is over it, so that the replicas share
// the feeds and take a dead one's over once its leases expire.
type Poller struct {
	cfg     PollerConfig
	store   *Store
	leases  *Leases
	client  *web.Client
	queue   *Queue
	metrics *Metrics
	log     *zap.Logger
	replica string

	mu       sync.Mutex
	inFlight map[string]bool
	wg       sync.WaitGroup
}

// NewPoller returns a poller of the feeds in store for replica.
func NewPoller(cfg PollerConfig, store *Store, leases *Leases, client *web.Client, queue *Queue, m *Metrics, log *zap.Logger, replica string) *Poller {
	if log == nil {
		log = zap.NewNop()
	}
	return &Poller{cfg: cfg.withDefaults(), store: store, leases: leases, client: client, queue: queue,
		metrics: m, log: log, replica: replica, inFlight: map[string]bool{}}
}

// Run polls until ctx ends, then waits for the polls in progress and
// releases the leases (so the other replicas take the feeds over at once).
func (p *Poller) Run(ctx context.Context) error {
	p.fitTick(ctx)
	t := time.NewTicker(p.cfg.Tick)
	defer t.Stop()
	for {
		p.tick(ctx)
		select {
		case <-ctx.Done():
			p.wg.Wait()
			sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			defer cancel()
			if err := p.leases.Stop(sctx); err != nil {
				p.log.Warn("feed leases not released; they expire by themselves", zap.Error(err))
			}
			return nil
		case <-t.C:
		}
	}
}

// fitTick shortens the tick to a third of the leases' TTL when it is longer.
func (p *Poller) fitTick(ctx context.Context) {
	tctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	ttl, err := p.leases.TTL(tctx)
	if err != nil {
		p.log.Warn("cannot read the feed leases' TTL; keeping the tick", zap.Duration("tick", p.cfg.Tick), zap.Error(err))
		return
	}
	if ttl > 0 && p.cfg.Tick > ttl/3 {
		p.log.Info("feed tick shortened to a third of the lease TTL", zap.Duration("lease_ttl", ttl), zap.Duration("tick", ttl/3))
		p.cfg.Tick = ttl / 3
	}
}

// tick renews the heartbeat and leases, balances the leases, and starts the
// polls that are due.
func (p *Poller) tick(ctx context.Context) {
	tctx, cancel := context.WithTimeout(ctx, p.cfg.Tick)
	defer cancel()
	if err := p.leases.Heartbeat(tctx); err != nil {
		p.log.Warn("feed heartbeat failed", zap.Error(err))
		return
	}
	feeds, err := p.store.List(tctx)
	if err != nil {
		p.log.Warn("cannot list feeds", zap.Error(err))
		return
	}
	replicas, err := p.leases.Replicas(tctx)
	if err != nil {
		p.log.Warn("cannot count the fetcher replicas", zap.Error(err))
	}
	share := (len(feeds) + replicas - 1) / replicas
	byID := make(map[string]Feed, len(feeds))
	for _, f := range feeds {
		byID[f.ID] = f
	}
	p.renew(tctx, byID)
	p.balance(tctx, feeds, share)
	p.metrics.setLeases(len(p.leases.Held()))
	now := time.Now()
	for _, id := range p.leases.Held() {
		if f := byID[id]; !f.NextPoll.After(now) {
			p.start(ctx, f)
		}
	}
}

// renew extends this replica's leases and gives up those of deleted feeds.
func (p *Poller) renew(ctx context.Context, byID map[string]Feed) {
	for _, id := range p.leases.Held() {
		if _, ok := byID[id]; !ok {
			if !p.busy(id) {
				_ = p.leases.Release(ctx, id)
			}
			continue
		}
		if ok, err := p.leases.Renew(ctx, id); err != nil {
			p.log.Warn("feed lease not renewed", zap.String("feed", id), zap.Error(err))
		} else if !ok {
			p.log.Info("feed lease lost to another replica", zap.String("feed", id))
		}
	}
}

// balance takes free feeds up to share and gives up idle ones over it. Each
// replica tries the feeds in its own order, so they rarely race for one.
func (p *Poller) balance(ctx context.Context, feeds []Feed, share int) {
	order := append([]Feed(nil), feeds...)
	sort.Slice(order, func(i, j int) bool { return p.rank(order[i].ID) < p.rank(order[j].ID) })
	for _, f := range order {
		if len(p.leases.Held()) >= share {
			break
		}
		if p.leases.Holds(f.ID) {
			continue
		}
		if ok, err := p.leases.Acquire(ctx, f.ID); err != nil {
			p.log.Warn("cannot take a feed lease", zap.String("feed", f.ID), zap.Error(err))
		} else if ok {
			p.log.Info("feed taken on", zap.String("feed", f.ID), zap.String("url", f.URL))
		}
	}
	for _, id := range p.leases.Held() {
		if len(p.leases.Held()) <= share {
			break
		}
		if !p.busy(id) {
			_ = p.leases.Release(ctx, id)
			p.log.Info("feed handed over (over this replica's share)", zap.String("feed", id))
		}
	}
}

func (p *Poller) rank(id string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(p.replica + "/" + id))
	return h.Sum64()
}

func (p *Poller) busy(id string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.inFlight[id]
}

// start polls f in the background unless it is being polled or the
// replica polls as many as it may at once.
func (p *Poller) start(ctx context.Context, f Feed) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.inFlight[f.ID] || len(p.inFlight) >= p.cfg.Polls {
		return
	}
	p.inFlight[f.ID] = true
	p.wg.Go(func() {
		defer func() {
			p.mu.Lock()
			delete(p.inFlight, f.ID)
			p.mu.Unlock()
		}()
		p.Poll(ctx, f)
	})
}

// Poll polls one feed now: a conditional GET, then each new item queued,
// then the feed's state written back.
func (p *Poller) Poll(ctx context.Context, f Feed) {
	log := p.log.With(zap.String("feed", f.ID), zap.String("url", f.URL))
	res := p.fetch(ctx, f)
	if ctx.Err() != nil && res.err != nil {
		return
	}
	interval := time.Duration(f.Interval)
	if interval <= 0 {
		interval = p.cfg.Interval
	}
	now := time.Now().UTC()
	updated, err := p.store.Modify(context.WithoutCancel(ctx), f.ID, func(g *Feed) { res.apply(g, now, interval, p.replica) })
	if err != nil && !errors.Is(err, ErrNotFound) {
		log.Warn("feed state not saved", zap.Error(err))
	}
	p.metrics.poll(res)
	if res.err != nil {
		log.Warn("feed poll failed", zap.String("reason", res.reason), zap.Error(res.err), zap.Time("next_poll", updated.NextPoll))
		return
	}
	log.Info("feed polled", zap.String("status", res.status), zap.Int("items", res.items), zap.Int("queued", res.queued))
}

// pollResult is what one poll found.
type pollResult struct {
	status         string
	err            error
	reason         string
	etag, modified string
	kind, title    string
	items, queued  int
	lastItem       string
}

// apply records the poll in the feed's state.
func (r pollResult) apply(f *Feed, now time.Time, interval time.Duration, replica string) {
	f.LastPoll, f.LastStatus, f.PolledBy = &now, r.status, replica
	f.Polls++
	if r.err != nil {
		f.Failures++
		f.LastError, f.LastReason, f.LastErrAt = r.err.Error(), r.reason, &now
		f.NextPoll = now.Add(min(interval<<min(f.Failures-1, 10), max(interval, maxBackoff)))
		return
	}
	f.Failures = 0
	f.NextPoll = now.Add(interval)
	if r.status == StatusNotModified {
		return
	}
	f.ETag, f.LastModified = r.etag, r.modified
	f.Kind, f.Title = r.kind, r.title
	f.ItemsSeen += int64(r.items)
	f.ItemsQueued += int64(r.queued)
	if r.lastItem != "" {
		f.LastItem = r.lastItem
	}
}

// Poll statuses (Feed.LastStatus).
const (
	StatusOK          = "ok"
	StatusNotModified = "not_modified"
	StatusError       = "error"
)

// fetch gets and reads the feed and queues its new items.
func (p *Poller) fetch(ctx context.Context, f Feed) pollResult {
	resp, err := p.client.Get(ctx, web.Request{URL: f.URL, ETag: f.ETag, LastModified: f.LastModified, Accept: feedAccept})
	if err != nil {
		return failed(err)
	}
	if resp.NotModified {
		return pollResult{status: StatusNotModified}
	}
	parsed, err := Parse(resp.Body)
	if err != nil {
		return pollResult{status: StatusError, err: err, reason: string(web.ReasonNotFeed)}
	}
	items := parsed.Items
	if parsed.Kind == KindSitemapIndex {
		items = p.children(ctx, resp.URL, parsed.Sitemaps)
	}
	res := pollResult{status: StatusOK, etag: resp.ETag, modified: resp.LastModified, kind: parsed.Kind, title: parsed.Title}
	if len(items) > p.cfg.MaxItems {
		items = items[:p.cfg.MaxItems]
	}
	for _, it := range items {
		u, err := resolve(resp.URL, it.URL)
		if err != nil {
			continue
		}
		if u, err = canon.URL(u); err != nil {
			continue
		}
		res.items++
		if res.lastItem == "" {
			res.lastItem = u
		}
		_, queued, err := p.queue.Enqueue(ctx, events.URLRequest{URL: u, Feed: f.ID, FeedURL: f.URL, Title: it.Title, Published: it.Published})
		if err != nil {
			// Keep the old validators so the next poll reads the items again.
			return pollResult{status: StatusError, err: err, reason: "queue"}
		}
		if queued {
			res.queued++
		}
	}
	return res
}

// children reads the sitemaps a sitemap index lists (up to MaxSitemaps).
func (p *Poller) children(ctx context.Context, base *url.URL, sitemaps []string) []Item {
	var items []Item
	for i, s := range sitemaps {
		if i >= p.cfg.MaxSitemaps {
			break
		}
		u, err := resolve(base, s)
		if err != nil {
			continue
		}
		resp, err := p.client.Get(ctx, web.Request{URL: u, Accept: feedAccept})
		if err != nil {
			p.log.Warn("sitemap of an index not read", zap.String("sitemap", u), zap.Error(err))
			continue
		}
		if child, err := Parse(resp.Body); err == nil {
			items = append(items, child.Items...)
		}
	}
	newestFirst(items)
	return items
}

func failed(err error) pollResult {
	reason := string(web.ReasonOf(err))
	if reason == "" {
		reason = string(web.ReasonNetwork)
	}
	return pollResult{status: StatusError, err: err, reason: reason}
}

// resolve makes an item's link absolute against the feed's URL.
func resolve(base *url.URL, link string) (string, error) {
	ref, err := url.Parse(link)
	if err != nil {
		return "", err
	}
	return base.ResolveReference(ref).String(), nil
}
