package fetcher

import (
	"context"
	"errors"
	"path/filepath"
	"time"

	"github.com/nats-io/nats.go"
	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/stage"
)

// fileTimeout bounds the publishing of one file, an object-store upload
// included; every request to NATS inside it has the JetStream context's own
// short timeout (--request-timeout).
const fileTimeout = 30 * time.Second

// scan lists the inbox, records what it saw, and queues the files that have
// settled and have no writer at work, in name order, starting as many as
// MaxInFlight allows (drain starts the rest as publishes finish, without
// listing the folder again). It returns when the next tracked file becomes
// ready or is worth another look (ok is false when none is tracked).
func (f *inbox) scan(ctx context.Context) (next time.Time, ok bool) {
	cands, err := list(f.inbox)
	if err != nil {
		f.log.Error("inbox scan failed; retrying on the next rescan", zap.Error(err))
		return time.Time{}, false
	}
	now := time.Now()
	present := make(map[string]bool, len(cands))
	for _, c := range cands {
		present[c.name] = true
		f.settler.observe(c.name, c.obs, now)
	}
	f.settler.retain(present)
	f.writers.retain(present)
	f.writers.newScan()
	for name := range f.held {
		if !present[name] {
			delete(f.held, name)
		}
	}
	f.metrics.inbox.Set(float64(len(cands)))
	f.queue = f.queue[:0]
	queued, waiting := map[string]bool{}, map[string]bool{}
	var recheck time.Time
	for _, c := range cands {
		if f.busy[c.name] || !f.settler.ready(c.name, now) {
			continue
		}
		if h, until := f.holdFor(c, now); h != holdNone {
			waiting[c.name] = true
			if !until.IsZero() && (recheck.IsZero() || until.Before(recheck)) {
				recheck = until
			}
			continue
		}
		f.queue = append(f.queue, c)
		queued[c.name] = true
	}
	f.drain(ctx)
	// Files being published or waiting for a slot need no wake-up: each
	// finished publish starts the next. A file held for its writer is
	// looked at again when its quiet time is over, or when inotify reports
	// on it (a write, a close), or at the next rescan.
	next, ok = f.settler.next(func(name string) bool { return f.busy[name] || queued[name] || waiting[name] })
	if !recheck.IsZero() && (!ok || recheck.Before(next)) {
		next, ok = recheck, true
	}
	if ok && f.pausedUntil.After(next) {
		next = f.pausedUntil
	}
	return next, ok
}

// holdFor says whether the settled file c must wait for a writer (and
// until when, if a time will tell), logging each kind of wait once.
func (f *inbox) holdFor(c candidate, now time.Time) (hold, time.Time) {
	h, detail, until := f.writers.check(f.inbox, c, f.settler.since(c.name), now)
	if h == holdNone {
		delete(f.held, c.name)
		return h, until
	}
	if f.held[c.name] != h {
		f.held[c.name] = h
		file := zap.String("file", c.name)
		switch h {
		case holdWriting:
			f.log.Info("file is still open for writing; waiting for its writer to close it", file)
		case holdOpen:
			f.log.Info("file is held open for writing by a process; waiting for it to close the file", file, zap.String("writer", detail))
		case holdQuiet:
			f.log.Debug("file changed before its writers could be followed; waiting until it has been still for the quiet time",
				file, zap.Duration("quiet", f.writers.quiet))
		}
	}
	return h, until
}

// drain starts the queued files while publishing slots are free.
func (f *inbox) drain(ctx context.Context) {
	for len(f.queue) > 0 && len(f.busy) < f.cfg.MaxInFlight {
		if ctx.Err() != nil || f.pausedUntil.After(time.Now()) {
			f.queue = f.queue[:0] // the next scan finds them again
			return
		}
		c := f.queue[0]
		f.queue = f.queue[1:]
		if f.busy[c.name] {
			continue
		}
		if f.handle(ctx, c) {
			f.metrics.inbox.Dec()
		}
	}
}

