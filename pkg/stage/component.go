package stage

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
	"go.uber.org/zap"
)

// Component is one stage as a binary or `tidings up` composes it (spaCy's
// named components, podinfo's single composition root): its name, its own
// flags, and how it starts on a service that is set up for it. Every
// service module exports one; its main is stage.Main(component).
type Component struct {
	// Name is the stage name (events.Stage*).
	Name string
	// HTTPAddr is the default listen address when the stage runs alone.
	HTTPAddr string
	// Concurrency, when set, is the stage's own default of --concurrency.
	Concurrency int
	// Bind registers the stage's own flags (nil: none).
	Bind func(f *Flags)
	// Start prepares the stage on svc: it opens what the stage needs, adds
	// its readiness checks (svc.AddCheck, svc.Router) and mounts its HTTP
	// handlers, then returns run, which runs the stage until its context
	// ends and returns once the in-flight work is done, releasing what
	// Start opened. Run must be called once Start succeeded (with an ended
	// context, it only releases).
	Start func(ctx context.Context, svc *Service) (run func(context.Context) error, err error)
}

// Main is the whole life of a stage binary: flags and TIDINGS_* environment
// (the common ones and the component's), logger, soft memory limit, the
// service (NATS connection, streams, metrics, the HTTP server), then the
// component until SIGINT or SIGTERM, after which it must return once its
// in-flight work is done. The subcommand `healthcheck` probes /healthz of
// a running instance instead, and `version` prints the version. Main exits
// the process.
func Main(c Component) {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	code := main(ctx, c, os.Args[1:])
	stop()
	os.Exit(code)
}

// main is Main until exit, with ctx ending at SIGINT or SIGTERM; it returns
// the exit status.
func main(ctx context.Context, c Component, args []string) int {
	fs := flag.NewFlagSet(c.Name, flag.ContinueOnError)
	f := NewFlags(fs)
	var cfg CommonConfig
	cfg.Bind(f, c.HTTPAddr)
	if c.Concurrency > 0 {
		f.Default("concurrency", strconv.Itoa(c.Concurrency))
	}
	if c.Bind != nil {
		c.Bind(f)
	}
	if len(args) > 0 && (args[0] == "version" || args[0] == "--version") {
		fmt.Fprintln(os.Stdout, VersionString(c.Name))
		return 0
	}
	healthcheck := len(args) > 0 && args[0] == "healthcheck"
	if healthcheck {
		args = args[1:]
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if err := f.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	if healthcheck {
		return runHealthcheck(cfg.HTTPAddr)
	}
	log, err := NewLogger(cfg.LogLevel, cfg.LogFormat)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	defer func() { _ = log.Sync() }()
	log = log.With(zap.String("stage", c.Name))
	if limit := ApplyMemoryLimit("/sys/fs/cgroup"); limit > 0 {
		log.Info("soft memory limit set from the container's", zap.Int64("bytes", limit))
	}
	if err := runAlone(ctx, c, cfg, log); err != nil {
		if ctx.Err() != nil && errors.Is(err, context.Canceled) {
			// Stopped while it was still connecting: an orderly stop.
			log.Info("stage stopped before it was running", zap.Error(err))
			return 0
		}
		log.Error("stage failed", zap.Error(err))
		return 1
	}
	log.Info("stage exited cleanly")
	return 0
}

// runAlone runs c on a service of its own.
func runAlone(ctx context.Context, c Component, cfg CommonConfig, log *zap.Logger) error {
	cfg.NATS.Name = c.Name
	svc, err := Open(ctx, c.Name, cfg, log)
	if err != nil {
		return err
	}
	ln, err := Listen(cfg.HTTPAddr)
	if err != nil {
		return errors.Join(err, svc.Close())
	}
	run, err := c.Start(ctx, svc)
	if err != nil {
		return errors.Join(err, ln.Close(), svc.Close())
	}
	log.Info("stage started", zap.String("http", ln.Addr().String()), zap.String("nats", svc.NC.ConnectedUrlRedacted()))
	return svc.Serve(ctx, ln, run)
}

func runHealthcheck(addr string) int {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	url := "http://" + net.JoinHostPort(host, port) + "/healthz"
	if err := Probe(ctx, url); err != nil {
		fmt.Fprintln(os.Stderr, strings.TrimSpace(err.Error()))
		return 1
	}
	return 0
}

// Version is the version of the stage binaries, set at build time:
// -ldflags "-X github.com/tidings-news/tidings/pkg/stage.Version=v1.2.3".
var Version = "dev"

// VersionString is a binary's name, version, commit (when the build
// recorded it) and Go version.
func VersionString(name string) string {
	commit := ""
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				commit = " (" + s.Value[:12] + ")"
			}
		}
	}
	return fmt.Sprintf("%s %s%s %s %s/%s", name, Version, commit, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// Consuming is the component of a stage that consumes one durable consumer
// with one handler (the parser): handler makes the stage's
// handler on the service, and the router runs it.
func Consuming(name, httpAddr string, consumer events.ConsumerSpec, handler func(ctx context.Context, svc *Service) (Handler, error)) Component {
	return Component{
		Name:     name,
		HTTPAddr: httpAddr,
		Start: func(ctx context.Context, svc *Service) (func(context.Context) error, error) {
			h, err := handler(ctx, svc)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			return svc.Router(RouterConfig{Consumer: consumer}, h).Run, nil
		},
	}
}
