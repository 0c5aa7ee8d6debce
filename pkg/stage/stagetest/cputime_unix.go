//go:build unix

package stagetest

import (
	"syscall"
	"time"
)

// ProcessCPU is the CPU time (user and system, every thread) the process
// has used so far, or 0 when it cannot be read; benchmarks report CPU time
// per item from it, as a shared machine makes wall time noisy.
func ProcessCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(syscall.TimevalToNsec(ru.Utime) + syscall.TimevalToNsec(ru.Stime))
}
