package stories

import (
	"context"
	"testing"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
)

func art(id string, at time.Time, ents ...string) Article {
	a := Article{ID: id, Time: at, Entities: map[string]int{}, Events: map[string]int{"036": 1}}
	for _, e := range ents {
		a.Entities[e] += 2
	}
	return a
}

// TestAssignOnSharedState: two assigners on one bucket (two enricher
// replicas) put articles about the same people in one story within the
// window, others in stories of their own, and give a redelivered article
// its story again.
func TestAssignOnSharedState(t *testing.T) {
	env := stagetest.Start(t)
	ctx := context.Background()
	kv := env.KeyValue(t, events.BucketStories)
	one, two := NewAssigner(Config{}, NewKVStore(kv)), NewAssigner(Config{}, NewKVStore(kv))
	t0 := time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)
	first, err := one.Assign(ctx, art("a1", t0, "per:ada-quill", "per:leo-sorn", "loc:oslo"))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		asg  *Assigner
		a    Article
		same bool
	}{
		{two, art("a2", t0.Add(5*time.Hour), "per:ada-quill", "per:leo-sorn", "loc:bergen"), true},
		{one, art("a3", t0.Add(6*time.Hour), "per:ivo-marsh", "loc:oslo"), false},
		{two, art("a4", t0.Add(10*24*time.Hour), "per:ada-quill", "per:leo-sorn", "loc:oslo"), false},
		{one, art("a5", t0.Add(time.Hour), "loc:oslo", "org:nato"), false},
	}
	for _, c := range cases {
		got, err := c.asg.Assign(ctx, c.a)
		if err != nil {
			t.Fatal(err)
		}
		if (got == first) != c.same {
			t.Errorf("%s: story %s, first's %s, want same %v", c.a.ID, got, first, c.same)
		}
	}
	if again, _ := two.Assign(ctx, art("a1", t0, "per:someone-else")); again != first {
		t.Errorf("a1 again: %s, want %s", again, first)
	}
	s, err := NewKVStore(kv).Story(ctx, first)
	if err != nil || s.Articles != 2 || !s.Last.Equal(t0.Add(5*time.Hour)) {
		t.Errorf("story %+v, %v", s, err)
	}
}

// TestKVStoreKeepsDecodedStories: a story read again unchanged comes from
// the decoded copy and equals the stored one; a caller changing its copy
// changes neither the store nor the next read; and of two replicas that
// read the same revision, the second to write is told to read again,
// also when the first wrote through the same KVStore.
func TestKVStoreKeepsDecodedStories(t *testing.T) {
	env := stagetest.Start(t)
	ctx := context.Background()
	store := NewKVStore(env.KeyValue(t, events.BucketStories))
	t0 := time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)
	if ok, err := store.Update(ctx, &Story{ID: "st-1", First: t0, Last: t0, Articles: 1,
		Entities: map[string]int{"per:ada-quill": 2}, Events: map[string]int{}}, true); !ok || err != nil {
		t.Fatalf("create: %v %v", ok, err)
	}
	a, err := store.Story(ctx, "st-1")
	if err != nil || a == nil || a.Entities["per:ada-quill"] != 2 {
		t.Fatalf("first read: %+v %v", a, err)
	}
	a.Entities["per:ada-quill"] = 99 // the caller's copy only
	b, err := store.Story(ctx, "st-1")
	if err != nil || b.Entities["per:ada-quill"] != 2 || b.Articles != 1 {
		t.Fatalf("second read: %+v %v", b, err)
	}
	b.Articles++
	if ok, err := store.Update(ctx, b, false); !ok || err != nil {
		t.Fatalf("update at the revision read: %v %v", ok, err)
	}
	a.Articles = 7
	if ok, err := store.Update(ctx, a, false); ok || err != nil {
		t.Fatalf("update of a stale read: ok %v (%v), want refused", ok, err)
	}
	fresh, err := NewKVStore(env.KeyValue(t, events.BucketStories)).Story(ctx, "st-1")
	if err != nil || fresh.Articles != 2 || fresh.Entities["per:ada-quill"] != 2 {
		t.Fatalf("stored: %+v %v, want 2 articles and the counts untouched", fresh, err)
	}
}
