package natsmetrics

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/nats-io/nats-server/v2/server"
)

// Snapshot is what one scrape reads from a server: its /varz and its /jsz
// with the accounts, streams and consumers.
type Snapshot struct {
	Varz *server.Varz
	Jsz  *server.JSInfo
}

// Source reads a server's monitoring data; ctx bounds the read. Name
// says which server it reads (the nats_up label "source").
type Source interface {
	Snapshot(ctx context.Context) (Snapshot, error)
	Name() string
}

// maxBody bounds one monitoring answer (a /jsz of thousands of consumers
// stays far below it).
const maxBody = 64 << 20

// HTTP reads the monitoring endpoints of a server over HTTP: URL is its
// monitoring address (http://nats:8222, the server's http_port).
type HTTP struct {
	URL    string
	Client *http.Client
}

// Name is the monitoring address.
func (h HTTP) Name() string { return h.URL }

// Snapshot GETs /varz and /jsz?consumers=true (which implies the streams
// and accounts).
func (h HTTP) Snapshot(ctx context.Context) (Snapshot, error) {
	var s Snapshot
	s.Varz = new(server.Varz)
	if err := h.get(ctx, "/varz", s.Varz); err != nil {
		return Snapshot{}, err
	}
	s.Jsz = new(server.JSInfo)
	if err := h.get(ctx, "/jsz?consumers=true", s.Jsz); err != nil {
		return Snapshot{}, err
	}
	return s, nil
}

// get decodes the JSON answer of one endpoint into v.
func (h HTTP) get(ctx context.Context, path string, v any) error {
	url := strings.TrimRight(h.URL, "/") + path
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("nats monitoring %s: %w", url, err)
	}
	client := h.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("nats monitoring: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("nats monitoring %s: status %d", url, resp.StatusCode)
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxBody)).Decode(v); err != nil {
		return fmt.Errorf("nats monitoring %s: decode: %w", url, err)
	}
	return nil
}

// InProcess reads the same data from a server running in this process
// (the embedded server of `tidings up`, which may have no HTTP port).
type InProcess struct {
	Server *server.Server
}

// Name is "embedded".
func (p InProcess) Name() string { return "embedded" }

// Snapshot asks the server directly; the calls do not block on the
// network, so ctx is only checked first.
func (p InProcess) Snapshot(ctx context.Context) (Snapshot, error) {
	if err := ctx.Err(); err != nil {
		return Snapshot{}, err
	}
	varz, err := p.Server.Varz(&server.VarzOptions{})
	if err != nil {
		return Snapshot{}, fmt.Errorf("nats varz: %w", err)
	}
	jsz, err := p.Server.Jsz(&server.JSzOptions{Consumer: true})
	if err != nil {
		return Snapshot{}, fmt.Errorf("nats jsz: %w", err)
	}
	return Snapshot{Varz: varz, Jsz: jsz}, nil
}
