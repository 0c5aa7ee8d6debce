//go:build !unix

package parser

import "time"

// processCPU is unavailable here; CPU metrics are then not reported.
func processCPU() time.Duration { return 0 }
