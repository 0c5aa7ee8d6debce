package neardup

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/tidings-news/tidings/pkg/events"
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
	kv := env.KeyValue(t, events.BucketNearDup)
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

// TestDigestIsTheSignatureAndSetOfTheWords: the one-pass Digest agrees with
// Words, Shingles, Sign and the set of the same shingles on any text, the
// title and body as one text with a break between.
func TestDigestIsTheSignatureAndSetOfTheWords(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	cases := [][]string{{""}, {" \n\t"}, {"one"}, {"Two words"}, {"Exactly five words are here"},
		{"Élan vital — ÉCOLE Straße 42nd İstanbul ǅemal ΣΊΣΥΦΟΣ ﬁne a\xffb \xf0\x9f\x98\x80 x"},
		{"Talks resume", "Delegates met in Geneva on Monday, officials said."}, {"", "Body only"},
		{text(r, 600)}, {text(r, 3), text(r, 3)}}
	for _, c := range cases {
		joined := strings.Join(c, "\n\n")
		wantSig, wantOK := signShingles(Shingles(Words(joined)))
		d, ok := Digest(c...)
		if ok != wantOK || d.Sig != wantSig {
			t.Errorf("%q: signature differs (ok %v, want %v)", joined, ok, wantOK)
		}
		if want := setOf(Shingles(Words(joined))); ok && !slices.Equal(d.Set, want) {
			t.Errorf("%q: set %v, want %v", joined, d.Set, want)
		}
	}
}

// TestDigestAllocatesAboutTheText: digesting a long text allocates about
// as much as the text (its set, grown once for short words), not the ~35
// bytes a byte of Words and Shingles.
func TestDigestAllocatesAboutTheText(t *testing.T) {
	long := text(rand.New(rand.NewPCG(7, 8)), 400_000) // ~2.4 MB
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if _, ok := Digest("A headline", long); !ok {
		t.Fatal("no words")
	}
	runtime.ReadMemStats(&after)
	if per := float64(after.TotalAlloc-before.TotalAlloc) / float64(len(long)); per > 2 {
		t.Errorf("digesting %d kB allocated %.1f bytes a byte of text", len(long)>>10, per)
	}
}

// signShingles is the MinHash signature of a shingle set (Digest's reference).
func signShingles(sh map[uint64]struct{}) (sig Signature, ok bool) {
	if len(sh) == 0 {
		return sig, false
	}
	for i := range sig {
		sig[i] = math.MaxUint32
	}
	for s := range sh {
		for i, seed := range seeds {
			if v := uint32(mix(s ^ seed)); v < sig[i] {
				sig[i] = v
			}
		}
	}
	return sig, true
}

// setOf is the Set of a shingle map (Digest's reference).
func setOf(sh map[uint64]struct{}) Set {
	out := make(Set, 0, len(sh))
	for h := range sh {
		out = append(out, uint32(h^(h>>32)))
	}
	slices.Sort(out)
	return slices.Compact(out)
}
