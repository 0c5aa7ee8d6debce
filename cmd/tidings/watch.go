package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/tidings-news/tidings/cmd/tidings/internal/watch"
	"github.com/tidings-news/tidings/pkg/stage"
)

const watchUsage = `Usage:
  tidings watch events   [--root 19] [--code 190] [--entity per:…]   CAMEO events as they are coded
  tidings watch entities [--type person|org|loc|norp] [--entity per:…] entities of each article
  tidings watch quotes   [--speaker per:…]                          quotes with their speakers
Common flags: --since 24h|2025-03-12|RFC3339 or --from-start (replay history first),
--format json|text, --nats-url (default nats://127.0.0.1:4222, the embedded server of
tidings up) and the --nats-* credentials. Ctrl-C stops (exit 0).
`

func cmdWatch(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		fmt.Fprint(stdout, watchUsage)
		return 0
	}
	if len(args) == 0 {
		fmt.Fprint(stderr, watchUsage)
		return 2
	}
	kind, err := watch.Kind(args[0])
	if err != nil {
		fmt.Fprintf(stderr, "tidings watch: %v\n%s", err, watchUsage)
		return 2
	}
	f := newFlags("watch "+args[0], stderr)
	var ncfg stage.NATSConfig
	ncfg.Bind(f)
	ncfg.Name = "watch"
	filter := watch.Filter{Kind: kind}
	var since, format string
	// Filters and output format are said on the command line only, never
	// taken from a TIDINGS_* variable left in the environment.
	fs := f.FlagSet()
	fs.StringVar(&filter.Root, "root", "", "events: CAMEO root code (two digits, 01-20)")
	fs.StringVar(&filter.Code, "code", "", "events: CAMEO code (190, 0431)")
	fs.StringVar(&filter.Type, "type", "", "entities: person, org, loc or norp")
	fs.StringVar(&filter.Entity, "entity", "", "events naming this entity id (actor, target, location); entities: this one")
	fs.StringVar(&filter.Speaker, "speaker", "", "quotes: by this entity id")
	fs.StringVar(&since, "since", "", "replay from this long ago (24h), this date (2025-03-12) or time (RFC 3339), then follow")
	fs.BoolVar(&filter.FromStart, "from-start", false, "replay the whole history kept, then follow")
	fs.StringVar(&format, "format", watch.FormatJSON, "json (JSON Lines, the messages as published) or text (one readable line each)")
	if code, ok := parse(f, args[1:], stderr); !ok {
		return code
	}
	if since != "" {
		if filter.Since, err = watch.ParseSince(since, time.Now()); err != nil {
			fmt.Fprintln(stderr, "tidings watch:", err)
			return 2
		}
	}
	if err := filter.Validate(); err != nil {
		fmt.Fprintln(stderr, "tidings watch:", err)
		return 2
	}
	if format != watch.FormatJSON && format != watch.FormatText {
		fmt.Fprintf(stderr, "tidings watch: --format %q: give json or text\n", format)
		return 2
	}
	nc, js, err := connectOnce(ctx, ncfg)
	if err != nil {
		if ctx.Err() != nil {
			return 0
		}
		fmt.Fprintln(stderr, "tidings watch:", err, "(is `tidings up` running, or is --nats-url right?)")
		return 1
	}
	defer nc.Close()
	if err := watch.Run(ctx, js, filter, format, stdout, nil); err != nil {
		fmt.Fprintln(stderr, "tidings watch:", err)
		return 1
	}
	return 0
}
