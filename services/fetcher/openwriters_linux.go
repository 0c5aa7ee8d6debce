//go:build linux

package fetcher

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// openForWriting maps each file under dir that a process visible here
// holds open for writing (O_WRONLY or O_RDWR) to one such process id,
// reading /proc/<pid>/fd and fdinfo. Only processes of this PID namespace
// that this user may inspect are seen: in a container, not the host's.
func openForWriting(dir string) (map[string]int, error) {
	procs, err := os.ReadDir("/proc")
	if err != nil {
		return nil, fmt.Errorf("list processes: %w", err)
	}
	prefix := dir + string(filepath.Separator)
	out := map[string]int{}
	for _, p := range procs {
		pid, err := strconv.Atoi(p.Name())
		if err != nil {
			continue
		}
		fdDir := filepath.Join("/proc", p.Name(), "fd")
		fds, err := os.ReadDir(fdDir)
		if err != nil {
			continue // gone, or not ours to inspect
		}
		for _, fd := range fds {
			target, err := os.Readlink(filepath.Join(fdDir, fd.Name()))
			if err != nil || !strings.HasPrefix(target, prefix) {
				continue
			}
			if _, seen := out[target]; !seen && writable(filepath.Join("/proc", p.Name(), "fdinfo", fd.Name())) {
				out[target] = pid
			}
		}
	}
	return out, nil
}

// writable reports whether the descriptor an fdinfo file describes was
// opened for writing (its octal "flags:" line).
func writable(fdinfo string) bool {
	f, err := os.Open(fdinfo)
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "flags:"); ok {
			flags, err := strconv.ParseUint(strings.TrimSpace(v), 8, 64)
			if err != nil {
				return false
			}
			mode := flags & unix.O_ACCMODE
			return mode == unix.O_WRONLY || mode == unix.O_RDWR
		}
	}
	return false
}
