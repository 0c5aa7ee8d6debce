package fetcher

import (
	"errors"
	"fmt"
	"time"

	"github.com/tidings-news/tidings/pkg/stage"
)

// Defaults of Config.
const (
	DefaultMaxSize        int64 = 32 << 20
	DefaultInlineLimit          = 512 << 10
	DefaultRescanInterval       = 5 * time.Second
	DefaultSettleTime           = 300 * time.Millisecond
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
	// MaxInFlight bounds the documents published at once, each file moved
	// only after the server has stored its own document (default 64).
	MaxInFlight int
	// StageMetrics, when set, receives the series shared by every stage
	// (tidings_publish_seconds{stage="fetcher"}); it is not a flag.
	StageMetrics *stage.Metrics
	// Replicas of the claim-check bucket should the fetcher create it (the
	// stream replicas of the topology); it is not a flag.
	Replicas int
}

// Bind registers the fetcher's flags (with TIDINGS_* environment defaults).
func (c *Config) Bind(f *stage.Flags) {
	f.String(&c.Inbox, "inbox", "inbox", "folder watched for documents")
	f.Int64(&c.MaxSize, "max-size", DefaultMaxSize, "largest accepted file in bytes")
	f.Int(&c.InlineLimit, "inline-limit", DefaultInlineLimit, "largest document message sent inline; larger goes to the object store")
	f.Duration(&c.RescanInterval, "rescan-interval", DefaultRescanInterval, "period of the full inbox rescan")
	f.Duration(&c.SettleTime, "settle-time", DefaultSettleTime, "how long a file must stay unchanged before it is read")
	f.Int(&c.MaxInFlight, "max-in-flight", DefaultMaxInFlight, "documents published at once (each file moves after its own PubAck)")
}

// withDefaults returns c with zero values replaced by the defaults.
func (c Config) withDefaults() Config {
	if c.MaxSize == 0 {
		c.MaxSize = DefaultMaxSize
	}
	if c.InlineLimit == 0 {
		c.InlineLimit = DefaultInlineLimit
	}
	if c.RescanInterval == 0 {
		c.RescanInterval = DefaultRescanInterval
	}
	if c.SettleTime == 0 {
		c.SettleTime = DefaultSettleTime
	}
	if c.MaxInFlight == 0 {
		c.MaxInFlight = DefaultMaxInFlight
	}
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
	if c.SettleTime < 0 {
		errs = append(errs, fmt.Errorf("settle time %s is negative", c.SettleTime))
	}
	if c.MaxInFlight < 0 {
		errs = append(errs, fmt.Errorf("max in flight %d is negative", c.MaxInFlight))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("fetcher config: %w", err)
	}
	return nil
}
