//go:build !linux

package fetcher

import "errors"

// writeWatch is Linux's inotify only; elsewhere every file's writers are
// unknown, and stillness alone decides (Config.SettleTime, and
// Config.QuietTime since its last change).
type writeWatch struct{}

func watchWrites(string) (*writeWatch, error) {
	return nil, errors.New("following writers needs Linux's inotify")
}

func (w *writeWatch) Events() <-chan writeEvent { return nil }
func (w *writeWatch) Close() error              { return nil }

// openForWriting needs Linux's /proc.
func openForWriting(string) (map[string]int, error) {
	return nil, errors.New("finding the writers of a file needs Linux's /proc")
}
