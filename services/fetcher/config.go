package fetcher

import (
	"cmp"
	"errors"
	"fmt"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/services/fetcher/feeds"
	"github.com/tidings-news/tidings/services/fetcher/web"
)

// Defaults of Config.
const (
	DefaultMaxSize        int64 = 32 << 20
	DefaultInlineLimit          = 512 << 10
	DefaultRescanInterval       = 5 * time.Second
	DefaultSettleTime           = 300 * time.Millisecond
	DefaultQuietTime            = 3 * time.Second
	DefaultMaxInFlight          = 64
)

// Config configures a Fetcher. Zero values take the defaults.
type Config struct {
	// Inbox is the watched folder; processed/ and failed/ are created inside it.
	Inbox string
	// MaxSize rejects files larger than this many bytes (default 32 MiB).
	MaxSize int64
	// InlineLimit is the largest document message (its JSON, content
	// included) sent inline; a larger one travels as a claim check through
	// the object store (default 512 KiB, and never more than the server's
	// max payload allows).
	InlineLimit int
	// RescanInterval is the period of the full rescan of the inbox (default 5s).
	RescanInterval time.Duration
	// SettleTime is how long a file must stay unchanged (size and
	// modification time) before it is read (default 300ms).
	SettleTime time.Duration
	// QuietTime is how long a file whose writers could not be followed
	// (written before the fetcher started or before its folder was
	// watched, or where inotify does not see the writes, such as on a
	// network file system) must have been still, by its modification time,
	// before it is read; a process holding it open for writing holds it
	// back as well (default 3s).
	QuietTime time.Duration
	// MaxInFlight bounds the documents published at once, each file moved
	// only after the server has stored its own document (default 64).
	MaxInFlight int
	// StageMetrics, when set, receives the series shared by every stage
	// (tidings_publish_seconds{stage="fetcher"}); it is not a flag.
	StageMetrics *stage.Metrics
	// Replicas of the claim-check bucket should the fetcher create it (the
	// stream replicas of the topology); it is not a flag.
	Replicas int

	// Intake is what comes in over HTTP: uploads, URLs and feeds.
	Intake IntakeConfig
}

// IntakeConfig configures the HTTP intake: uploads (POST /api/v1/documents),
// pages to fetch (POST /api/v1/urls) and feeds (/api/v1/feeds), and how the
// fetcher fetches them.
type IntakeConfig struct {
	// APIToken, when set, is the bearer token the intake API requires.
	APIToken string
	// MaxRequestSize bounds an upload's request body (all its files).
	MaxRequestSize int64
	// Feeds is a file of feed URLs (one a line, # comments) registered at start.
	Feeds string
	// FeedInterval is the polling interval of a feed registered without one.
	FeedInterval time.Duration
	// SeenWindow is how long a URL queued or fetched is not queued again.
	SeenWindow time.Duration
	// UserAgent, FetchTimeout, FetchMaxSize, MaxRedirects, HostInterval
	// (the least time between two requests to a host), HostConcurrency and
	// AllowPrivate configure the web client (see package web).
	UserAgent       string
	FetchTimeout    time.Duration
	FetchMaxSize    int64
	MaxRedirects    int
	HostInterval    time.Duration
	HostConcurrency int
	AllowPrivate    bool
	// Replica names this fetcher among its replicas (default: host name
	// and a random suffix); it is not a flag.
	Replica string
	// FeedTick is how often feed leases are renewed and due feeds looked
	// for (default 5s); it is not a flag.
	FeedTick time.Duration
	// SharedAPI mounts the intake's routes alone: another API on the same
	// server serves /api/v1/openapi.json (merging OpenAPI) and the JSON
	// 404s under /api/, as tidings up's read API does; it is not a flag.
	SharedAPI bool
}

// Defaults of IntakeConfig.
const (
	DefaultMaxRequestSize int64 = 64 << 20
	DefaultHostInterval         = time.Second
)

// Bind registers the intake's flags.
func (c *IntakeConfig) Bind(f *stage.Flags) {
	f.String(&c.APIToken, "api-token", "", "bearer token the intake API (/api/v1/documents, urls, feeds) requires (empty: no token)")
	f.Int64(&c.MaxRequestSize, "max-request-size", DefaultMaxRequestSize, "largest upload request body in bytes (all its files)")
	f.String(&c.Feeds, "feeds", "", "file of feed URLs (one a line, # comments) registered at start")
	f.Duration(&c.FeedInterval, "feed-interval", feeds.DefaultInterval, "polling interval of a feed registered without one")
	f.Duration(&c.SeenWindow, "seen-window", feeds.DefaultSeenWindow, "a URL queued or fetched is not fetched again within this window (at most 7 days)")
	f.String(&c.UserAgent, "user-agent", web.DefaultUserAgent, "User-Agent of every web request; its first word is matched against robots.txt")
	f.Duration(&c.FetchTimeout, "fetch-timeout", web.DefaultTimeout, "bound of one web fetch, redirects and robots.txt included")
	f.Int64(&c.FetchMaxSize, "fetch-max-size", web.DefaultMaxBytes, "largest page or feed fetched, in bytes")
	f.Int(&c.MaxRedirects, "fetch-max-redirects", web.DefaultMaxRedirects, "redirects a fetch follows")
	f.Duration(&c.HostInterval, "host-interval", DefaultHostInterval, "least time between two requests to one host (robots.txt Crawl-delay may ask for more)")
	f.Int(&c.HostConcurrency, "host-concurrency", web.DefaultHostConcurrency, "requests open at once to one host")
	f.Bool(&c.AllowPrivate, "fetch-allow-private", false, "let the fetcher connect to private, loopback and link-local addresses (tests, intranets)")
}

