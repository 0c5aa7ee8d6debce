// Command tidings is the all-in-one Tidings binary: `tidings up` runs the
// whole pipeline on an embedded JetStream server; export, extract, dlq and
// version are the tools around it.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time: -ldflags "-X main.version=v1.2.3".
var version = "dev"

const usageText = `tidings: news intelligence from documents dropped into an inbox.

Usage:
  tidings up      [--data-dir DIR] [--http-addr ADDR]   run the whole pipeline (embedded JetStream, SQLite)
  tidings add     FILE|URL|- ... [--addr ADDR]         upload documents, queue pages or (--feed) register feeds
  tidings export  [--data-dir DIR | --store-url URL]    print stored records as JSON Lines
  tidings extract FILE|DIR|-...                         parse and enrich documents in-process, print JSON Lines
  tidings eval    --conll FILE | --gold GOLD FILE...    extract annotated documents and score them (P/R/F1 per type)
  tidings watch   events|entities|quotes [filters]      follow events, entities or quotes live
  tidings dlq     list|replay [flags]                   inspect or replay dead letters
  tidings topology apply --replicas N                   declare streams, consumers, buckets with N replicas
  tidings nats-metrics [--nats-monitor-url URL]         serve a NATS server's own figures to Prometheus
  tidings healthcheck [--http-addr ADDR]                probe /healthz of a running instance
  tidings version                                       print the version

Run 'tidings COMMAND -h' for a command's flags. Configuration flags can also
be set through the environment (--data-dir is TIDINGS_DATA_DIR; -h names each
variable); flags that select or act (dlq --all, --seq, --stage) cannot.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run dispatches a command line; it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usageText)
		return 2
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "up":
		return cmdUp(ctx, rest, stderr)
	case "add":
		return cmdAdd(ctx, rest, stdout, stderr)
	case "export":
		return cmdExport(ctx, rest, stdout, stderr)
	case "extract":
		return cmdExtract(ctx, rest, os.Stdin, stdout, stderr)
	case "eval":
		return cmdEval(ctx, rest, stdout, stderr)
	case "watch":
		return cmdWatch(ctx, rest, stdout, stderr)
	case "dlq":
		return cmdDLQ(ctx, rest, stdout, stderr)
	case "topology":
		return cmdTopology(ctx, rest, stdout, stderr)
	case "nats-metrics":
		return cmdNATSMetrics(ctx, rest, stderr)
	case "healthcheck":
		return cmdHealthcheck(ctx, rest, stderr)
	case "version", "--version":
		fmt.Fprintln(stdout, versionString())
		return 0
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usageText)
		return 0
	default:
		fmt.Fprintf(stderr, "tidings: unknown command %q\n\n%s", cmd, usageText)
		return 2
	}
}
