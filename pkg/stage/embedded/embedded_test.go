package embedded_test

import (
	"net"
	"strings"
	"testing"

	"github.com/tidings-news/tidings/pkg/stage/embedded"
)

func TestStartFailsAtOnceWhenThePortIsTaken(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	_, err = embedded.Start(embedded.Config{StoreDir: t.TempDir(), Port: port})
	if err == nil || !strings.Contains(err.Error(), "cannot listen") {
		t.Fatalf("Start on a taken port: %v", err)
	}
}

func TestStartServesJetStreamAndRestartsOnItsStore(t *testing.T) {
	dir := t.TempDir()
	s, err := embedded.Start(embedded.Config{StoreDir: dir, Port: -1})
	if err != nil {
		t.Fatal(err)
	}
	if s.URL() == "" || !s.JetStreamEnabled() {
		t.Fatalf("url %q, jetstream %v", s.URL(), s.JetStreamEnabled())
	}
	s.Stop()
	s, err = embedded.Start(embedded.Config{StoreDir: dir, NoListen: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	if s.URL() != "" {
		t.Fatalf("in-process server has URL %q", s.URL())
	}
}
