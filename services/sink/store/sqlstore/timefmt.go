package sqlstore

import (
	"fmt"
	"time"
)

// timeLayout is how times are stored: UTC with a fixed-width fraction, so that
// text order is time order (RFC 3339 with a variable fraction is not).
const timeLayout = "2006-01-02T15:04:05.000000000Z"

// FormatTime renders t for storage.
func FormatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// parseTime reads a stored time.
func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s, err)
	}
	return t, nil
}
