package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
)

// A server that wants a password: tidings watch with the right one replays
// and follows the quotes, and exits 0 when stopped; with a wrong one it
// says so and exits 1.
func TestWatchWithCredentials(t *testing.T) {
	ns := stagetest.StartServer(t, &server.Options{Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: t.TempDir(),
		NoSigs: true, NoLog: true, Username: "analyst", Password: "s3cret"})
	_, js := stagetest.Connect(t, ns.ClientURL(), nats.UserInfo("analyst", "s3cret"))
	stagetest.EnsureStreams(t, js)
	ctx := context.Background()
	quote := events.QuoteMessage{SchemaVersion: 1, ID: "d.quote.0", Text: "We will not wait.", Cue: "said",
		Speaker: &events.Participant{ID: "per:jane-doe", Name: "Jane Doe", Type: events.EntityPerson},
		Article: events.ArticleRef{ID: "d", Source: "d.txt", Title: "Talks"}}
	data, _ := json.Marshal(quote)
	if _, err := js.Publish(ctx, events.SubjectQuotes, data); err != nil {
		t.Fatal(err)
	}

	var stderr bytes.Buffer
	args := []string{"watch", "quotes", "--from-start", "--format", "text", "--nats-url", ns.ClientURL(), "--nats-user", "analyst"}
	if code := run(ctx, append(args, "--nats-password", "wrong"), &bytes.Buffer{}, &stderr); code != 1 ||
		!strings.Contains(stderr.String(), "Authorization Violation") {
		t.Errorf("wrong password: exit %d, %q", code, stderr.String())
	}

	wctx, stop := context.WithCancel(ctx)
	out, done := &stagetest.Buffer{}, make(chan int, 1)
	go func() { done <- run(wctx, append(args, "--nats-password", "s3cret"), out, &stderr) }()
	want := "Jane Doe [per:jane-doe]: “We will not wait.” (said)  — Talks\n"
	stagetest.WaitFor(t, "the replayed quote", 10*time.Second, func() bool { return out.String() == want })
	quote.ID, quote.Text = "d.quote.1", "Nor will we."
	data, _ = json.Marshal(quote)
	if _, err := js.Publish(ctx, events.SubjectQuotes, data); err != nil {
		t.Fatal(err)
	}
	stagetest.WaitFor(t, "the live quote", 10*time.Second, func() bool { return strings.Count(out.String(), "\n") == 2 })
	stop() // as Ctrl-C does
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("stopped watch exited %d: %s", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("watch did not stop")
	}
}

func TestWatchRejectsBadFilters(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"watch"}, "Usage:"},
		{[]string{"watch", "articles"}, `"articles" is not events, entities or quotes`},
		{[]string{"watch", "events", "--root", "4"}, `--root "4" is not a CAMEO root code`},
		{[]string{"watch", "events", "--root", "04", "--code", "190"}, "--code 190 is not under --root 04"},
		{[]string{"watch", "entities", "--type", "city"}, `--type "city" is not an entity type`},
		{[]string{"watch", "quotes", "--root", "19"}, "--root filters events only"},
		{[]string{"watch", "quotes", "--speaker", "Jane Doe"}, `--speaker "Jane Doe" is not an entity id`},
		{[]string{"watch", "events", "--since", "last week"}, `--since "last week" is not a duration`},
		{[]string{"watch", "events", "--since", "1h", "--from-start"}, "not both"},
		{[]string{"watch", "events", "--format", "xml"}, `--format "xml": give json or text`},
		{[]string{"watch", "events", "--colour"}, "flag provided but not defined: -colour"},
	} {
		var stderr bytes.Buffer
		if code := run(context.Background(), c.args, &bytes.Buffer{}, &stderr); code != 2 || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", c.args, code, stderr.String(), c.want)
		}
	}
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"watch", "events", "--nats-url", "nats://127.0.0.1:1"}, &bytes.Buffer{}, &stderr); code != 1 ||
		!strings.Contains(stderr.String(), "is `tidings up` running") {
		t.Errorf("no server: exit %d, %q", code, stderr.String())
	}
}
