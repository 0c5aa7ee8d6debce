package registry

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/pkg/stage/embedded"
	"github.com/tidings-news/tidings/services/enricher/extract/ids"
	"github.com/tidings-news/tidings/services/enricher/extract/ids/idstest"
)

// kvBucket starts an embedded JetStream in dir and opens the registry bucket.
func kvBucket(t *testing.T, dir string) (jetstream.KeyValue, func()) {
	t.Helper()
	srv, err := embedded.Start(embedded.Config{StoreDir: dir, Port: -1})
	if err != nil {
		t.Fatal(err)
	}
	nc, err := nats.Connect(srv.URL())
	if err != nil {
		srv.Stop()
		t.Fatal(err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	kv, err := stage.Topology{Replicas: 1}.EnsureKeyValue(ctx, js)
	if err != nil {
		t.Fatal(err)
	}
	return kv, func() { nc.Close(); srv.Stop() }
}

func TestKVRegistryContract(t *testing.T) {
	kv, stop := kvBucket(t, t.TempDir())
	defer stop()
	idstest.Contract(t, NewKV(kv))
}

func TestKVRegistrySharedAndStable(t *testing.T) {
	dir := t.TempDir()
	kv, stop := kvBucket(t, dir)
	ctx := context.Background()
	// two replicas resolve spelling variants of one person at the same time
	first := idstest.Concurrently(t, 8, []ids.Registry{NewKV(kv), NewKV(kv)}, []ids.Candidate{
		{Type: "PERSON", Name: "Sébastien Moreau", Key: "sebastien moreau", First: "sebastien", Surname: "moreau"},
		{Type: "PERSON", Name: "Sebastien Moreaux", Key: "sebastien moreaux", First: "sebastien", Surname: "moreaux"},
	})
	stop()
	// after a restart, a fresh registry on the same store gives the same id
	kv2, stop2 := kvBucket(t, dir)
	defer stop2()
	id, err := NewKV(kv2).Resolve(ctx, ids.Candidate{Type: "PERSON", Name: "Moreau", Key: "moreau", Surname: "moreau"})
	if err != nil {
		t.Fatal(err)
	}
	if id != first {
		t.Errorf("after restart %q, want %q", id, first)
	}
}

func TestKeyPart(t *testing.T) {
	if got := keyPart("ivo marsh"); got != "ivo-marsh" {
		t.Errorf("%q", got)
	}
	if got := keyPart("łódź"); got == "" || got[0] != 'x' {
		t.Errorf("non-ASCII key %q", got)
	}
}
