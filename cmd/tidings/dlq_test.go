package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/nats-io/nats.go"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
)

// TestDLQListShowsTheSourceFile: a dead letter names the inbox file it came
// from, in the table and in --json; --stage takes only stages that
// dead-letter.
func TestDLQListShowsTheSourceFile(t *testing.T) {
	env := stagetest.Start(t)
	msg := &nats.Msg{Subject: events.DLQSubject(events.StageParser), Data: []byte("x"), Header: nats.Header{}}
	msg.Header.Set(events.HeaderDLQStage, events.StageParser)
	msg.Header.Set(events.HeaderDLQReason, "unparseable")
	msg.Header.Set(events.HeaderDLQError, "document has no text")
	msg.Header.Set(events.HeaderDocID, "0123456789abcdef0123")
	msg.Header.Set(events.HeaderSourceName, "empty-page.html")
	if _, err := env.JS.PublishMsg(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
	url := env.Server.ClientURL()

	var out, errOut bytes.Buffer
	if code := cmdDLQ(context.Background(), []string{"list", "--nats-url", url}, &out, &errOut); code != 0 {
		t.Fatalf("dlq list: exit %d: %s", code, errOut.String())
	}
	if lines := strings.Split(out.String(), "\n"); !strings.Contains(lines[0], "SOURCE") || !strings.Contains(lines[1], "empty-page.html") {
		t.Errorf("dlq list table lacks the source file:\n%s", out.String())
	}
	out.Reset()
	if code := cmdDLQ(context.Background(), []string{"list", "--json", "--stage", "parser", "--nats-url", url}, &out, &errOut); code != 0 {
		t.Fatalf("dlq list --json: exit %d: %s", code, errOut.String())
	}
	var rec map[string]any
	if err := json.Unmarshal(out.Bytes(), &rec); err != nil || rec["source"] != "empty-page.html" {
		t.Errorf("dlq list --json: %v %s, want source empty-page.html", err, out.String())
	}
	errOut.Reset()
	if code := cmdDLQ(context.Background(), []string{"replay", "--all", "--stage", "parserr", "--nats-url", url}, &out, &errOut); code != 2 ||
		!strings.Contains(errOut.String(), "parser, enricher, sink, webhook") {
		t.Errorf("--stage parserr: exit %d, %q; want 2 naming the stages", code, errOut.String())
	}
}

// TestDLQActionsIgnoreTheEnvironment: TIDINGS_ALL, TIDINGS_SEQ, TIDINGS_STAGE
// and TIDINGS_JSON left in the environment select and replay nothing: only
// the command line says what to do.
func TestDLQActionsIgnoreTheEnvironment(t *testing.T) {
	env := stagetest.Start(t)
	msg := &nats.Msg{Subject: events.DLQSubject(events.StageSink), Data: []byte("x"), Header: nats.Header{}}
	msg.Header.Set(events.HeaderDLQStage, events.StageSink)
	msg.Header.Set(events.HeaderDLQSubject, events.SubjectEnriched)
	if _, err := env.JS.PublishMsg(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{"TIDINGS_ALL": "true", "TIDINGS_SEQ": "1", "TIDINGS_STAGE": "sink", "TIDINGS_JSON": "true"} {
		t.Setenv(k, v)
	}
	url := env.Server.ClientURL()
	var out, errOut bytes.Buffer
	if code := cmdDLQ(context.Background(), []string{"replay", "--nats-url", url}, &out, &errOut); code != 2 {
		t.Errorf("dlq replay with no flag: exit %d (%s%s), want 2: nothing given to replay", code, out.String(), errOut.String())
	}
	out.Reset()
	if code := cmdDLQ(context.Background(), []string{"list", "--nats-url", url}, &out, &errOut); code != 0 || !strings.HasPrefix(out.String(), "SEQ") {
		t.Errorf("dlq list with TIDINGS_JSON=true: exit %d, %q; want the table", code, out.String())
	}
	if !strings.Contains(out.String(), "1 dead letter(s)") {
		t.Errorf("the dead letter was replayed or not listed: %s", out.String())
	}
	var help bytes.Buffer
	cmdDLQ(context.Background(), []string{"replay", "-h"}, &help, &help)
	for _, name := range []string{"TIDINGS_ALL", "TIDINGS_SEQ", "TIDINGS_STAGE"} {
		if strings.Contains(help.String(), name) {
			t.Errorf("dlq replay -h offers %s", name)
		}
	}
}
