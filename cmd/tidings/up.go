package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"go.uber.org/zap"

	"github.com/tidings-news/tidings/cmd/tidings/internal/allinone"
	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
)

const upUsage = `Usage: tidings up [flags]

Runs the whole pipeline in one process: an embedded JetStream server (store
in DATA-DIR/nats; clients such as tidings dlq reach it on --nats-listen), the
fetcher watching DATA-DIR/inbox, the parser, the enricher and the sink
storing into DATA-DIR/tidings.db (or --store-url). One HTTP server on
--http-addr serves the read API under /api/v1 (articles, entities, events,
quotes; /api/v1/openapi.json describes it; --api-token requires a bearer
token), and /metrics, /healthz and /readyz. Ctrl-C finishes the work in
flight and exits 0.
`

func cmdUp(ctx context.Context, args []string, stderr io.Writer) int {
	f := newFlags("up", stderr)
	setUsage(f, stderr, upUsage)
	var cfg allinone.Config
	parsed := bindUp(f, &cfg)
	if code, ok := parse(f, args, stderr); !ok {
		return code
	}
	parsed()
	log, err := stage.NewLogger(cfg.Common.LogLevel, cfg.Common.LogFormat)
	if err != nil {
		fmt.Fprintln(stderr, "tidings:", err)
		return 2
	}
	defer func() { _ = log.Sync() }()

	if limit := stage.ApplyMemoryLimit("/sys/fs/cgroup"); limit > 0 {
		log.Info("soft memory limit set from the container's", zap.Int64("bytes", limit))
	}
	p, err := allinone.Start(ctx, cfg, log)
	if err != nil {
		log.Error("tidings up failed to start", zap.Error(err))
		return 1
	}
	inbox, _ := filepath.Abs(p.Inbox())
	natsURL := p.NATSURL()
	if natsURL == "" {
		natsURL = "in-process only (--nats-listen '')"
	}
	log.Info("tidings is up: drop "+events.AcceptedExtensions()+" files into the inbox",
		zap.String("inbox", inbox),
		zap.String("http", "http://"+p.HTTPAddr()),
		zap.String("nats", natsURL),
		zap.String("export", "tidings export --data-dir "+cfg.DataDir))
	select {
	case <-ctx.Done():
		log.Info("stopping: finishing in-flight work")
	case <-p.Done():
	}
	if err := p.Stop(); err != nil {
		log.Error("tidings stopped with errors", zap.Error(err))
		return 1
	}
	log.Info("tidings stopped cleanly")
	return 0
}

// bindUp binds the flags of `tidings up` into cfg: its own, those every
// stage takes (once: NATS, HTTP, logs, concurrency, shutdown, replicas),
// and each stage's own, named <stage>-<flag> where two stages share a name
// or `up` has it (--sink-concurrency is the sink's own concurrency). The
// returned func completes cfg after parsing.
func bindUp(f *stage.Flags, cfg *allinone.Config) (parsed func()) {
	f.String(&cfg.DataDir, "data-dir", "./data", "folder for the inbox, the JetStream store and the SQLite database")
	f.String(&cfg.NATSListen, "nats-listen", "127.0.0.1:4222", "where the embedded NATS server accepts clients such as tidings dlq (empty: in-process only)")
	cfg.Common.Bind(f, "127.0.0.1:8080")
	f.Default("log-format", "console")
	f.Default("nats-url", "")
	fs := f.FlagSet()
	fs.Lookup("nats-url").Usage = "NATS server URL(s), comma separated; empty: the embedded server (env TIDINGS_NATS_URL)"
	fs.Lookup("concurrency").Usage = "messages each stage handles at once, unless it has a flag of its own (env TIDINGS_CONCURRENCY)"

	// One token for both HTTP APIs (the sink's read API, the fetcher's
	// intake); each stage's own flag, when given, wins.
	var token string
	f.String(&token, "api-token", "", "bearer token of the read API and the intake API under /api/v1 (empty: none)")
	concurrency := map[string]*int{}
	comps := allinone.Components(cfg)
	for _, c := range comps {
		if c.Concurrency > 0 {
			concurrency[c.Name] = new(int)
			f.Int(concurrency[c.Name], c.Name+"-concurrency", c.Concurrency, "messages the "+c.Name+" handles at once")
		}
	}
	bindStages(f, comps)
	// What defaults to a place in the data dir.
	for flagName, what := range map[string]string{"inbox": "DATA-DIR/inbox", "store-url": "sqlite://DATA-DIR/tidings.db"} {
		if fl := fs.Lookup(flagName); fl != nil {
			f.Default(flagName, "")
			fl.Usage += " (default " + what + ")"
		}
	}
	return func() {
		if cfg.Fetcher.Intake.APIToken == "" {
			cfg.Fetcher.Intake.APIToken = token
		}
		if cfg.Sink.APIToken == "" {
			cfg.Sink.APIToken = token
		}
		cfg.Concurrency = map[string]int{}
		for name, n := range concurrency {
			cfg.Concurrency[name] = *n
		}
	}
}

// bindStages binds each component's own flags, named <stage>-<flag> where
// the name is already bound or two components have it.
func bindStages(f *stage.Flags, comps []stage.Component) {
	taken, owners := map[string]bool{}, map[string]int{}
	f.FlagSet().VisitAll(func(fl *flag.Flag) { taken[fl.Name] = true })
	for _, c := range comps {
		for _, name := range flagNames(c) {
			owners[name]++
		}
	}
	for _, c := range comps {
		if c.Bind == nil {
			continue
		}
		c.Bind(f.Renamed(func(name string) string {
			if taken[name] || owners[name] > 1 {
				return c.Name + "-" + name
			}
			return name
		}))
	}
}

// flagNames lists the names of a component's own flags (binding them into
// a scratch set: the defaults it writes are written again by the real one).
func flagNames(c stage.Component) []string {
	if c.Bind == nil {
		return nil
	}
	fs := flag.NewFlagSet(c.Name, flag.ContinueOnError)
	c.Bind(stage.NewFlags(fs))
	var names []string
	fs.VisitAll(func(fl *flag.Flag) { names = append(names, fl.Name) })
	return names
}
func cmdHealthcheck(ctx context.Context, args []string, stderr io.Writer) int {
	f := newFlags("healthcheck", stderr)
	setUsage(f, stderr, "Usage: tidings healthcheck [--http-addr ADDR]\n\nProbes /healthz of a running tidings (or stage): exit 0 when it answers 200, else 1.\nThe images' HEALTHCHECK uses it (scratch images have no shell or curl).\n")
	var addr string
	f.String(&addr, "http-addr", "127.0.0.1:8080", "address of the instance to probe")
	if code, ok := parse(f, args, stderr); !ok {
		return code
	}
	cctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if err := stage.Probe(cctx, "http://"+addr+"/healthz"); err != nil {
		fmt.Fprintln(stderr, "tidings:", err)
		return 1
	}
	return 0
}