// handle loads one settled file and starts its publish, or rejects it. It
// reports whether the file left the inbox (a published one leaves when its
// publish is settled, in finish).
func (f *inbox) handle(ctx context.Context, c candidate) (left bool) {
	log := f.log.With(zap.String("file", c.name))
	l, err := f.load(c)
	var rej *rejection
	var changed *changedError
	switch {
	case err == nil:
		f.start(ctx, c, l, log)
		return false
	case errors.As(err, &rej):
		return f.reject(c, rej, log)
	case errors.As(err, &changed):
		f.settler.restart(c.name, changed.seen, time.Now())
		log.Debug("file changed after it had settled; waiting for it to settle again")
		return false
	case errors.Is(err, errGone):
		f.forget(c.name)
		log.Debug("file left the inbox before it was handled")
		return true
	default:
		f.retryLater(c.name, err, log, f.cfg.RescanInterval, "cannot read file; it stays in the inbox")
		return false
	}
}

// forget drops what is known of a file that left the inbox.
func (f *inbox) forget(name string) {
	f.settler.forget(name)
	f.writers.forget(name)
	delete(f.held, name)
}

// published is the outcome of one file's publish, settled by finish.
type published struct {
	c   candidate
	l   *loaded
	log *zap.Logger
	res Published
	err error
}

// start publishes a loaded file in the background; its outcome comes back
// on done. The publish is finished even when ctx ends meanwhile (within
// fileTimeout, a bound without a deadline so that each request keeps its
// own timeout), so that a stop never cuts a publish short.
func (f *inbox) start(ctx context.Context, c candidate, l *loaded, log *zap.Logger) {
	f.busy[c.name] = true
	go func() {
		pctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		t := time.AfterFunc(fileTimeout, cancel)
		res, err := f.publish(pctx, Item{Name: c.name, MediaType: l.mediaType, Raw: l.raw})
		t.Stop()
		cancel()
		f.done <- published{c: c, l: l, log: log, res: res, err: err}
	}()
}

// finish settles a publish: the file leaves the inbox or is held back.
func (f *inbox) finish(p published) {
	delete(f.busy, p.c.name)
	if f.accept(p) {
		f.metrics.inbox.Dec()
	}
}

// accept settles a published file: once the server has stored its
// document, the file moves to processed/; a file whose content the path
// rejected goes to failed/. It reports whether the file left the inbox.
func (f *inbox) accept(p published) bool {
	c, l, log, res, err := p.c, p.l, p.log, p.res, p.err
	doc := res.Doc
	if doc.ID != "" {
		log = log.With(zap.String("doc_id", doc.ID), zap.String("trace_id", doc.TraceID))
	}
	var rej *rejection
	if errors.As(err, &rej) {
		return f.reject(c, rej, log)
	}
	if err != nil {
		// NATS is likely down or electing: hold every file back, not just this one.
		wait := f.pauseAfterFailure(time.Now())
		if unconfirmed(err) {
			// The server may well have stored it: the retry will say so (a duplicate).
			f.retryLaterQuietly(c.name, err, log, wait, "publish not confirmed in time; the file stays in the inbox and is published again "+
				"(recognised as a duplicate if the server had stored it); publishing pauses")
			return false
		}
		f.retryLater(c.name, err, log, wait, "publish failed; the file stays in the inbox and publishing pauses")
		return false
	}
	f.failedRounds = 0
	dst, err := moveOut(f.inbox, c.name, f.processed, doc.ID, false)
	if errors.Is(err, errGone) {
		f.forget(c.name)
		f.metrics.files.WithLabelValues(OutcomePublished).Inc()
		log.Warn("document published, but the file left the inbox before it could be moved")
		return true
	}
	if err != nil {
		f.retryLater(c.name, err, log, f.cfg.RescanInterval, "document published, but the file could not be moved to processed/; it will be published again (deduplicated)")
		return false
	}
	f.forget(c.name)
	f.metrics.files.WithLabelValues(OutcomePublished).Inc()
	log.Info("document published", publishedFields(doc.MediaType, doc.Size, int64(len(l.raw)), res, f.rel(dst))...)
	return true
}

