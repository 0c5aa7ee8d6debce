package fetcher

import (
	"context"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
	"go.uber.org/zap"
)

// maxCoalesce bounds how long a burst of watcher events is collected
// before the inbox is scanned.
const maxCoalesce = 50 * time.Millisecond

// Run implements Source: it watches the inbox and sends its files through
// publish, up to MaxInFlight at once, until ctx is cancelled, then finishes
// the files in progress and returns nil. Files present at start are handled
// too.
func (f *inbox) Run(ctx context.Context, publish PublishFunc) error {
	f.publish = publish
	evs, errs, stopWatch := f.watch()
	defer stopWatch()
	var writes <-chan writeEvent
	if ww, err := watchWrites(f.inbox); err != nil {
		f.log.Warn("cannot follow the writers of the inbox's files; a file is read once still for the quiet time",
			zap.Duration("quiet", f.writers.quiet), zap.Error(err))
	} else {
		defer func() { _ = ww.Close() }()
		writes = ww.Events()
	}
	rescan := time.NewTicker(f.cfg.RescanInterval)
	defer rescan.Stop()
	wake := newAlarm()
	defer wake.stop()
	wake.at(time.Now())
	coalesce := min(f.cfg.SettleTime, maxCoalesce)

	f.log.Info("watching inbox", zap.String("inbox", f.inbox),
		zap.Duration("settle_time", f.cfg.SettleTime), zap.Duration("rescan_interval", f.cfg.RescanInterval))
	for {
		select {
		case <-ctx.Done():
			for len(f.busy) > 0 {
				f.finish(<-f.done)
			}
			f.log.Info("fetcher stopped")
			return nil
		case p := <-f.done:
			f.finish(p)
			f.drain(ctx) // a slot is free
			if f.pausedUntil.After(time.Now()) {
				wake.at(f.pausedUntil) // a failed publish: look again when the pause ends
			}

		case ev, ok := <-evs:
			if !ok {
				evs = nil
				continue
			}
			if relevant(ev) {
				wake.at(time.Now().Add(coalesce))
			}
		case w, ok := <-writes:
			if !ok {
				writes = nil
				continue
			}
			f.writeEvent(w, wake, coalesce)
		case err, ok := <-errs:
			if !ok {
				errs = nil
				continue
			}
			// An overflow loses events; a scan finds what they were about.
			f.log.Warn("inbox watcher error; rescanning", zap.Error(err))
			wake.at(time.Now())
		case <-rescan.C:
			wake.at(time.Now())
		case <-wake.c():
			wake.fired()
			if next, ok := f.scan(ctx); ok {
				wake.at(next)
			}
		}
	}
}

// writeEvent takes in what the watch of the inbox's writers saw, and has
// the inbox scanned when a file may be complete now.
func (f *inbox) writeEvent(w writeEvent, wake *alarm, coalesce time.Duration) {
	if w.kind == writeUnwatched {
		if !f.unwatched {
			f.unwatched = true
			f.log.Warn("cannot follow the writers of a folder of the inbox (inotify watches exhausted?); its files are read once still for the quiet time",
				zap.String("folder", w.name), zap.Duration("quiet", f.writers.quiet), zap.Error(w.err))
		}
		return
	}
	if f.writers.event(w) {
		wake.at(time.Now().Add(coalesce))
	}
}

// watch starts an fsnotify watcher on the inbox. When that fails (such as
// when the inotify limits are reached) the fetcher carries on with the
// periodic rescan alone, and the returned channels are nil.
func (f *inbox) watch() (<-chan fsnotify.Event, <-chan error, func()) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		f.log.Warn("inbox watcher unavailable; relying on the periodic rescan", zap.Error(err))
		return nil, nil, func() {}
	}
	if err := w.Add(f.inbox); err != nil {
		_ = w.Close()
		f.log.Warn("cannot watch the inbox; relying on the periodic rescan", zap.String("inbox", f.inbox), zap.Error(err))
		return nil, nil, func() {}
	}
	return w.Events, w.Errors, func() {
		if err := w.Close(); err != nil {
			f.log.Warn("close inbox watcher", zap.Error(err))
		}
	}
}

// relevant reports whether ev may concern a document: something was created
// in, moved into, written to or touched in the inbox, and it is not a dotfile
// or temporary file. Removals and moves out need no scan.
func relevant(ev fsnotify.Event) bool {
	if !ev.Has(fsnotify.Create) && !ev.Has(fsnotify.Write) && !ev.Has(fsnotify.Chmod) {
		return false
	}
	return !ignored(filepath.Base(ev.Name))
}

// alarm is a timer that keeps the earliest of the times it is set to.
type alarm struct {
	t     *time.Timer
	due   time.Time
	armed bool
}

// newAlarm returns a disarmed alarm.
func newAlarm() *alarm {
	t := time.NewTimer(time.Hour)
	t.Stop()
	return &alarm{t: t}
}

// at makes the alarm go off at t, unless it is already set to go off earlier.
func (a *alarm) at(t time.Time) {
	if a.armed && !t.Before(a.due) {
		return
	}
	a.t.Reset(time.Until(t))
	a.due, a.armed = t, true
}

// c is the channel the alarm goes off on; call fired after receiving.
func (a *alarm) c() <-chan time.Time { return a.t.C }

// fired records that the alarm went off.
func (a *alarm) fired() { a.armed = false }

// stop disarms the alarm.
func (a *alarm) stop() { a.t.Stop() }
