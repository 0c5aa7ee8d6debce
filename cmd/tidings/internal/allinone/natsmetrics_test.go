package allinone_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tidings-news/tidings/cmd/tidings/internal/fixtures"
	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
)

// TestUpServesTheEmbeddedServersMetrics: `tidings up`'s /metrics carries
// the embedded NATS server's own figures, and they follow the documents.
func TestUpServesTheEmbeddedServersMetrics(t *testing.T) {
	p := start(t, t.TempDir())
	if _, err := fixtures.Write(p.Inbox(), fixtures.Generate(3, 7)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "3 records", 30*time.Second, func() bool { return count(t, p.Store()) == 3 })

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	body, err := stagetest.HTTPGet(ctx, "http://"+p.HTTPAddr()+"/metrics")
	if err != nil {
		t.Fatal(err)
	}
	text := string(body)
	for _, want := range []string{"\nnats_up{source=\"embedded\"} 1\n", "\nnats_varz_in_msgs{", "\nnats_varz_connections{", "\nnats_server_total_streams{"} {
		if !strings.Contains(text, want) {
			t.Errorf("/metrics has no %q", strings.TrimSpace(want))
		}
	}
	stream := `stream_name="` + events.StreamDocuments + `"`
	var found bool
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "nats_stream_total_messages{") && strings.Contains(line, stream) {
			found = true
			if strings.HasSuffix(line, " 0") {
				t.Errorf("the documents stream holds nothing after 3 documents: %s", line)
			}
		}
	}
	if !found {
		t.Errorf("/metrics has no nats_stream_total_messages{%s}", stream)
	}
}
