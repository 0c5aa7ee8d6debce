//go:build linux

package selfextract

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Exec replaces the running process with the payload packed into its own
// executable: it reads the trailer of /proc/self/exe, decompresses the
// payload into a close-on-exec memfd named after the executable, checks its
// length and checksum, and execs it with argv (argv[0] included, unchanged)
// and envv. The PID, open descriptors (stdin, stdout, stderr...), signals
// and exit status are then the payload's.
//
// It returns only if something failed, with an error that says what; the
// stub should print it and exit with ExitFailure.
func Exec(argv, envv []string) error {
	self, exe, err := openSelf()
	if err != nil {
		return fmt.Errorf("selfextract: %w", err)
	}
	name := filepath.Base(exe)
	mem, err := extract(self, name)
	self.Close()
	if err != nil {
		return fmt.Errorf("selfextract: %s: %w", exe, err)
	}
	err = execMemfd(mem, argv, envv)
	mem.Close()
	return fmt.Errorf("selfextract: exec the payload (memfd:%s): %w", name, err)
}

// execMemfd execs the program in mem, through execveat(fd, "", AT_EMPTY_PATH)
// or, where that system call is refused (kernels before 3.19, seccomp
// profiles without it), execve of /proc/self/fd/N. It returns only on
// failure.
//
// Both work on a close-on-exec descriptor: the kernel opens the file before
// it closes those (only #! scripts would fail, their interpreter being
// handed a /dev/fd path that is gone). execveat needs no /proc and, since
// Linux 6.14, names the process after the memfd ("memfd:tidings" in ps and
// top) where a path gives the descriptor's number. Unlike syscall.Exec it
// does not restore the RLIMIT_NOFILE soft limit that the Go runtime raised
// at the stub's start: a Go payload raises it the same way anyway, only
// processes it starts inherit the raised limit.
func execMemfd(mem *os.File, argv, envv []string) error {
	err := execveat(int(mem.Fd()), argv, envv)
	if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EPERM) {
		err = fmt.Errorf("execveat: %w; then %w", err, execProcFD(mem, argv, envv))
	} else {
		err = fmt.Errorf("execveat: %w", err)
	}
	runtime.KeepAlive(mem) // the descriptor must stay open until the exec
	return err
}

// execveat execs the file open as fd, execveat(fd, "", argv, envv,
// AT_EMPTY_PATH), and returns only on failure.
func execveat(fd int, argv, envv []string) error {
	argvp, err := syscall.SlicePtrFromStrings(argv)
	if err != nil {
		return err
	}
	envvp, err := syscall.SlicePtrFromStrings(envv)
	if err != nil {
		return err
	}
	empty := []byte{0}
	_, _, errno := unix.RawSyscall6(unix.SYS_EXECVEAT, uintptr(fd), uintptr(unsafe.Pointer(&empty[0])),
		uintptr(unsafe.Pointer(&argvp[0])), uintptr(unsafe.Pointer(&envvp[0])), unix.AT_EMPTY_PATH, 0)
	return errno
}

// execProcFD execs mem through its /proc/self/fd path with syscall.Exec, and
// returns only on failure.
func execProcFD(mem *os.File, argv, envv []string) error {
	path := "/proc/self/fd/" + strconv.Itoa(int(mem.Fd()))
	if err := syscall.Exec(path, argv, envv); err != nil {
		return fmt.Errorf("execve %s: %w", path, err)
	}
	return nil
}

// openSelf opens the running executable, through /proc/self/exe or else
// os.Executable, and returns its path (for messages and the memfd's name).
func openSelf() (*os.File, string, error) {
	f, err := os.Open("/proc/self/exe")
	if err == nil {
		path := "/proc/self/exe"
		if p, err := os.Readlink(path); err == nil {
			path = strings.TrimSuffix(p, " (deleted)")
		}
		return f, path, nil
	}
	exe, err2 := os.Executable()
	if err2 != nil {
		return nil, "", fmt.Errorf("find the running executable: %w; os.Executable: %w", err, err2)
	}
	f, err2 = os.Open(exe)
	if err2 != nil {
		return nil, "", fmt.Errorf("open the running executable: %w; %w", err, err2)
	}
	return f, exe, nil
}

// extract decompresses the payload of the packed file f into a new memfd
// named name, checked against the trailer.
func extract(f *os.File, name string) (*os.File, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("stat: %w", err)
	}
	t, err := readTrailer(f, st.Size())
	if err != nil {
		return nil, err
	}
	mem, err := memfd(name)
	if err != nil {
		return nil, err
	}
	if err := decompress(mem, io.NewSectionReader(f, int64(t.offset), int64(t.compressed)), t); err != nil {
		mem.Close()
		return nil, err
	}
	return mem, nil
}

// memfd creates an executable, close-on-exec anonymous file in memory.
// MFD_EXEC (Linux 6.3) keeps it executable under vm.memfd_noexec=1; older
// kernels reject the flag, and their memfds are executable anyway.
func memfd(name string) (*os.File, error) {
	fd, err := unix.MemfdCreate(name, unix.MFD_CLOEXEC|unix.MFD_EXEC)
	if errors.Is(err, unix.EINVAL) {
		fd, err = unix.MemfdCreate(name, unix.MFD_CLOEXEC)
	}
	if err != nil {
		return nil, fmt.Errorf("memfd_create(%q): %w (executable memfds must be allowed: vm.memfd_noexec below 2, memfd_create permitted by seccomp)", name, err)
	}
	return os.NewFile(uintptr(fd), "memfd:"+name), nil
}