// publishedFields are the fields of the one line a published file gets:
// what is always worth knowing, and the exceptions only when they happen.
func publishedFields(media string, size, fileSize int64, res Published, movedTo string) []zap.Field {
	fields := []zap.Field{zap.String("media_type", media), zap.Int64("size", size)}
	if fileSize != size {
		fields = append(fields, zap.Int64("file_size", fileSize))
	}
	if res.FromUTF16 {
		fields = append(fields, zap.Bool("converted_from_utf16", true))
	}
	if res.ClaimCheck {
		fields = append(fields, zap.Bool("claim_check", true))
	}
	if res.PubAck != nil && res.Duplicate {
		fields = append(fields, zap.Bool("duplicate", true))
	}
	return append(fields, zap.String("moved_to", movedTo))
}

// reject moves a rejected file to failed/, writes its .reason file beside
// it, and counts the reason.
func (f *inbox) reject(c candidate, rej *rejection, log *zap.Logger) bool {
	if rej.docID != "" {
		log = log.With(zap.String("doc_id", rej.docID))
	}
	dst, err := moveOut(f.inbox, c.name, f.failed, rej.docID, true)
	if errors.Is(err, errGone) {
		f.forget(c.name)
		return true
	}
	if err != nil {
		f.retryLater(c.name, err, log, f.cfg.RescanInterval, "rejected file could not be moved to failed/; it stays in the inbox")
		return false
	}
	f.forget(c.name)
	f.countRejected(rej.reason) // before the reason file appears: whoever sees it sees the count
	if err := writeReason(dst, c.name, rej, time.Now()); err != nil {
		log.Error("rejected file moved, but its reason file could not be written", zap.Error(err))
	}
	log.Warn("file rejected",
		zap.String("reason", string(rej.reason)),
		zap.String("detail", rej.detail),
		zap.String("moved_to", f.rel(dst)))
	return true
}

// countRejected counts a file rejected for reason.
func (f *inbox) countRejected(reason Reason) {
	f.metrics.files.WithLabelValues(OutcomeRejected).Inc()
	f.metrics.rejects.WithLabelValues(string(reason)).Inc()
}

// firstPublishRetry is the pause after the first round of failed publishes;
// each round that fails again doubles it (jittered), up to the rescan
// interval. A fixed pause of the rescan interval held the inbox back 5–10 s
// after a leader election had ended (cluster tests, a node cut off).
const firstPublishRetry = 250 * time.Millisecond

// pauseAfterFailure holds all publishing back after a failed publish and
// returns for how long: a failure after the last pause ended starts a new
// round of the backoff, the others of a burst (every publish in flight
// failing at once) share the round.
func (f *inbox) pauseAfterFailure(now time.Time) time.Duration {
	if !now.Before(f.pausedUntil) {
		f.failedRounds++
	}
	wait := stage.JitteredBackoff{Base: firstPublishRetry, Max: f.cfg.RescanInterval}.Delay(f.failedRounds)
	f.pausedUntil = now.Add(wait)
	return wait
}

// retryLater counts a transient failure and holds the file back for wait
// (the rescan interval but after a failed publish).
func (f *inbox) retryLater(name string, err error, log *zap.Logger, wait time.Duration, msg string) {
	f.metrics.files.WithLabelValues(OutcomeError).Inc()
	f.settler.holdBack(name, time.Now().Add(wait))
	log.Error(msg, zap.Error(err), zap.Duration("retry_in", wait))
}

// retryLaterQuietly is retryLater for an outcome that is not known to be a
// failure (a PubAck that did not come in time): a warning, not an error.
func (f *inbox) retryLaterQuietly(name string, err error, log *zap.Logger, wait time.Duration, msg string) {
	f.metrics.files.WithLabelValues(OutcomeError).Inc()
	f.settler.holdBack(name, time.Now().Add(wait))
	log.Warn(msg, zap.Error(err), zap.Duration("retry_in", wait))
}

// unconfirmed reports whether err is a publish whose acknowledgement did
// not come in time: the message may have been stored all the same.
func unconfirmed(err error) bool {
	return errors.Is(err, nats.ErrTimeout) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)
}

// rel is path relative to the inbox, for log lines.
func (f *inbox) rel(path string) string {
	if r, err := filepath.Rel(f.inbox, path); err == nil {
		return r
	}
	return path
}
