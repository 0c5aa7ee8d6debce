package stage

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"go.uber.org/zap"
)

// Connect dials NATS with the options of cfg and reconnects forever after an
// outage; connection events are logged. extra options come last and win
// (tidings up passes nats.InProcessServer).
func Connect(ctx context.Context, cfg NATSConfig, log *zap.Logger, extra ...nats.Option) (*nats.Conn, error) {
	attempts := &attemptLog{log: log, url: cfg.URL}
	pingsOut := cfg.MaxPingsOut
	OrDefault(&pingsOut, 3)
	opts := []nats.Option{
		nats.Name("tidings-" + cfg.Name),
		nats.SetCustomDialer(attempts),
		nats.ReconnectErrHandler(attempts.callback),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(250 * time.Millisecond),
		nats.ReconnectJitter(100*time.Millisecond, time.Second),
		nats.RetryOnFailedConnect(true),
		nats.ReconnectBufSize(32 << 20),
		// A dead connection (a node killed or cut off) is noticed within
		// about PingInterval·MaxPingsOut, not nats.go's two minutes.
		nats.PingInterval(durationOr(cfg.PingInterval, 2*time.Second)),
		nats.MaxPingsOutstanding(pingsOut),
		nats.DisconnectErrHandler(func(nc *nats.Conn, err error) {
			if err != nil { // nil: the connection was closed on purpose
				log.Warn("nats disconnected", zap.String("server", nc.ConnectedServerName()), zap.Error(err))
			}
		}),
		nats.ReconnectHandler(func(nc *nats.Conn) {
			log.Info("nats reconnected", zap.String("url", nc.ConnectedUrlRedacted()),
				zap.String("server", nc.ConnectedServerName()), zap.Uint64("reconnects", nc.Stats().Reconnects))
		}),
		nats.ErrorHandler(func(_ *nats.Conn, sub *nats.Subscription, err error) {
			subj := ""
			if sub != nil {
				subj = sub.Subject
			}
			log.Warn("nats async error", zap.String("subject", subj), zap.Error(err))
		}),
	}
	if cfg.CredsFile != "" {
		opts = append(opts, nats.UserCredentials(cfg.CredsFile))
	}
	if cfg.User != "" {
		opts = append(opts, nats.UserInfo(cfg.User, cfg.Password))
	}
	if cfg.Token != "" {
		opts = append(opts, nats.Token(cfg.Token))
	}
	if cfg.NKeyFile != "" {
		o, err := nats.NkeyOptionFromSeed(cfg.NKeyFile)
		if err != nil {
			return nil, fmt.Errorf("nats nkey %s: %w", cfg.NKeyFile, err)
		}
		opts = append(opts, o)
	}
	if cfg.TLSCert != "" || cfg.TLSKey != "" {
		opts = append(opts, nats.ClientCert(cfg.TLSCert, cfg.TLSKey))
	}
	if cfg.TLSCA != "" {
		opts = append(opts, nats.RootCAs(cfg.TLSCA))
	}
	opts = append(opts, extra...)
	log.Info("connecting to nats", zap.String("url", redactURL(cfg.URL)))
	nc, err := nats.Connect(cfg.URL, opts...)
	if err != nil {
		return nil, fmt.Errorf("connect to nats %s: %w", cfg.URL, err)
	}
	// RetryOnFailedConnect returns at once; wait (bounded by ctx) for the first connection.
	for !nc.IsConnected() {
		select {
		case <-ctx.Done():
			nc.Close()
			return nil, fmt.Errorf("connect to nats %s: %w", cfg.URL, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
	log.Info("nats connected", zap.String("url", nc.ConnectedUrlRedacted()), zap.String("server", nc.ConnectedServerName()),
		zap.Int("failed_attempts", attempts.count()))
	return nc, nil
}

// attemptLog logs failed connection attempts as they happen: the first
// three, then one line every attemptLogEvery with the count so far, so a
// stage waiting for NATS says why without flooding the log (an attempt
// is made every quarter second). It is the connection's dialer, to see each
// dial's own error (nats.go's callback often has only "no servers
// available"), and its reconnect-error callback for the rest (a refused
// authorisation, say).
type attemptLog struct {
	log  *zap.Logger
	url  string
	mu   sync.Mutex
	n    int
	last time.Time
}

// attemptLogEvery spaces the lines about failed attempts after the third.
const attemptLogEvery = 5 * time.Second

// dialTimeout bounds one dial (nats.go's default).
const dialTimeout = 2 * time.Second

// Dial implements nats.CustomDialer.
func (a *attemptLog) Dial(network, address string) (net.Conn, error) {
	c, err := (&net.Dialer{Timeout: dialTimeout}).Dial(network, address)
	if err != nil {
		a.failed(err)
	}
	return c, err
}

// callback is the connection's reconnect-error handler: dial errors were
// logged by Dial.
func (a *attemptLog) callback(_ *nats.Conn, err error) {
	var netErr net.Error
	var opErr *net.OpError
	if err == nil || errors.Is(err, nats.ErrNoServers) || errors.As(err, &netErr) || errors.As(err, &opErr) {
		return
	}
	a.failed(err)
}

func (a *attemptLog) failed(err error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.n++
	if a.n > 3 && time.Since(a.last) < attemptLogEvery {
		return
	}
	a.last = time.Now()
	a.log.Warn("nats connection attempt failed; retrying", zap.String("url", redactURL(a.url)),
		zap.Int("attempt", a.n), zap.Error(err))
}

func (a *attemptLog) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.n
}

// redactURL hides the passwords of a comma-separated list of server URLs.
func redactURL(urls string) string {
	parts := strings.Split(urls, ",")
	for i, p := range parts {
		if u, err := url.Parse(strings.TrimSpace(p)); err == nil && u.User != nil {
			parts[i] = u.Redacted()
		}
	}
	return strings.Join(parts, ",")
}
