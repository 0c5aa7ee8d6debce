package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	neturl "net/url"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
)

const dlqUsage = `Usage:
  tidings dlq list   [--stage S] [--json]           list dead letters with their reasons
  tidings dlq replay [--stage S] (--seq N | --all)  send dead letters back to their stage and remove them
Flags common to both: --nats-url (default nats://127.0.0.1:4222, the embedded server of tidings up) and the --nats-* credentials.
tidings up's embedded server needs no credentials; the docker-compose stack's NATS wants its
operator user: --nats-user admin --nats-password "$NATS_ADMIN_PASSWORD" (admin-dev by default).
`

// dlqStages are the stages whose failures go to the DLQ (the fetcher's:
// pages that could not be fetched; its inbox files go to inbox/failed/).
var dlqStages = []string{events.StageFetcher, events.StageParser, events.StageEnricher, events.StageSink, events.StageWebhook}

func cmdDLQ(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, dlqUsage)
		return 2
	}
	sub, rest := args[0], args[1:]
	if sub == "-h" || sub == "-help" || sub == "--help" || sub == "help" {
		fmt.Fprint(stdout, dlqUsage)
		return 0
	}
	f := newFlags("dlq "+sub, stderr)
	setUsage(f, stderr, dlqUsage)
	var ncfg stage.NATSConfig
	ncfg.Bind(f)
	ncfg.Name = "dlq"
	var stageName string
	var asJSON, all bool
	var seq uint64
	var seqStr string
	// What to select and what to do is said on the command line only: a
	// TIDINGS_* variable left in the environment must never pick or replay
	// dead letters (only the NATS connection flags above read it).
	fs := f.FlagSet()
	fs.StringVar(&stageName, "stage", "", "only this stage's dead letters (fetcher, parser, enricher, sink, webhook)")
	switch sub {
	case "list":
		fs.BoolVar(&asJSON, "json", false, "print JSON Lines instead of a table")
	case "replay":
		fs.StringVar(&seqStr, "seq", "", "the DLQ sequence to replay")
		fs.BoolVar(&all, "all", false, "replay every dead letter (of --stage, if given)")
	default:
		fmt.Fprintf(stderr, "tidings dlq: unknown subcommand %q\n%s", sub, dlqUsage)
		return 2
	}
	if code, ok := parse(f, rest, stderr); !ok {
		return code
	}
	if stageName != "" && !slices.Contains(dlqStages, stageName) {
		fmt.Fprintf(stderr, "tidings dlq %s: --stage %q is not a stage that dead-letters; want one of %s\n", sub, stageName, strings.Join(dlqStages, ", "))
		return 2
	}
	if seqStr != "" {
		n, err := strconv.ParseUint(seqStr, 10, 64)
		if err != nil {
			fmt.Fprintf(stderr, "tidings dlq replay: --seq %q is not a sequence number\n", seqStr)
			return 2
		}
		seq = n
	}
	if sub == "replay" && (seq == 0) == !all {
		fmt.Fprintln(stderr, "tidings dlq replay: give exactly one of --seq N or --all")
		return 2
	}
	nc, js, err := connectOnce(ctx, ncfg)
	if err != nil {
		fmt.Fprintln(stderr, "tidings dlq:", err, dlqConnectHint(err, ncfg.URL))
		return 1
	}
	defer nc.Close()
	q := deadLetterQueue{js: js}
	switch sub {
	case "list":
		err = q.list(ctx, stageName, asJSON, stdout)
	case "replay":
		err = q.replay(ctx, stageName, seq, stdout)
	}
	if err != nil {
		fmt.Fprintln(stderr, "tidings dlq:", err)
		return 1
	}
	return 0
}

// deadLetterQueue reads and replays the DLQ stream.
type deadLetterQueue struct{ js jetstream.JetStream }

// each calls fn for every dead letter, of one stage when stageName is set.
func (q deadLetterQueue) each(ctx context.Context, stageName string, fn func(stage.DeadLetter) error) error {
	s, err := q.js.Stream(ctx, events.StreamDLQ)
	if err != nil {
		return fmt.Errorf("open DLQ stream: %w", err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		return fmt.Errorf("DLQ stream info: %w", err)
	}
	if info.State.Msgs == 0 {
		return nil
	}
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq; seq++ {
		raw, err := s.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue
		}
		if err != nil {
			return fmt.Errorf("read dead letter %d: %w", seq, err)
		}
		if strings.HasPrefix(raw.Subject, events.SubjectRedeliverPrefix) {
			continue // a replayed webhook message waiting for its subscription
		}
		dl := stage.ReadDeadLetter(raw)
		if stageName != "" && dl.Stage != stageName {
			continue
		}
		if err := fn(dl); err != nil {
			return err
		}
	}
	return nil
}

