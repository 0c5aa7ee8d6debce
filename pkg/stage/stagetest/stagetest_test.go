package stagetest_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
)

func TestRunRelaysAndDeadLetters(t *testing.T) {
	e := stagetest.Start(t)
	e.Run(t, stage.RouterConfig{Stage: events.StageParser, Consumer: events.ParserConsumer()},
		stage.HandlerFunc(func(_ context.Context, d *stage.Delivery) ([]stage.Output, error) {
			if string(d.Data) == "bad" {
				return nil, stage.Permanent("decode", errors.New("bad input"))
			}
			return []stage.Output{{Subject: events.SubjectArticles, Type: events.CETypeArticleParsed, Data: d.Data}}, nil
		}))
	e.Publish(t, events.SubjectDocuments, "a", []byte("good"))
	e.Publish(t, events.SubjectDocuments, "b", []byte("bad"))
	if m := e.Messages(t, events.StreamArticles, 1)[0]; string(m.Data) != "good" || m.Header.Get(events.HeaderDocID) != "a" {
		t.Fatalf("article = %q (doc %q)", m.Data, m.Header.Get(events.HeaderDocID))
	}
	if dl := e.DeadLetters(t, 1)[0]; dl.DocID != "b" || dl.Reason != "decode" {
		t.Fatalf("dead letter = %+v", dl)
	}
}

// TestResidentKB: the resident memory read from /proc/self/status holds
// at least the bytes this test keeps live, and the peak is not below it.
func TestResidentKB(t *testing.T) {
	keep := make([]byte, 64<<20)
	for i := range keep {
		keep[i] = byte(i)
	}
	rss := stagetest.ResidentKB(t, "VmRSS")
	if rss < 64<<10 {
		t.Errorf("VmRSS %d kB with 64 MiB live", rss)
	}
	if hwm := stagetest.ResidentKB(t, "VmHWM"); hwm < rss {
		t.Errorf("VmHWM %d kB below VmRSS %d kB", hwm, rss)
	}
	runtime.KeepAlive(keep)
}

// TestSharedAndSeeds: $TIDINGS_SHARED names the shared folder and Seeds
// lists its seed articles in name order; without the variable the folder
// is ../shared beside the workspace.
func TestSharedAndSeeds(t *testing.T) {
	dir := t.TempDir()
	seeds := filepath.Join(dir, "corpus", "seeds")
	if err := os.MkdirAll(seeds, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"b.txt", "a.txt", "gold.json"} {
		if err := os.WriteFile(filepath.Join(seeds, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("TIDINGS_SHARED", dir)
	if got := stagetest.Shared(); got != dir {
		t.Errorf("Shared() = %q, want %q", got, dir)
	}
	want := []string{filepath.Join(seeds, "a.txt"), filepath.Join(seeds, "b.txt")}
	if got := stagetest.Seeds(t); !slices.Equal(got, want) {
		t.Errorf("Seeds = %q, want %q", got, want)
	}
	t.Setenv("TIDINGS_SHARED", "")
	if got, want := stagetest.Shared(), filepath.Join(stagetest.RepoRoot(t), "..", "shared"); got != want {
		t.Errorf("Shared() without TIDINGS_SHARED = %q, want %q", got, want)
	}
}
