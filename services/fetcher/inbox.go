package fetcher

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"go.uber.org/zap"
)

// inbox is the first Source: a folder watched for files, each published
// once it has settled and then moved to processed/, or to failed/ beside
// a .reason file when it is rejected.
type inbox struct {
	cfg     Config
	log     *zap.Logger
	metrics *metrics
	// publish is the fetcher's publishing path, set by Run.
	publish PublishFunc
	// inbox is the absolute inbox path with symlinks resolved.
	inbox     string
	processed string
	failed    string
	settler   *settler
	// pausedUntil holds all publishing back after a failed publish;
	// failedRounds counts the rounds of failures since the last success.
	pausedUntil  time.Time
	failedRounds int
	// busy names the files being published; each publish reports on done,
	// and the run loop settles the file (moves it, counts it, logs it).
	busy map[string]bool
	done chan published
	// queue holds the settled files the last scan found that wait for a slot.
	queue []candidate
	// writers tells whether a writer may still be at work on a file;
	// held names the files logged as held for one, and why.
	writers *writers
	held    map[string]hold
	// unwatched is set once a folder could not be watched (logged once).
	unwatched bool
}

// newInbox prepares the inbox of cfg.
func newInbox(cfg Config, m *metrics, log *zap.Logger) (*inbox, error) {
	dir, err := prepareInbox(cfg.Inbox)
	if err != nil {
		return nil, err
	}
	return &inbox{
		cfg:       cfg,
		log:       log,
		metrics:   m,
		inbox:     dir,
		processed: filepath.Join(dir, ProcessedDir),
		failed:    filepath.Join(dir, FailedDir),
		settler:   newSettler(cfg.SettleTime),
		busy:      map[string]bool{},
		writers:   newWriters(cfg.QuietTime),
		held:      map[string]hold{},
		done:      make(chan published, max(cfg.MaxInFlight, 1)),
	}, nil
}

// Name implements Source.
func (f *inbox) Name() string { return "inbox" }

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

// Ready is the readiness check: the inbox and its processed/ and failed/
// folders exist, and a file can be created in the inbox.
func (f *inbox) Ready(ctx context.Context) error {
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
