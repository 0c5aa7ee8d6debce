package fetcher

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
)

// Fetcher watches an inbox folder and publishes the documents dropped there.
// Create it with New and start it with Run.
type Fetcher struct {
	js      jetstream.JetStream
	cfg     Config
	log     *zap.Logger
	metrics *metrics
	pub     *stage.Publisher
	claims  *stage.ClaimChecks
	// inbox is the absolute inbox path with symlinks resolved.
	inbox     string
	processed string
	failed    string
	settler   *settler
	// pausedUntil holds all publishing back after a failed publish.
	pausedUntil time.Time
	running     atomic.Bool
}

// New checks cfg, creates the inbox with its processed/ and failed/ folders
// when missing, and registers the fetcher's metrics with reg (nil registers
// none). log should carry the stage field (stage.Main's Service.Log does);
// the fetcher adds file, doc_id and trace_id. New does not talk to NATS: the
// claim-check bucket is opened when the first large document needs it.
func New(js jetstream.JetStream, cfg Config, reg prometheus.Registerer, log *zap.Logger) (*Fetcher, error) {
	if js == nil {
		return nil, errors.New("fetcher: a JetStream context is required")
	}
	if log == nil {
		log = zap.NewNop()
	}
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	inbox, err := prepareInbox(cfg.Inbox)
	if err != nil {
		return nil, err
	}
	m, err := newMetrics(reg)
	if err != nil {
		return nil, err
	}
	claims := stage.NewClaimChecks(js, stage.Topology{Replicas: cfg.Replicas}, cfg.InlineLimit)
	return &Fetcher{
		js:        js,
		cfg:       cfg,
		log:       log,
		metrics:   m,
		pub:       stage.NewPublisher(js, events.StageFetcher, cfg.StageMetrics, claims),
		claims:    claims,
		inbox:     inbox,
		processed: filepath.Join(inbox, ProcessedDir),
		failed:    filepath.Join(inbox, FailedDir),
		settler:   newSettler(cfg.SettleTime),
	}, nil
}

// prepareInbox creates the inbox and its subfolders and returns its absolute
// path with symlinks resolved (so that symlink targets can be compared to it).
func prepareInbox(dir string) (string, error) {
	for _, d := range []string{dir, filepath.Join(dir, ProcessedDir), filepath.Join(dir, FailedDir)} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return "", fmt.Errorf("create inbox folder: %w", err)
		}
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("inbox %s: %w", dir, err)
	}
	resolved, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return "", fmt.Errorf("inbox %s: %w", dir, err)
	}
	return resolved, nil
}

// Inbox is the watched folder (absolute, symlinks resolved).
func (f *Fetcher) Inbox() string { return f.inbox }

// Ready is the readiness check: the inbox and its processed/ and failed/
// folders exist, and a file can be created in the inbox.
func (f *Fetcher) Ready(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("inbox check: %w", err)
	}
	for _, d := range []string{f.inbox, f.processed, f.failed} {
		info, err := os.Stat(d)
		if err != nil {
			return fmt.Errorf("inbox folder: %w", err)
		}
		if !info.IsDir() {
			return fmt.Errorf("inbox folder %s is not a directory", d)
		}
	}
	probe, err := os.CreateTemp(f.inbox, ".tidings-ready-*")
	if err != nil {
		return fmt.Errorf("inbox %s is not writable: %w", f.inbox, err)
	}
	name := probe.Name()
	cerr := probe.Close()
	if err := errors.Join(cerr, os.Remove(name)); err != nil {
		return fmt.Errorf("inbox %s write probe: %w", f.inbox, err)
	}
	return nil
}
