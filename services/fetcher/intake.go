package fetcher

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"sync/atomic"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nuid"
	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/services/fetcher/feeds"
	"github.com/tidings-news/tidings/services/fetcher/internal/metric"
	"github.com/tidings-news/tidings/services/fetcher/web"
)

// Intake is the fetcher's way in over HTTP and the web: uploads, pages to
// fetch and feeds, three sources (Sources) beside the inbox, whose
// documents go through the fetcher's one publishing path.
type Intake struct {
	f   *Fetcher
	cfg IntakeConfig
	// publish is the publishing path, set while the sources run.
	publish atomic.Pointer[PublishFunc]
	client  *web.Client
	queue   *feeds.Queue
	feeds   *feeds.Store
	poller  *feeds.Poller
	seen    jetstream.KeyValue
	metrics *intakeMetrics
	log     *zap.Logger
}

// NewIntake opens the intake's buckets (feeds, leases, seen URLs; created
// when missing) and registers its metrics with reg. Its sources go to New;
// Use then gives it the fetcher they run in.
func NewIntake(ctx context.Context, js jetstream.JetStream, fcfg Config, reg prometheus.Registerer, log *zap.Logger) (*Intake, error) {
	fcfg = fcfg.withDefaults()
	cfg := fcfg.Intake
	if cfg.Replica == "" {
		host, _ := os.Hostname()
		cfg.Replica = host + "-" + nuid.Next()[:8]
	}
	if log == nil {
		log = zap.NewNop()
	}
	top := stage.Topology{Replicas: fcfg.Replicas}
	buckets := map[string]jetstream.KeyValue{}
	for _, b := range []string{events.BucketFeeds, events.BucketLeases, events.BucketSeenURLs} {
		kv, err := top.KeyValue(ctx, js, b)
		if err != nil {
			return nil, err
		}
		buckets[b] = kv
	}
	m, err := newIntakeMetrics(reg)
	if err != nil {
		return nil, err
	}
	fm, err := feeds.NewMetrics(reg, m.failures)
	if err != nil {
		return nil, err
	}
	client := web.New(cfg.web())
	// URL requests are no documents: they go straight to their stream.
	pub := stage.NewPublisher(js, events.StageFetcher, fcfg.StageMetrics, stage.NewClaimChecks(js, top, fcfg.InlineLimit))
	queue := feeds.NewQueue(buckets[events.BucketSeenURLs], pub, cfg.SeenWindow)
	store := feeds.NewStore(buckets[events.BucketFeeds])
	log = log.With(zap.String("replica", cfg.Replica))
	poller := feeds.NewPoller(feeds.PollerConfig{Interval: cfg.FeedInterval, Tick: cfg.FeedTick}, store,
		feeds.NewLeases(buckets[events.BucketLeases], cfg.Replica), client, queue, fm, log.Named("feeds"), cfg.Replica)
	return &Intake{cfg: cfg, client: client, queue: queue, feeds: store, poller: poller,
		seen: buckets[events.BucketSeenURLs], metrics: m, log: log}, nil
}

// Use gives the intake the fetcher its sources run in (its verdict on
// content and its reject counts).
func (in *Intake) Use(f *Fetcher) { in.f = f }

// Sources are the intake's sources for New: "upload" (the HTTP uploads,
// published while it runs), "pages" (pages runs the URL requests' router,
// whose handler is Pages) and "feeds" (the poller, which queues URL
// requests).
func (in *Intake) Sources(pages interface{ Run(context.Context) error }) []Source {
	return []Source{
		source{name: "upload", run: func(ctx context.Context, publish PublishFunc) error {
			in.publish.Store(&publish)
			<-ctx.Done()
			in.publish.Store(nil)
			return nil
		}},
		source{name: "pages", run: func(ctx context.Context, publish PublishFunc) error {
			in.publish.Store(&publish)
			return pages.Run(ctx)
		}},
		source{name: "feeds", run: func(ctx context.Context, _ PublishFunc) error { return in.poller.Run(ctx) }},
	}
}

// source is a Source made of its run.
type source struct {
	name string
	run  func(ctx context.Context, publish PublishFunc) error
}

func (s source) Name() string                                       { return s.name }
func (s source) Run(ctx context.Context, publish PublishFunc) error { return s.run(ctx, publish) }
func (s source) Ready(context.Context) error                        { return nil }

