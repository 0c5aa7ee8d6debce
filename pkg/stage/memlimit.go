package stage

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
)

// memoryLimitFraction is the share of its container's memory limit a stage
// gives the Go runtime as a soft limit: the collector works harder as the
// heap nears it instead of letting a burst of records in flight (the sink
// holds 128 at once) grow the heap into the kernel's OOM killer.
const memoryLimitFraction = 0.9

// unlimitedMemory is where cgroup v1 values mean "no limit" (it reports
// the largest page-aligned int64).
const unlimitedMemory = 1 << 50

// containerMemoryLimit reads the memory limit of the cgroup mounted at root
// (normally /sys/fs/cgroup): cgroup v2's memory.max, else v1's
// memory/memory.limit_in_bytes. It returns 0 when there is none.
func containerMemoryLimit(root string) int64 {
	for _, p := range []string{"memory.max", filepath.Join("memory", "memory.limit_in_bytes")} {
		data, err := os.ReadFile(filepath.Join(root, p))
		if err != nil {
			continue
		}
		s := strings.TrimSpace(string(data))
		if s == "max" {
			return 0
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 || n >= unlimitedMemory {
			return 0
		}
		return n
	}
	return 0
}

// ApplyMemoryLimit sets the runtime's soft memory limit to
// memoryLimitFraction (90 %) of the container's (the cgroup mounted at root,
// normally /sys/fs/cgroup), unless GOMEMLIMIT is set or there is no limit,
// and returns the limit it set (0: none). Main calls it for every stage.
func ApplyMemoryLimit(root string) int64 {
	if os.Getenv("GOMEMLIMIT") != "" {
		return 0
	}
	limit := containerMemoryLimit(root)
	if limit == 0 {
		return 0
	}
	soft := int64(float64(limit) * memoryLimitFraction)
	debug.SetMemoryLimit(soft)
	return soft
}
