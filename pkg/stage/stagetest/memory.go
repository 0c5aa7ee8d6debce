package stagetest

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
)

// ResidentKB is a field of /proc/self/status in kB: "VmRSS" the process's
// resident memory, "VmHWM" its peak. A test on a system without it is skipped.
func ResidentKB(tb testing.TB, field string) int64 {
	tb.Helper()
	kb, err := StatusKB(os.Getpid(), field)
	if err != nil {
		tb.Skip(err)
	}
	return kb
}

// StatusKB is a field in kB of /proc/<pid>/status ("VmRSS", "VmHWM"), of
// this process or of one it started.
func StatusKB(pid int, field string) (int64, error) {
	name := "/proc/" + strconv.Itoa(pid) + "/status"
	f, err := os.Open(name)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			n, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err == nil {
				return n, nil
			}
		}
	}
	return 0, fmt.Errorf("no %s in %s", field, name)
}
