package selfextract

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tidings-news/tidings/deploy/selfextract/internal/helperreport"
)

// Built once by TestMain: the stub (cmd/unpack), the helper program
// (testdata/helper) and the helper packed behind the stub.
var stubPath, helperPath, packedPath string

func TestMain(m *testing.M) {
	if helper := os.Getenv("SELFEXTRACT_TEST_PROCFD"); helper != "" {
		// TestExecProcFD runs the test binary as a stub that uses the
		// /proc/self/fd fallback.
		fmt.Fprintln(os.Stderr, execHelperProcFD(helper))
		os.Exit(ExitFailure)
	}
	dir, err := os.MkdirTemp("", "selfextract-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := 1
	if err := buildPrograms(dir); err != nil {
		fmt.Fprintln(os.Stderr, "selfextract tests:", err)
	} else {
		code = m.Run()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// buildPrograms builds the stub and the helper with the go command into dir
// and packs the helper.
func buildPrograms(dir string) error {
	gobin, err := exec.LookPath("go")
	if err != nil {
		return fmt.Errorf("the go command is needed to build the stub: %w", err)
	}
	stubPath = filepath.Join(dir, "unpack")
	helperPath = filepath.Join(dir, "helper")
	packedPath = filepath.Join(dir, "packed", "helper") // same base name: the memfd is named after it
	for _, b := range [][2]string{{stubPath, "../cmd/unpack"}, {helperPath, "./testdata/helper"}} {
		cmd := exec.Command(gobin, "build", "-trimpath", "-ldflags=-s -w", "-o", b[0], b[1])
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go build %s: %v\n%s", b[1], err, out)
		}
	}
	stub, err := os.ReadFile(stubPath)
	if err != nil {
		return err
	}
	helper, err := os.ReadFile(helperPath)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := Pack(&buf, bytes.NewReader(stub), bytes.NewReader(helper)); err != nil {
		return err
	}
	if err := os.Mkdir(filepath.Dir(packedPath), 0o755); err != nil {
		return err
	}
	return os.WriteFile(packedPath, buf.Bytes(), 0o755)
}

// run runs path with argv (argv[0] included), extra environment and stdin,
// and returns stdout, stderr, the exit status and the PID it ran as.
func run(t *testing.T, path string, argv, env []string, stdin string) (stdout, stderr string, code, pid int) {
	t.Helper()
	cmd := exec.Command(path)
	cmd.Args = argv
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdin = strings.NewReader(stdin)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		t.Fatalf("run %s: %v", path, err)
	}
	return o.String(), e.String(), cmd.ProcessState.ExitCode(), cmd.Process.Pid
}

func parseReport(t *testing.T, stdout string) helperreport.Report {
	t.Helper()
	var r helperreport.Report
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("helper output %q: %v", stdout, err)
	}
	return r
}

