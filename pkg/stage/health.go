package stage

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.uber.org/zap"
)

// CheckFunc is a readiness check; nil means ready.
type CheckFunc func(ctx context.Context) error

// Server serves /metrics, /healthz and /readyz, and whatever else a stage mounts.
type Server struct {
	mux    *http.ServeMux
	log    *zap.Logger
	mu     sync.Mutex
	checks []namedCheck
}

type namedCheck struct {
	name string
	fn   CheckFunc
}

// NewServer builds the server; gatherer is what /metrics exposes.
func NewServer(gatherer prometheus.Gatherer, log *zap.Logger) *Server {
	s := &Server{mux: http.NewServeMux(), log: log}
	s.mux.Handle("GET /metrics", promhttp.HandlerFor(gatherer, promhttp.HandlerOpts{EnableOpenMetrics: false}))
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"ok"}` + "\n"))
	})
	s.mux.HandleFunc("GET /readyz", s.ready)
	return s
}

// Mux is the server's mux, to mount further handlers.
func (s *Server) Mux() *http.ServeMux { return s.mux }

// AddCheck adds a readiness check.
func (s *Server) AddCheck(name string, fn CheckFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.checks = append(s.checks, namedCheck{name, fn})
}

// Check runs the readiness checks and returns what failed, each error
// named after its check (nil: ready).
func (s *Server) Check(ctx context.Context) error {
	res, ok := s.check(ctx)
	if ok {
		return nil
	}
	var errs []error
	for name, msg := range res {
		if msg != "ok" {
			errs = append(errs, fmt.Errorf("%s: %s", name, msg))
		}
	}
	return errors.Join(errs...)
}

// check runs every readiness check: the result of each ("ok" or what
// failed) and whether all passed.
func (s *Server) check(ctx context.Context) (map[string]string, bool) {
	s.mu.Lock()
	checks := append([]namedCheck(nil), s.checks...)
	s.mu.Unlock()
	res := map[string]string{}
	ok := true
	for _, c := range checks {
		if err := c.fn(ctx); err != nil {
			res[c.name] = err.Error()
			ok = false
		} else {
			res[c.name] = "ok"
		}
	}
	return res, ok
}

func (s *Server) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	res, ok := s.check(ctx)
	status := "ok"
	w.Header().Set("Content-Type", "application/json")
	if !ok {
		status = "unavailable"
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"status": status, "checks": res})
}

// Listen binds addr; Serve then serves on it. Binding first lets callers learn
// the port (addr ":0") and fail early.
func Listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	return ln, nil
}

// Serve serves on ln until ctx ends, then shuts down gracefully. A
// request whose request line and headers are over MaxHeaderBytes gets a
// 431 with a JSON message the client can read (tooLargeConn).
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{Handler: s.mux, ReadHeaderTimeout: 10 * time.Second, MaxHeaderBytes: MaxHeaderBytes}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(tooLargeListener{ln}) }()
	select {
	case err := <-errc:
		return fmt.Errorf("http server: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("http shutdown: %w", err)
	}
	return nil
}

// NATSCheck is ready while the connection is up.
func NATSCheck(nc *nats.Conn) CheckFunc {
	return func(context.Context) error {
		if st := nc.Status(); st != nats.CONNECTED {
			return fmt.Errorf("nats %s", st)
		}
		return nil
	}
}

// StreamsCheck is ready while every pipeline stream exists.
func StreamsCheck(js jetstream.JetStream) CheckFunc {
	return func(ctx context.Context) error { return StreamsPresent(ctx, js) }
}

// Probe GETs url and fails unless it answers 200; the `healthcheck`
// subcommand of every binary uses it (scratch images have no shell or curl).
func Probe(ctx context.Context, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("probe %s: %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("probe %s: status %d", url, resp.StatusCode)
	}
	return nil
}
