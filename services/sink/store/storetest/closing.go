package storetest

import (
	"io"
	"testing"
)

// Closing returns st, which is closed when tb ends; a failure to close
// fails tb.
func Closing[S io.Closer](tb testing.TB, st S) S {
	tb.Helper()
	tb.Cleanup(func() {
		if err := st.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
	return st
}
