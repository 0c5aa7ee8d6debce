package events

import (
	"testing"
	"time"
)

// TestUTC: a date comes back in UTC, the same instant in a new variable;
// nil and the zero time are no date.
func TestUTC(t *testing.T) {
	paris := time.Date(2026, 12, 6, 23, 30, 0, 0, time.FixedZone("CET", 3600))
	got := UTC(&paris)
	if got == nil || got.Location() != time.UTC || !got.Equal(paris) || got == &paris {
		t.Errorf("UTC(%v) = %v", paris, got)
	}
	if paris.Location() == time.UTC {
		t.Error("UTC changed its argument")
	}
	if got := UTC(nil); got != nil {
		t.Errorf("UTC(nil) = %v", got)
	}
	if got := UTC(&time.Time{}); got != nil {
		t.Errorf("UTC(zero) = %v", got)
	}
}
