package main_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
	"github.com/tidings-news/tidings/services/sink/store"
	"github.com/tidings-news/tidings/services/sink/store/storetest"
)

// BenchmarkExportMemory fills a SQLite store with 1,020,000 events (5,000
// articles of 204 events each) and exports the events table with the
// tidings binary as Parquet, CSV and JSON Lines, reporting each run's peak
// resident memory (the kernel's ru_maxrss) and rate. The bound is 100 MiB.
func BenchmarkExportMemory(b *testing.B) {
	articles, copies := 5000, 17 // storetest records have 12 events
	if s := os.Getenv("TIDINGS_EXPORT_ARTICLES"); s != "" {
		fmt.Sscan(s, &articles)
	}
	dir := b.TempDir()
	db := filepath.Join(dir, "big.db")
	if keep := os.Getenv("TIDINGS_EXPORT_DB"); keep != "" { // to measure by hand afterwards
		db = keep
	}
	url := "sqlite://" + db
	ctx := context.Background()
	st, err := store.Open(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	var wg sync.WaitGroup
	sem := make(chan struct{}, 64)
	for i := range articles {
		rec := storetest.Record(i)
		evs := rec.Events
		for range copies - 1 {
			rec.Events = append(rec.Events, evs...)
		}
		wg.Add(1)
		sem <- struct{}{}
		go func(rec *events.EnrichedArticle) {
			defer wg.Done()
			defer func() { <-sem }()
			if err := st.Upsert(ctx, rec); err != nil {
				b.Error(err)
			}
		}(rec)
	}
	wg.Wait()
	st.Close()
	nEvents := articles * 12 * copies
	fmt.Printf("\nexport: store of %d articles, %d events filled in %s\n", articles, nEvents, time.Since(start).Round(time.Second))
	bin := binary(b)
	for range b.N {
		for _, format := range []string{"parquet", "csv", "jsonl"} {
			out := filepath.Join(dir, "events."+format)
			cmd := exec.Command(bin, "export", "--store-url", url, "--table", "events", "--format", format, "--out", out)
			t0 := time.Now()
			peak, err := runPeak(cmd)
			if err != nil {
				b.Fatalf("export %s: %v", format, err)
			}
			elapsed := time.Since(t0)
			fi, _ := os.Stat(out)
			b.ReportMetric(peak, format+"-peak-rss-MiB")
			fmt.Printf("  events table as %-7s %d events in %5.1f s (%6.0f events/s), file %4.0f MiB, peak RSS %3.0f MiB\n",
				format, nEvents, elapsed.Seconds(), float64(nEvents)/elapsed.Seconds(), float64(fi.Size())/(1<<20), peak)
			if peak > 100 {
				b.Errorf("export as %s peaked at %.0f MiB, over the 100 MiB bound", format, peak)
			}
		}
	}
}

// runPeak runs cmd and returns its peak resident memory in MiB: the
// kernel's high-water mark (VmHWM) of the process, read every 20 ms until it
// exits. (ru_maxrss would count the test process, which the child shares
// until it execs.)
func runPeak(cmd *exec.Cmd) (float64, error) {
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	peak := 0.0
	for {
		if kb, err := stagetest.StatusKB(cmd.Process.Pid, "VmHWM"); err == nil {
			peak = max(peak, float64(kb)/1024)
		}
		select {
		case err := <-done:
			if err != nil {
				return 0, fmt.Errorf("%w\n%s", err, out.String())
			}
			return peak, nil
		case <-time.After(20 * time.Millisecond):
		}
	}
}
