package fetcher

import (
	"context"
	"errors"
	"path/filepath"
	"time"

	"go.uber.org/zap"
)

// Bounds on the handling of one file: all of it (an object-store upload
// included) and the wait for a PubAck.
const (
	fileTimeout    = 30 * time.Second
	publishTimeout = 10 * time.Second
)

// scan lists the inbox, records what it saw, and handles the files that have
// settled, in name order, until ctx ends. It returns when the next tracked
// file becomes ready (ok is false when none is tracked).
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
	f.metrics.inbox.Set(float64(len(cands)))
	for _, c := range cands {
		if ctx.Err() != nil || f.pausedUntil.After(time.Now()) {
			break
		}
		if !f.settler.ready(c.name, time.Now()) {
			continue
		}
		if f.handle(ctx, c) {
			f.metrics.inbox.Dec()
		}
	}
	next, ok = f.settler.next()
	if ok && f.pausedUntil.After(next) {
		next = f.pausedUntil
	}
	return next, ok
}

// handle loads one settled file and publishes or rejects it. It reports
// whether the file left the inbox. The file is finished even when ctx ends
// meanwhile (within fileTimeout), so that a stop never cuts a publish short.
func (f *inbox) handle(ctx context.Context, c candidate) (left bool) {
	hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), fileTimeout)
	defer cancel()
	log := f.log.With(zap.String("file", c.name))
	l, err := f.load(c)
	var rej *rejection
	var changed *changedError
	switch {
	case err == nil:
		return f.accept(hctx, c, l, log)
	case errors.As(err, &rej):
		return f.reject(c, rej, log)
	case errors.As(err, &changed):
		f.settler.restart(c.name, changed.seen, time.Now())
		log.Debug("file changed after it had settled; waiting for it to settle again")
		return false
	case errors.Is(err, errGone):
		f.settler.forget(c.name)
		log.Debug("file left the inbox before it was handled")
		return true
	default:
		f.retryLater(c.name, err, log, "cannot read file; it stays in the inbox")
		return false
	}
}

// accept sends a loaded file through the publishing path and, once the
// server has stored it, moves the file to processed/; a file whose content
// the path rejects goes to failed/.
func (f *inbox) accept(ctx context.Context, c candidate, l *loaded, log *zap.Logger) bool {
	res, err := f.publish(ctx, Item{Name: c.name, MediaType: l.mediaType, Raw: l.raw})
	doc := res.Doc
	if doc.ID != "" {
		log = log.With(zap.String("doc_id", doc.ID), zap.String("trace_id", doc.TraceID))
	}
	var rej *rejection
	if errors.As(err, &rej) {
		return f.reject(c, rej, log)
	}
	if err != nil {
		// NATS is likely down: hold every file back, not just this one.
		f.pausedUntil = time.Now().Add(f.cfg.RescanInterval)
		f.retryLater(c.name, err, log, "publish failed; the file stays in the inbox and publishing pauses until the next rescan")
		return false
	}
	dst, err := moveOut(f.inbox, c.name, f.processed, doc.ID, false)
	if errors.Is(err, errGone) {
		f.settler.forget(c.name)
		f.metrics.files.WithLabelValues(OutcomePublished).Inc()
		log.Warn("document published, but the file left the inbox before it could be moved")
		return true
	}
	if err != nil {
		f.retryLater(c.name, err, log, "document published, but the file could not be moved to processed/; it will be published again (deduplicated)")
		return false
	}
	f.settler.forget(c.name)
	f.metrics.files.WithLabelValues(OutcomePublished).Inc()
	log.Info("document published",
		zap.String("media_type", doc.MediaType),
		zap.Int64("size", doc.Size),
		zap.Int64("file_size", int64(len(l.raw))),
		zap.Bool("converted_from_utf16", res.FromUTF16),
		zap.Bool("claim_check", res.ClaimCheck),
		zap.Bool("duplicate", res.Duplicate),
		zap.String("moved_to", f.rel(dst)))
	return true
}

// reject moves a rejected file to failed/, writes its .reason file beside
// it, and counts the reason.
func (f *inbox) reject(c candidate, rej *rejection, log *zap.Logger) bool {
	if rej.docID != "" {
		log = log.With(zap.String("doc_id", rej.docID))
	}
	dst, err := moveOut(f.inbox, c.name, f.failed, rej.docID, true)
	if errors.Is(err, errGone) {
		f.settler.forget(c.name)
		return true
	}
	if err != nil {
		f.retryLater(c.name, err, log, "rejected file could not be moved to failed/; it stays in the inbox")
		return false
	}
	f.settler.forget(c.name)
	if err := writeReason(dst, c.name, rej, time.Now()); err != nil {
		log.Error("rejected file moved, but its reason file could not be written", zap.Error(err))
	}
	f.metrics.files.WithLabelValues(OutcomeRejected).Inc()
	f.metrics.rejects.WithLabelValues(string(rej.reason)).Inc()
	log.Warn("file rejected",
		zap.String("reason", string(rej.reason)),
		zap.String("detail", rej.detail),
		zap.String("moved_to", f.rel(dst)))
	return true
}

// retryLater counts a transient failure and holds the file back until the
// next periodic rescan.
func (f *inbox) retryLater(name string, err error, log *zap.Logger, msg string) {
	f.metrics.files.WithLabelValues(OutcomeError).Inc()
	f.settler.holdBack(name, time.Now().Add(f.cfg.RescanInterval))
	log.Error(msg, zap.Error(err), zap.Duration("retry_in", f.cfg.RescanInterval))
}

// rel is path relative to the inbox, for log lines.
func (f *inbox) rel(path string) string {
	if r, err := filepath.Rel(f.inbox, path); err == nil {
		return r
	}
	return path
}
