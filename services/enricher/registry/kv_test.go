package registry

import (
	"context"
	"sync"
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
	replicas := []*KV{NewKV(kv), NewKV(kv)}
	names := []ids.Candidate{
		{Type: "PERSON", Name: "Sébastien Moreau", Key: "sebastien moreau", First: "sebastien", Surname: "moreau"},
		{Type: "PERSON", Name: "Sebastien Moreaux", Key: "sebastien moreaux", First: "sebastien", Surname: "moreaux"},
	}
	got := make([]string, 8)
	var wg sync.WaitGroup
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id, err := replicas[i%2].Resolve(ctx, names[(i/2)%2])
			if err != nil {
				t.Error(err)
			}
			got[i] = id
		}()
	}
	wg.Wait()
	for _, id := range got {
		if id != got[0] {
			t.Fatalf("replicas disagree: %v", got)
		}
	}
	stop()
	// after a restart, a fresh registry on the same store gives the same id
	kv2, stop2 := kvBucket(t, dir)
	defer stop2()
	id, err := NewKV(kv2).Resolve(ctx, ids.Candidate{Type: "PERSON", Name: "Moreau", Key: "moreau", Surname: "moreau"})
	if err != nil {
		t.Fatal(err)
	}
	if id != got[0] {
		t.Errorf("after restart %q, want %q", id, got[0])
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
