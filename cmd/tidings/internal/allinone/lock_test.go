package allinone_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"go.uber.org/zap"

	"github.com/tidings-news/tidings/cmd/tidings/internal/allinone"
	"github.com/tidings-news/tidings/pkg/stage"
)

// TestSecondUpOnTheSameDataDirIsRefused: a second pipeline on a data folder
// in use fails at once naming the first's PID; once the first has stopped,
// the folder can be used again.
func TestSecondUpOnTheSameDataDirIsRefused(t *testing.T) {
	dir := t.TempDir()
	first := start(t, dir)
	cfg := allinone.Config{DataDir: dir, Common: stage.CommonConfig{HTTPAddr: "127.0.0.1:0"}}
	second, err := allinone.Start(context.Background(), cfg, zap.NewNop())
	if err == nil {
		_ = second.Stop()
		t.Fatal("a second pipeline started on a data dir in use")
	}
	if want := fmt.Sprintf("in use by another tidings up (pid %d)", os.Getpid()); !strings.Contains(err.Error(), want) {
		t.Errorf("error %q, want it to say %q", err, want)
	}
	if err := first.Stop(); err != nil {
		t.Fatal(err)
	}
	again, err := allinone.Start(context.Background(), cfg, zap.NewNop())
	if err != nil {
		t.Fatalf("the data dir stayed locked after the first pipeline stopped: %v", err)
	}
	if err := again.Stop(); err != nil {
		t.Fatal(err)
	}
}
