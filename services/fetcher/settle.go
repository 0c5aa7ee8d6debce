package fetcher

import "time"

// observation is what one look at a file saw: the two properties that change
// while a writer is still at work.
type observation struct {
	size  int64
	mtime time.Time
}

// equal reports whether o and p saw the same file state.
func (o observation) equal(p observation) bool {
	return o.size == p.size && o.mtime.Equal(p.mtime)
}

// tracked is the settling state of one file.
type tracked struct {
	seen observation
	// since is when seen was first observed.
	since time.Time
	// notBefore holds the file back after a transient failure.
	notBefore time.Time
}

// settler decides when files have stopped changing: a file is ready once the
// same observation has been made for the settle time. It is not safe for
// concurrent use; the run loop owns it.
type settler struct {
	settle time.Duration
	files  map[string]*tracked
}

// newSettler tracks files that must stay unchanged for settle.
func newSettler(settle time.Duration) *settler {
	return &settler{settle: settle, files: map[string]*tracked{}}
}

// observe records what a scan saw of name at now; a changed file starts
// settling again.
func (s *settler) observe(name string, o observation, now time.Time) {
	t, ok := s.files[name]
	if !ok {
		s.files[name] = &tracked{seen: o, since: now}
		return
	}
	if !o.equal(t.seen) {
		t.seen, t.since = o, now
	}
}

// restart makes name settle again from o, seen at now.
func (s *settler) restart(name string, o observation, now time.Time) {
	if t, ok := s.files[name]; ok {
		t.seen, t.since = o, now
	}
}

// retain forgets the files that are no longer in the inbox.
func (s *settler) retain(present map[string]bool) {
	for name := range s.files {
		if !present[name] {
			delete(s.files, name)
		}
	}
}

// since is when name was first seen as it is now (zero if it is not tracked).
func (s *settler) since(name string) time.Time {
	if t, ok := s.files[name]; ok {
		return t.since
	}
	return time.Time{}
}

// readyAt is when name may be handled (zero if it is not tracked).
func (s *settler) readyAt(name string) time.Time {
	t, ok := s.files[name]
	if !ok {
		return time.Time{}
	}
	at := t.since.Add(s.settle)
	if t.notBefore.After(at) {
		at = t.notBefore
	}
	return at
}

// ready reports whether name has settled and is not held back.
func (s *settler) ready(name string, now time.Time) bool {
	_, ok := s.files[name]
	return ok && !s.readyAt(name).After(now)
}

// holdBack keeps name from being handled before at (after a transient failure).
func (s *settler) holdBack(name string, at time.Time) {
	if t, ok := s.files[name]; ok {
		t.notBefore = at
	}
}

// forget drops name (it has left the inbox).
func (s *settler) forget(name string) { delete(s.files, name) }

// next is the earliest time a tracked file becomes ready, leaving out the
// names skip says are taken care of already (nil: none); ok is false when
// nothing else is tracked.
func (s *settler) next(skip func(name string) bool) (at time.Time, ok bool) {
	for name := range s.files {
		if skip != nil && skip(name) {
			continue
		}
		r := s.readyAt(name)
		if !ok || r.Before(at) {
			at, ok = r, true
		}
	}
	return at, ok
}
