//go:build !unix

package stagetest

import "time"

// ProcessCPU is not measured on this platform: 0, and benchmarks then
// report no CPU time.
func ProcessCPU() time.Duration { return 0 }
