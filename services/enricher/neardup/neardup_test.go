package neardup

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
)

// text makes an article of n words from r.
func text(r *rand.Rand, n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = fmt.Sprintf("w%d", r.IntN(5000))
	}
	return strings.Join(w, " ")
}

func TestSimilarityEstimatesJaccard(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	a := text(r, 600)
	ws := strings.Fields(a)
	for _, changed := range []int{0, 5, 20, 60} {
		b := append([]string(nil), ws...)
		for i := range changed {
			b[(i*37)%len(b)] = "edit"
		}
		sa, _ := Sign(a)
		sb, _ := Sign(strings.Join(b, " "))
		est, exact := Similarity(&sa, &sb), Jaccard(a, strings.Join(b, " "))
		if d := est - exact; d > 0.12 || d < -0.12 {
			t.Errorf("%d words changed: estimate %.2f, exact %.2f", changed, est, exact)
		}
	}
}

// TestReplicasShareTheIndex: two indexes on one bucket (two enricher
// replicas) agree on the original, and a redelivered article gets the same
// verdict.
func TestReplicasShareTheIndex(t *testing.T) {
	env := stagetest.Start(t)
	ctx := context.Background()
	kv, err := stage.Topology{}.KeyValue(ctx, env.JS, events.BucketNearDup)
	if err != nil {
		t.Fatal(err)
	}
	one, two := NewIndex(NewKVStore(kv)), NewIndex(NewKVStore(kv))
	r := rand.New(rand.NewPCG(3, 4))
	orig := text(r, 400)
	copyText := "A new headline\n\n" + strings.Replace(orig, strings.Fields(orig)[200], "changed", 1)
	other := text(r, 400)
	for _, c := range []struct {
		idx        *Index
		id, text   string
		want       string
		repeatedBy *Index
	}{{one, "orig", orig, "", two}, {two, "other", other, "", one}, {two, "copy", copyText, "orig", one}} {
		got, err := c.idx.Check(ctx, c.id, c.text)
		if err != nil || got != c.want {
			t.Fatalf("%s: %q, %v; want %q", c.id, got, err, c.want)
		}
		if again, err := c.repeatedBy.Check(ctx, c.id, c.text); err != nil || again != c.want {
			t.Errorf("%s again on the other replica: %q, %v", c.id, again, err)
		}
	}
}

// BenchmarkCheck times one article's check against an index of 1,000 and
// of 20,000 articles (in memory): the cost per article does not grow with
// the index.
func BenchmarkCheck(b *testing.B) {
	for _, size := range []int{1000, 20000} {
		b.Run(fmt.Sprintf("index=%d", size), func(b *testing.B) {
			r := rand.New(rand.NewPCG(5, 6))
			idx := NewIndex(NewMemStore())
			for i := range size {
				if _, err := idx.Check(context.Background(), fmt.Sprint("a", i), text(r, 600)); err != nil {
					b.Fatal(err)
				}
			}
			texts := make([]string, 64)
			for i := range texts {
				texts[i] = text(r, 600)
			}
			b.ResetTimer()
			for i := range b.N {
				if _, err := idx.Check(context.Background(), fmt.Sprint("b", i), texts[i%len(texts)]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
