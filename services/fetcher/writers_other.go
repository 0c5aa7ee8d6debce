//go:build !linux

package fetcher

import "errors"

// writeEvent says that a file was written to (open) or closed by a writer.
type writeEvent struct {
	name string
	open bool
}

// writeWatch is Linux's inotify only; elsewhere the settle time alone decides.
type writeWatch struct{}

func watchWrites(string) (*writeWatch, error) {
	return nil, errors.New("following writers needs Linux's inotify")
}

func (w *writeWatch) Events() <-chan writeEvent { return nil }
func (w *writeWatch) Close() error              { return nil }
