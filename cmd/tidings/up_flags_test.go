package main

import (
	"bytes"
	"context"
	"flag"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/tidings-news/tidings/cmd/tidings/internal/allinone"
	"github.com/tidings-news/tidings/pkg/stage"
)

// `tidings up --help` lists every flag of every stage, the common ones
// (NATS credentials and --stream-replicas included) and its own.
func TestUpHelpListsEveryStagesFlags(t *testing.T) {
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"up", "--help"}, io.Discard, &stderr); code != 0 {
		t.Fatalf("up --help exited %d: %s", code, stderr.String())
	}
	help := stderr.String()
	want := []string{"data-dir", "nats-listen", "sink-concurrency"}
	fs := flag.NewFlagSet("common", flag.ContinueOnError)
	var common stage.CommonConfig
	common.Bind(stage.NewFlags(fs), ":0")
	fs.VisitAll(func(fl *flag.Flag) { want = append(want, fl.Name) })
	var cfg allinone.Config
	for _, c := range allinone.Components(&cfg) {
		want = append(want, flagNames(c)...)
	}
	for _, name := range []string{"nats-creds", "nats-user", "nats-password", "nats-token", "nats-nkey", "stream-replicas", "inline-limit", "store-url", "inbox"} {
		if !slices.Contains(want, name) {
			t.Fatalf("%s is not a flag of any stage", name)
		}
	}
	for _, name := range want {
		// A flag with a value is listed "  -name value", a bool "  -name\n".
		if !strings.Contains(help, "  -"+name+" ") && !strings.Contains(help, "  -"+name+"\n") {
			t.Errorf("up --help lacks -%s", name)
		}
	}
}

// A flag two stages share, or one that up has, is named after each stage.
func TestStageFlagsArePrefixedWhereNamesClash(t *testing.T) {
	comp := func(name string, flags ...string) stage.Component {
		return stage.Component{Name: name, Bind: func(f *stage.Flags) {
			for _, fl := range flags {
				var s string
				f.String(&s, fl, "", "")
			}
		}}
	}
	fs := flag.NewFlagSet("up", flag.ContinueOnError)
	f := stage.NewFlags(fs)
	var dataDir string
	f.String(&dataDir, "data-dir", "", "")
	bindStages(f, []stage.Component{comp("fetcher", "inbox", "url"), comp("sink", "url", "data-dir"), comp("parser")})
	var got []string
	fs.VisitAll(func(fl *flag.Flag) { got = append(got, fl.Name) })
	if want := []string{"data-dir", "fetcher-url", "inbox", "sink-data-dir", "sink-url"}; !slices.Equal(got, want) {
		t.Errorf("flags %v, want %v", got, want)
	}
}
