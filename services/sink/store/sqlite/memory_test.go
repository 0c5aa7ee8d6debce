package sqlite

import (
	"context"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
)

// TestUpsertOfALargeBodyCostsAFewTimesIt: storing a record whose body is
// 20 MB takes under the body's size in resident memory at its peak
// (SQLite's copies outside Go's heap included: 144 MB before the index
// held only a body's first MiB and the writer wrote large rows with a small
// page cache, 41 MB before the body was stored in parts, some 9 MB after),
// and the writer's page cache is back to its size after.
func TestUpsertOfALargeBodyCostsAFewTimesIt(t *testing.T) {
	if testing.Short() {
		t.Skip("a 20 MB body")
	}
	s := openInternal(t)
	ctx := context.Background()
	var b strings.Builder
	for i := 0; b.Len() < 20_000_000; i++ {
		b.WriteString("The foreign minister met her counterpart in Geneva on Monday, officials said (" + strconv.Itoa(i) + ").\n\n")
	}
	small := &events.EnrichedArticle{Article: events.Article{SchemaVersion: 1, ID: "small", Source: "s.txt", Body: "A short one.", Language: "en"}}
	large := &events.EnrichedArticle{Article: events.Article{SchemaVersion: 1, ID: "large", Source: "l.txt", Body: b.String(), Language: "en"}}
	if err := s.Upsert(ctx, small); err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	debug.FreeOSMemory()
	idle := stagetest.ResidentKB(t, "VmRSS")
	peak := make(chan int64)
	stop := make(chan struct{})
	go func() {
		var max int64
		for {
			select {
			case <-stop:
				peak <- max
				return
			case <-time.After(2 * time.Millisecond):
			}
			if r := stagetest.ResidentKB(t, "VmRSS"); r > max {
				max = r
			}
		}
	}()
	err := s.Upsert(ctx, large)
	close(stop)
	if err != nil {
		t.Fatal(err)
	}
	added := (<-peak - idle) << 10
	t.Logf("a %d MB body: peak resident memory +%d MB", len(large.Body)>>20, added>>20)
	if limit := int64(len(large.Body)); added > limit {
		t.Errorf("storing a %d MB body took %d MB more resident memory at its peak, over the body's size", len(large.Body)>>20, added>>20)
	}
	var pages int
	if err := s.write.QueryRow("PRAGMA cache_size").Scan(&pages); err != nil || pages != -writerCacheKiB {
		t.Errorf("writer's cache_size %d after a large row (%v), want %d back", pages, err, -writerCacheKiB)
	}
}
