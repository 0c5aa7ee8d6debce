package fetcher

import (
	"flag"
	"testing"
	"time"

	"github.com/tidings-news/tidings/pkg/stage"
)

func TestBindReadsFlagsAndEnvironment(t *testing.T) {
	t.Setenv("TIDINGS_INBOX", "/srv/inbox")
	t.Setenv("TIDINGS_SETTLE_TIME", "2s")
	t.Setenv("TIDINGS_FETCH_ALLOW_PRIVATE", "true")
	var c Config
	f := stage.NewFlags(flag.NewFlagSet("fetcher", flag.ContinueOnError))
	c.Bind(f)
	if err := f.FlagSet().Parse([]string{"--max-size", "1024", "--rescan-interval", "1m", "--feeds", "feeds.txt", "--host-interval", "250ms"}); err != nil {
		t.Fatal(err)
	}
	if err := f.Err(); err != nil {
		t.Fatal(err)
	}
	want := Config{Inbox: "/srv/inbox", MaxSize: 1024, InlineLimit: DefaultInlineLimit, RescanInterval: time.Minute, SettleTime: 2 * time.Second, QuietTime: DefaultQuietTime, MaxInFlight: DefaultMaxInFlight,
		Intake: IntakeConfig{MaxRequestSize: DefaultMaxRequestSize, Feeds: "feeds.txt", FeedInterval: 15 * time.Minute, SeenWindow: 24 * time.Hour,
			UserAgent: "TidingsBot/1.0 (+https://github.com/tidings-news/tidings)", FetchTimeout: 20 * time.Second, FetchMaxSize: 8 << 20,
			MaxRedirects: 5, HostInterval: 250 * time.Millisecond, HostConcurrency: 2, AllowPrivate: true}}
	if c != want {
		t.Errorf("bound %+v, want %+v", c, want)
	}
}

func TestConfigDefaultsAndValidation(t *testing.T) {
	c := Config{Inbox: "in"}.withDefaults()
	if c.MaxSize != 32<<20 || c.InlineLimit != 512<<10 || c.RescanInterval != 5*time.Second || c.SettleTime != 300*time.Millisecond || c.QuietTime != 3*time.Second {
		t.Errorf("defaults %+v", c)
	}
	if err := c.validate(); err != nil {
		t.Errorf("defaults invalid: %v", err)
	}
	if err := (Config{MaxSize: -1}).withDefaults().validate(); err == nil {
		t.Error("no inbox and a negative size passed validation")
	}
}