// web is the web client's configuration.
func (c IntakeConfig) web() web.Config {
	rate := 0.0
	if c.HostInterval > 0 {
		rate = float64(time.Second) / float64(c.HostInterval)
	}
	return web.Config{UserAgent: c.UserAgent, Timeout: c.FetchTimeout, MaxBytes: c.FetchMaxSize,
		MaxRedirects: c.MaxRedirects, HostRate: rate, HostBurst: 1, HostConcurrency: c.HostConcurrency,
		AllowPrivate: c.AllowPrivate}
}

// Bind registers the fetcher's flags (with TIDINGS_* environment defaults).
func (c *Config) Bind(f *stage.Flags) {
	f.String(&c.Inbox, "inbox", "inbox", "folder watched for documents")
	f.Int64(&c.MaxSize, "max-size", DefaultMaxSize, "largest accepted file in bytes")
	f.Int(&c.InlineLimit, "inline-limit", DefaultInlineLimit, "largest document message sent inline; larger goes to the object store")
	f.Duration(&c.RescanInterval, "rescan-interval", DefaultRescanInterval, "period of the full inbox rescan")
	f.Duration(&c.SettleTime, "settle-time", DefaultSettleTime, "how long a file must stay unchanged before it is read")
	f.Duration(&c.QuietTime, "quiet-time", DefaultQuietTime, "how long a file whose writers could not be followed (there before the start, or on a network file system) must have been unchanged before it is read")
	f.Int(&c.MaxInFlight, "max-in-flight", DefaultMaxInFlight, "documents published at once (each file moves after its own PubAck)")
	c.Intake.Bind(f)
}

// withDefaults returns c with zero values replaced by the defaults.
func (c Config) withDefaults() Config {
	c.MaxSize = cmp.Or(c.MaxSize, DefaultMaxSize)
	c.InlineLimit = cmp.Or(c.InlineLimit, DefaultInlineLimit)
	c.RescanInterval = cmp.Or(c.RescanInterval, DefaultRescanInterval)
	c.SettleTime = cmp.Or(c.SettleTime, DefaultSettleTime)
	c.QuietTime = cmp.Or(c.QuietTime, DefaultQuietTime)
	c.MaxInFlight = cmp.Or(c.MaxInFlight, DefaultMaxInFlight)
	c.Intake.MaxRequestSize = cmp.Or(c.Intake.MaxRequestSize, DefaultMaxRequestSize)
	c.Intake.FeedInterval = cmp.Or(c.Intake.FeedInterval, feeds.DefaultInterval)
	c.Intake.SeenWindow = cmp.Or(c.Intake.SeenWindow, feeds.DefaultSeenWindow)
	c.Intake.HostInterval = cmp.Or(c.Intake.HostInterval, DefaultHostInterval)
	return c
}

// validate reports settings that cannot work.
func (c Config) validate() error {
	var errs []error
	if c.Inbox == "" {
		errs = append(errs, errors.New("inbox folder is required"))
	}
	if c.MaxSize < 0 {
		errs = append(errs, fmt.Errorf("max size %d is negative", c.MaxSize))
	}
	if c.InlineLimit < 0 {
		errs = append(errs, fmt.Errorf("inline limit %d is negative", c.InlineLimit))
	}
	if c.RescanInterval < 0 {
		errs = append(errs, fmt.Errorf("rescan interval %s is negative", c.RescanInterval))
	}
	if c.SettleTime < 0 || c.QuietTime < 0 {
		errs = append(errs, fmt.Errorf("settle time %s or quiet time %s is negative", c.SettleTime, c.QuietTime))
	}
	if c.MaxInFlight < 0 {
		errs = append(errs, fmt.Errorf("max in flight %d is negative", c.MaxInFlight))
	}
	if c.Intake.SeenWindow > events.HistoryMaxAge {
		errs = append(errs, fmt.Errorf("seen window %s is longer than the %s the seen URLs are kept", c.Intake.SeenWindow, events.HistoryMaxAge))
	}
	if c.Intake.MaxRequestSize < 0 || c.Intake.FetchMaxSize < 0 || c.Intake.FeedInterval < 0 || c.Intake.HostInterval < 0 {
		errs = append(errs, errors.New("intake sizes and intervals must not be negative"))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("fetcher config: %w", err)
	}
	return nil
}
