package fetcher

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestWithSuffix(t *testing.T) {
	for name, want := range map[string]string{
		"report.txt": "report-x.txt", "README": "README-x", "a.b.md": "a.b-x.md",
	} {
		if got := withSuffix(name, "x"); got != want {
			t.Errorf("withSuffix(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestMoveOutKeepsBoth(t *testing.T) {
	inbox := t.TempDir()
	dst := filepath.Join(inbox, ProcessedDir)
	if err := os.Mkdir(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	id := strings.Repeat("ab", 32)
	var paths []string
	for i := range 3 {
		if err := os.WriteFile(filepath.Join(inbox, "a.txt"), []byte{byte('0' + i)}, 0o644); err != nil {
			t.Fatal(err)
		}
		p, err := moveOut(inbox, "a.txt", dst, id, false)
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, filepath.Base(p))
	}
	if paths[0] != "a.txt" || paths[1] != "a-abababab.txt" || !strings.HasPrefix(paths[2], "a-") || paths[2] == paths[1] {
		t.Errorf("moved to %v", paths)
	}
	for i, p := range paths {
		if b, _ := os.ReadFile(filepath.Join(dst, p)); string(b) != string(rune('0'+i)) {
			t.Errorf("%s holds %q: a file was overwritten", p, b)
		}
	}
	if _, err := moveOut(inbox, "a.txt", dst, id, false); err != errGone {
		t.Errorf("moving a missing file: %v, want errGone", err)
	}
}

func TestMoveOutAvoidsStaleReasonFile(t *testing.T) {
	inbox := t.TempDir()
	failed := filepath.Join(inbox, FailedDir)
	if err := os.Mkdir(failed, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(failed, "x.bin"+reasonSuffix), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(inbox, "x.bin"), []byte("?"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := moveOut(inbox, "x.bin", failed, "", true)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(p) == "x.bin" {
		t.Error("took a name whose .reason file exists")
	}
	rej := reject(ReasonUnsupportedType, "unsupported file type %q", ".bin")
	if err := writeReason(p, "x.bin", rej, time.Unix(0, 0)); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(p + reasonSuffix)
	if err != nil || !strings.Contains(string(b), "reason: unsupported_extension\n") || !strings.Contains(string(b), `unsupported file type ".bin"`) {
		t.Errorf("reason file %q (%v)", b, err)
	}
}

func TestWithin(t *testing.T) {
	for path, want := range map[string]bool{
		"/in/a.txt": true, "/in/sub/a.txt": true, "/in/..a.txt": true,
		"/in": true, "/other/a.txt": false, "/in2/a.txt": false, "/a.txt": false,
	} {
		if got := within("/in", path); got != want {
			t.Errorf("within(/in, %s) = %v, want %v", path, got, want)
		}
	}
}
