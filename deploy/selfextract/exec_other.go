//go:build !linux

package selfextract

import (
	"errors"
	"runtime"
)

// Exec replaces the running process with the payload packed into its own
// executable. It needs Linux (memfd_create and /proc): elsewhere it only
// returns an error.
func Exec(argv, envv []string) error {
	return errors.New("selfextract: self-extraction needs Linux, not " + runtime.GOOS)
}
