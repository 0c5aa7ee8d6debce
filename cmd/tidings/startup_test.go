package main_test

import (
	"bytes"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// maxInitBytes bounds what the packages linked into the binary allocate
// while they initialise, before main runs: every start pays it, `version`
// and each container health probe included.
const maxInitBytes = 8 << 20

// TestStartupAllocatesLittle runs `tidings version` with the runtime's init
// trace and adds up what every package's initialisation allocated. (A date
// parser linked through the HTML extractor once allocated 78 MB there and
// took ~150 ms of CPU at every start.)
func TestStartupAllocatesLittle(t *testing.T) {
	cmd := exec.Command(binary(t), "version")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("version: %v: %s", err, stderr.String())
	}
	total, heaviest, most := 0, "", 0
	for line := range strings.Lines(stderr.String()) {
		// init PKG @T ms, C ms clock, B bytes, A allocs
		f := strings.Fields(line)
		if len(f) < 9 || f[0] != "init" || f[8] != "bytes," {
			continue
		}
		n, err := strconv.Atoi(f[7])
		if err != nil {
			t.Fatalf("init trace line %q: %v", line, err)
		}
		total += n
		if n > most {
			heaviest, most = f[1], n
		}
	}
	if total == 0 {
		t.Fatalf("no init trace read from: %s", stderr.String())
	}
	t.Logf("package initialisation allocates %d bytes (most: %s, %d bytes)", total, heaviest, most)
	if total > maxInitBytes {
		t.Errorf("package initialisation allocates %d bytes, over %d; most: %s with %d bytes", total, maxInitBytes, heaviest, most)
	}
}
