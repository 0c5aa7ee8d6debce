package sqlstore

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"github.com/tidings-news/tidings/services/sink/store"
)

// encodeCursor packs the sort key of the last row of a page into an opaque
// cursor.
func encodeCursor(parts ...string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strings.Join(parts, "\x1f")))
}

// decodeCursor unpacks a cursor of n parts, or fails with store.ErrBadCursor.
func decodeCursor(c string, n int) ([]string, error) {
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return nil, fmt.Errorf("cursor %q: %w", c, store.ErrBadCursor)
	}
	parts := strings.Split(string(raw), "\x1f")
	if len(parts) != n {
		return nil, fmt.Errorf("cursor %q: %w", c, store.ErrBadCursor)
	}
	return parts, nil
}

// cursorInts reads the integer parts of a decoded cursor from index from on.
func cursorInts(c string, parts []string, from int) ([]int64, error) {
	out := make([]int64, 0, len(parts)-from)
	for _, p := range parts[from:] {
		v, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("cursor %q: %w", c, store.ErrBadCursor)
		}
		out = append(out, v)
	}
	return out, nil
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }
