// Package embedded runs a NATS server with JetStream inside the process: the
// default of `tidings up` and the broker of every unit test.
package embedded

import (
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// Config configures the embedded server.
type Config struct {
	// StoreDir holds the JetStream file store; it survives restarts.
	StoreDir string
	// Host and Port to listen on; Port -1 picks a free port, and
	// NoListen keeps the server reachable only in-process.
	Host     string
	Port     int
	NoListen bool
	// ServerName must stay the same across restarts of one store.
	ServerName string
	// MaxPayload overrides the server's message size limit (default 1 MiB).
	MaxPayload int32
}

// Server is a running embedded NATS server.
type Server struct {
	*server.Server
}

// Start runs the server and waits until it accepts connections.
func Start(cfg Config) (*Server, error) {
	if cfg.ServerName == "" {
		cfg.ServerName = "tidings-embedded"
	}
	if cfg.Host == "" {
		cfg.Host = "127.0.0.1"
	}
	opts := &server.Options{
		ServerName: cfg.ServerName,
		Host:       cfg.Host,
		Port:       cfg.Port,
		DontListen: cfg.NoListen,
		JetStream:  true,
		StoreDir:   cfg.StoreDir,
		NoSigs:     true,
		MaxPayload: cfg.MaxPayload,
		// Keep the server quiet; the stages log what matters.
		NoLog: true,
	}
	if !cfg.NoListen && cfg.Port > 0 {
		// The server would only log a failed bind and then never become
		// ready; say what is wrong at once instead.
		addr := net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port))
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			return nil, fmt.Errorf("embedded nats: cannot listen on %s: %w", addr, err)
		}
		ln.Close()
	}
	return StartWith(opts)
}

// StartWith runs a server on opts as they are (users, permissions, the
// options of a configuration file) and waits up to 30s until it accepts
// connections.
func StartWith(opts *server.Options) (*Server, error) {
	ns, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("embedded nats: %w", err)
	}
	go ns.Start()
	if !ns.ReadyForConnections(30 * time.Second) {
		ns.Shutdown()
		return nil, fmt.Errorf("embedded nats: not ready after 30s (store %s)", opts.StoreDir)
	}
	return &Server{ns}, nil
}

// URL is the client URL ("" when the server does not listen).
func (s *Server) URL() string {
	if s.Server.Addr() == nil {
		return ""
	}
	return s.ClientURL()
}

// Stop shuts the server down and waits for it to finish.
func (s *Server) Stop() {
	s.Shutdown()
	s.WaitForShutdown()
}