// TestPackedRunsTheProgram runs the packed helper and the plain one alike:
// argv (argv[0] as the caller set it), environment, stdin, stdout, stderr
// and exit status are the program's, it runs as the PID that was started,
// and from memory.
func TestPackedRunsTheProgram(t *testing.T) {
	for _, code := range []int{0, 7, 200} {
		t.Run(fmt.Sprint("exit ", code), func(t *testing.T) {
			argv := []string{"custom-argv0", "one", "two words", "", "--flag=x"}
			env := []string{"SELFEXTRACT_TEST_VALUE=héllo = wörld", fmt.Sprintf("HELPER_EXIT=%d", code)}
			stdin := "line one\nline two\x00binary\n"

			out, errOut, gotCode, pid := run(t, packedPath, argv, env, stdin)
			plainOut, plainErr, plainCode, _ := run(t, helperPath, argv, env, stdin)
			if gotCode != code || plainCode != code {
				t.Fatalf("exit status %d packed, %d plain, want %d (stderr %q)", gotCode, plainCode, code, errOut)
			}
			if errOut != plainErr || errOut != "helper on stderr\n" {
				t.Errorf("stderr %q packed, %q plain", errOut, plainErr)
			}
			got, plain := parseReport(t, out), parseReport(t, plainOut)
			if !reflect.DeepEqual(got.Args, argv) || !reflect.DeepEqual(plain.Args, argv) {
				t.Errorf("argv %q packed, %q plain, want %q", got.Args, plain.Args, argv)
			}
			if !reflect.DeepEqual(got.Env, plain.Env) {
				t.Errorf("environment differs:\npacked %q\nplain  %q", got.Env, plain.Env)
			}
			if !contains(got.Env, env[0]) {
				t.Errorf("environment lacks %q", env[0])
			}
			if got.Stdin != stdin || plain.Stdin != stdin {
				t.Errorf("stdin %q packed, %q plain, want %q", got.Stdin, plain.Stdin, stdin)
			}
			if got.PID != pid {
				t.Errorf("the program ran as PID %d, the packed file was started as %d", got.PID, pid)
			}
			if !strings.HasPrefix(got.Exe, "/memfd:helper") {
				t.Errorf("the program runs from %q, want a memfd named after it", got.Exe)
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// TestPackedGetsSignals sends SIGTERM to the process started from the
// packed file: the program, exec'd in place, receives it.
func TestPackedGetsSignals(t *testing.T) {
	cmd := exec.Command(packedPath)
	cmd.Env = append(os.Environ(), "HELPER_MODE=signal")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	select {
	case line := <-lines:
		if want := fmt.Sprintf("ready %d", cmd.Process.Pid); line != want {
			t.Errorf("first line %q, want %q", line, want)
		}
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("the program did not start (stderr %q)", stderr.String())
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if line := <-lines; line != "got terminated" {
		t.Errorf("after SIGTERM: %q, want %q", line, "got terminated")
	}
	for range lines { // drain before Wait closes the pipe
	}
	cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 43 {
		t.Errorf("exit status %d, want 43 (stderr %q)", code, stderr.String())
	}
}

// TestBrokenFilesFail runs the stub alone and damaged packed files: each
// exits with 127 and says on stderr what is wrong, and the program never
// runs.
func TestBrokenFilesFail(t *testing.T) {
	packed, err := os.ReadFile(packedPath)
	if err != nil {
		t.Fatal(err)
	}
	stub, err := os.ReadFile(stubPath)
	if err != nil {
		t.Fatal(err)
	}
	end := len(packed) - trailerSize
	payloadMid := len(stub) + (end-len(stub))/2
	edit := func(f func(b []byte) []byte) []byte { return f(bytes.Clone(packed)) }
	cases := []broken{
		{"stub alone", stub, "no selfextract trailer"},
		{"end cut off", packed[:len(packed)-100], "no selfextract trailer"},
		{"truncated payload", edit(func(b []byte) []byte { return append(b[:payloadMid], b[end:]...) }), "truncated or appended to"},
		{"corrupt payload", edit(func(b []byte) []byte { b[payloadMid] ^= 0xff; return b }), "payload"},
		{"wrong checksum", edit(func(b []byte) []byte { b[end+24] ^= 1; return b }), "checksum mismatch"},
	}
	dir := t.TempDir()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-"))
			if err := os.WriteFile(path, c.file, 0o755); err != nil {
				t.Fatal(err)
			}
			out, errOut, code, _ := run(t, path, []string{"tidings", "version"}, nil, "")
			if code != ExitFailure {
				t.Errorf("exit status %d, want %d", code, ExitFailure)
			}
			if out != "" {
				t.Errorf("stdout %q: the program ran", out)
			}
			if !strings.HasPrefix(errOut, "tidings: selfextract: "+path+": ") || !strings.Contains(errOut, c.want) {
				t.Errorf("stderr %q, want \"tidings: selfextract: %s: ...%s...\"", errOut, path, c.want)
			}
			t.Logf("stderr: %s", strings.TrimSpace(errOut))
		})
	}
}

// execHelperProcFD copies the program at path into a memfd and execs it
// with execProcFD, with the test binary's argv and environment.
func execHelperProcFD(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	mem, err := memfd(filepath.Base(path))
	if err != nil {
		return err
	}
	if _, err := io.Copy(mem, f); err != nil {
		return err
	}
	f.Close()
	return execProcFD(mem, os.Args, os.Environ())
}

// TestExecProcFD checks the fallback exec through /proc/self/fd/N, for
// where execveat is refused: argv, environment, stdin, exit status and PID
// are the program's.
func TestExecProcFD(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	argv := []string{"custom-argv0", "one", "two words"}
	env := []string{"SELFEXTRACT_TEST_PROCFD=" + helperPath, "HELPER_EXIT=5"}
	out, errOut, code, pid := run(t, self, argv, env, "stdin through /proc")
	if code != 5 {
		t.Fatalf("exit status %d, want 5 (stderr %q)", code, errOut)
	}
	r := parseReport(t, out)
	if !reflect.DeepEqual(r.Args, argv) || r.Stdin != "stdin through /proc" || r.PID != pid || !contains(r.Env, env[1]) {
		t.Errorf("the program saw %+v, want argv %q, the stdin, PID %d and %s", r, argv, pid, env[1])
	}
	if !strings.HasPrefix(r.Exe, "/memfd:helper") {
		t.Errorf("the program runs from %q, want a memfd named after it", r.Exe)
	}
}
