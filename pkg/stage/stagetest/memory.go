package stagetest

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
)

// ResidentKB is a field of /proc/self/status in kB: "VmRSS" the process's
// resident memory, "VmHWM" its peak. A test on a system without it is skipped.
func ResidentKB(tb testing.TB, field string) int64 {
	tb.Helper()
	f, err := os.Open("/proc/self/status")
	if err != nil {
		tb.Skipf("no /proc/self/status: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			n, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err == nil {
				return n
			}
		}
	}
	tb.Skipf("no %s in /proc/self/status", field)
	return 0
}