func (q deadLetterQueue) list(ctx context.Context, stageName string, asJSON bool, w io.Writer) error {
	if asJSON {
		enc := json.NewEncoder(w)
		return q.each(ctx, stageName, func(dl stage.DeadLetter) error {
			return enc.Encode(map[string]any{
				"seq": dl.Sequence, "stage": dl.Stage, "reason": dl.Reason, "error": dl.Error,
				"doc_id": dl.DocID, "source": dl.Source, "stream": dl.Stream, "stream_seq": dl.OriginalSequence,
				"delivered": dl.Delivered, "time": dl.Time, "size": len(dl.Data),
			})
		})
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SEQ\tSTAGE\tREASON\tSOURCE\tDOC\tTIME\tERROR")
	n := 0
	err := q.each(ctx, stageName, func(dl stage.DeadLetter) error {
		n++
		doc := dl.DocID
		if len(doc) > 12 {
			doc = doc[:12]
		}
		source := dl.Source
		if source == "" {
			source = "-"
		}
		_, err := fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", dl.Sequence, dl.Stage, dl.Reason, source, doc,
			dl.Time.Local().Format(time.DateTime), dl.Error)
		return err
	})
	if err != nil {
		return err
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "%d dead letter(s)\n", n)
	return nil
}

// replay republishes dead letters to the subject they failed on (a
// webhook's to its one subscription), then removes them from the DLQ. The
// stage sees them as new messages.
func (q deadLetterQueue) replay(ctx context.Context, stageName string, only uint64, w io.Writer) error {
	s, err := q.js.Stream(ctx, events.StreamDLQ)
	if err != nil {
		return fmt.Errorf("open DLQ stream: %w", err)
	}
	n := 0
	err = q.each(ctx, stageName, func(dl stage.DeadLetter) error {
		if only != 0 && dl.Sequence != only {
			return nil
		}
		subject, err := stage.Replay(ctx, q.js, s, dl)
		if err != nil {
			return err
		}
		n++
		fmt.Fprintf(w, "replayed %d (%s, %s) to %s\n", dl.Sequence, dl.Stage, dl.Reason, subject)
		return nil
	})
	if err != nil {
		return err
	}
	if only != 0 && n == 0 {
		return fmt.Errorf("no dead letter with sequence %d", only)
	}
	fmt.Fprintf(w, "%d dead letter(s) replayed\n", n)
	return nil
}

// connectOnce connects to NATS without retrying (10s at most), as a
// command run by hand does, and returns the connection and its JetStream.
func connectOnce(ctx context.Context, ncfg stage.NATSConfig) (*nats.Conn, jetstream.JetStream, error) {
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	nc, err := stage.Connect(cctx, ncfg, zap.NewNop(), nats.RetryOnFailedConnect(false))
	if err != nil {
		return nil, nil, err
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, nil, fmt.Errorf("jetstream: %w", err)
	}
	return nc, js, nil
}

// dlqConnectHint says what to check when the DLQ's server cannot be reached.
func dlqConnectHint(err error, url string) string {
	msg := strings.ToLower(err.Error())
	switch {
	case strings.Contains(msg, "authorization") || strings.Contains(msg, "authentication"):
		return "(the server refused these credentials: the docker-compose stack's NATS wants its operator user, " +
			"--nats-user admin --nats-password \"$NATS_ADMIN_PASSWORD\" (admin-dev by default); tidings up's embedded server needs none)"
	case strings.Contains(msg, "permissions violation"):
		return "(these credentials may not read the DLQ: use the operator user, --nats-user admin)"
	}
	if u, err := neturl.Parse(url); err == nil && u.User != nil {
		url = u.Redacted()
	}
	return "(nothing answers at " + url + ": start tidings up, whose embedded server listens on 127.0.0.1:4222, " +
		"or point --nats-url at your NATS server, with its credentials)"
}
