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
