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

// decodeCursor unpacks a cursor of n parts, the first ints of them from
// index from on being integers, or fails with store.ErrBadCursor.
func decodeCursor(c string, n, from, ints int) ([]string, []int64, error) {
	bad := fmt.Errorf("cursor %q: %w", c, store.ErrBadCursor)
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return nil, nil, bad
	}
	parts := strings.Split(string(raw), "\x1f")
	if len(parts) != n {
		return nil, nil, bad
	}
	out := make([]int64, 0, ints)
	for _, p := range parts[from : from+ints] {
		v, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return nil, nil, bad
		}
		out = append(out, v)
	}
	return parts, out, nil
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }
