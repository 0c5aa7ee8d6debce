package stage_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/stage"
)

// TestOversizedRequestIsAnsweredReadably sends requests whose URL is over
// the 1 MiB header limit the way most clients do (the whole request, then
// the answer): the client reads a 431 with a JSON message instead of losing
// the connection, and the server goes on answering.
func TestOversizedRequestIsAnsweredReadably(t *testing.T) {
	srv := stage.NewServer(prometheus.NewRegistry(), zap.NewNop())
	srv.Mux().HandleFunc("GET /api/v1/articles", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "ok")
	})
	ln, err := stage.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	defer func() { cancel(); <-done }()
	addr := ln.Addr().String()

	for _, n := range []int{2 << 20, 10 << 20} {
		status, body := sendWhole(t, addr, n)
		if status != "HTTP/1.1 431 Request Header Fields Too Large" {
			t.Fatalf("q of %d bytes: status %q, want 431", n, status)
		}
		var e struct {
			Error struct {
				Status  int    `json:"status"`
				Message string `json:"message"`
			} `json:"error"`
		}
		if err := json.Unmarshal(body, &e); err != nil || e.Error.Status != 431 || !strings.Contains(e.Error.Message, "1 MiB") {
			t.Errorf("q of %d bytes: body %q (%v), want a JSON error naming the 1 MiB limit", n, body, err)
		}
	}
	if status, body := sendWhole(t, addr, 100<<10); status != "HTTP/1.1 200 OK" || string(body) != "ok" {
		t.Errorf("a 100 KiB q after them: %q %q, want 200 ok", status, body)
	}
}

// sendWhole writes a GET with a q of n bytes completely, then reads the
// answer: its status line and body.
func sendWhole(t *testing.T, addr string, n int) (status string, body []byte) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(time.Minute))
	req := "GET /api/v1/articles?q=" + strings.Repeat("a", n) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
	if _, err := io.WriteString(c, req); err != nil {
		t.Fatalf("q of %d bytes: sending: %v", n, err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("q of %d bytes: reading the answer: %v", n, err)
	}
	defer resp.Body.Close()
	body, err = io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("q of %d bytes: reading the body: %v", n, err)
	}
	return resp.Proto + " " + resp.Status, body
}