// errNotRunning is the error of a document offered while the sources are
// not running (starting or stopping).
var errNotRunning = errors.New("the fetcher is not running")

// publishItem sends an item through the fetcher's publishing path.
func (in *Intake) publishItem(ctx context.Context, it Item) (Published, error) {
	p := in.publish.Load()
	if p == nil {
		return Published{}, errNotRunning
	}
	return (*p)(ctx, it)
}

// Mount serves the intake API on mux: POST /api/v1/documents, POST
// /api/v1/urls, GET and POST /api/v1/feeds, GET and DELETE
// /api/v1/feeds/{id}; unless IntakeConfig.SharedAPI, also GET
// /api/v1/openapi.json and a JSON 404 for any other path under /api/.
func (in *Intake) Mount(mux *http.ServeMux) {
	mount(mux, in.cfg.APIToken, intakeRoutes(in), !in.cfg.SharedAPI)
}

// Bounds of the upload's query parameters and fields, in characters.
const (
	maxSourceChars    = 512
	maxURLChars       = 2048
	maxPublishedChars = 64
)

// intakeRoutes are the intake API's routes; the OpenAPI document describes
// exactly these (and itself).
func intakeRoutes(in *Intake) []route {
	none := map[string]int{}
	return []route{
		{http.MethodPost, APIPrefix + "/documents", map[string]int{"source": maxSourceChars, "url": maxURLChars, "published": maxPublishedChars}, in.upload},
		{http.MethodPost, APIPrefix + "/urls", none, in.addURLs},
		{http.MethodGet, APIPrefix + "/feeds", none, in.listFeeds},
		{http.MethodPost, APIPrefix + "/feeds", none, in.addFeed},
		{http.MethodGet, APIPrefix + "/feeds/{id}", none, in.getFeed},
		{http.MethodDelete, APIPrefix + "/feeds/{id}", none, in.deleteFeed},
	}
}

// RegisterFeedsFile registers the feeds listed in the --feeds file.
func (in *Intake) RegisterFeedsFile(ctx context.Context) error {
	if in.cfg.Feeds == "" {
		return nil
	}
	urls, err := readFeedsFile(in.cfg.Feeds)
	if err != nil {
		return err
	}
	for _, u := range urls {
		f, created, err := in.feeds.Add(ctx, u, in.cfg.FeedInterval)
		if err != nil {
			return fmt.Errorf("feeds file %s: %w", in.cfg.Feeds, err)
		}
		in.log.Info("feed registered from the feeds file", zap.String("feed", f.ID), zap.String("url", f.URL), zap.Bool("new", created))
	}
	return nil
}

// markDocument records a published document's id in the seen window and
// reports whether it was there already.
func (in *Intake) markDocument(ctx context.Context, id string) (bool, error) {
	_, err := in.seen.Create(ctx, "doc."+id, []byte("1"))
	if errors.Is(err, jetstream.ErrKeyExists) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("record document %s: %w", id, err)
	}
	return false, nil
}

// intakeMetrics are the intake's series.
type intakeMetrics struct {
	uploads  *prometheus.CounterVec
	urls     *prometheus.CounterVec
	pages    *prometheus.CounterVec
	failures *prometheus.CounterVec
}

func newIntakeMetrics(reg prometheus.Registerer) (*intakeMetrics, error) {
	m := &intakeMetrics{
		uploads: metric.CounterVec("tidings_fetcher_uploads_total",
			"Documents uploaded through POST /api/v1/documents, by outcome (published, duplicate, rejected, error).",
			"outcome", UploadPublished, UploadDuplicate, UploadRejected, UploadError),
		urls: metric.CounterVec("tidings_fetcher_url_requests_total",
			"URLs asked for through POST /api/v1/urls, by outcome (queued, seen: within the seen window, rejected).",
			"outcome", "queued", "seen", "rejected"),
		pages: metric.CounterVec("tidings_fetcher_pages_total",
			"Web pages fetched for URL requests, by outcome (published, failed: retried later, dead_lettered).",
			"outcome", "published", "failed", "dead_lettered"),
		failures: metric.CounterVec("tidings_fetcher_fetch_failures_total",
			"Failed web fetches (pages and feeds), by reason.", "reason", web.Reasons()...),
	}
	if err := metric.Register(reg, "intake", m.uploads, m.urls, m.pages, m.failures); err != nil {
		return nil, err
	}
	return m, nil
}
