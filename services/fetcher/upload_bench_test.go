package fetcher

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
)

// BenchmarkUpload posts distinct 5 KB documents to POST /api/v1/documents
// (each answered after its PubAck) beside the baseline of the same run:
// the same documents sent straight through the publishing path, without
// HTTP. It reports documents per second of each and their ratio.
func BenchmarkUpload(b *testing.B) {
	r := newIntakeRigB(b)
	body := bytes.Repeat([]byte("The council met on Tuesday to discuss the harbour. "), 100)
	doc := func(i int) []byte { return append([]byte(fmt.Sprintf("Story %d-%d\n\n", b.N, i)), body...) }
	client := &http.Client{Timeout: 30 * time.Second}
	b.Run("http", func(b *testing.B) {
		start := time.Now()
		for i := range b.N {
			resp, err := client.Post(r.api.URL+"/api/v1/documents", "text/plain", bytes.NewReader(doc(i)))
			if err != nil {
				b.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusAccepted {
				b.Fatalf("status %d", resp.StatusCode)
			}
		}
		b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "docs/s")
	})
	b.Run("publish-path", func(b *testing.B) {
		start := time.Now()
		for i := range b.N {
			if _, err := r.in.publishItem(context.Background(), Item{Name: "bench.txt", MediaType: events.MediaText, Raw: append([]byte("direct "), doc(i)...)}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "docs/s")
	})
}
