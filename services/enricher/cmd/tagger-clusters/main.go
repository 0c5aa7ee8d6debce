// Command tagger-clusters learns word clusters from unlabeled text for the
// entity tagger: each frequent word gets a bit path in a binary tree, and
// words with similar neighbours share long prefixes (as Brown clusters do).
// It represents each word by the positive pointwise mutual information of
// its left and right neighbours (among the most frequent words) and splits
// the vocabulary recursively with spherical 2-means. Deterministic.
//
//	tagger-clusters -out clusters.tsv FILE...
//
// FILEs are plain text (one paragraph a line or blank-line separated); the
// text stays outside the repository, the clusters file is model data.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/tidings-news/tidings/services/enricher/tagger"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "tagger-clusters:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("tagger-clusters", flag.ContinueOnError)
	out := fs.String("out", "clusters.tsv", "file to write: bit path, tab, word, tab, count per line")
	minCount := fs.Int("min-count", 3, "words seen fewer times get no cluster")
	maxWords := fs.Int("max-words", 40000, "most frequent words clustered")
	contexts := fs.Int("contexts", 2000, "most frequent words used as context")
	depth := fs.Int("depth", 16, "depth of the tree (longest bit path)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	c := newCounter()
	for _, f := range fs.Args() {
		if err := c.read(f); err != nil {
			return err
		}
	}
	vocab := c.top(*maxWords, *minCount)
	ctx := c.top(*contexts, 1)
	vecs := c.vectors(vocab, ctx)
	paths := make([]string, len(vocab))
	split(vecs, indices(len(vocab)), "", *depth, paths)
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintf(w, "# word clusters: bit path, word (lower case), count; %d words from %d tokens\n", len(vocab), c.total)
	for i, word := range vocab {
		fmt.Fprintf(w, "%s\t%s\t%d\n", paths[i], word, c.count[word])
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d words from %d tokens -> %s\n", len(vocab), c.total, *out)
	return f.Close()
}

// counter counts words and their left and right neighbours.
type counter struct {
	count map[string]int
	pairs map[[2]string]int // (word, next word)
	total int
}

func newCounter() *counter {
	return &counter{count: map[string]int{}, pairs: map[[2]string]int{}}
}

func (c *counter) read(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		prev := "<s>"
		for _, t := range tagger.Tokenize(sc.Text(), 0) {
			w := strings.ToLower(t.Text)
			c.count[w]++
			c.pairs[[2]string{prev, w}]++
			c.total++
			prev = w
		}
		c.pairs[[2]string{prev, "</s>"}]++
	}
	return sc.Err()
}

// top returns the n most frequent words seen at least min times (ties by word).
func (c *counter) top(n, min int) []string {
	var ws []string
	for w, k := range c.count {
		if k >= min {
			ws = append(ws, w)
		}
	}
	slices.SortFunc(ws, func(a, b string) int {
		if c.count[a] != c.count[b] {
			return c.count[b] - c.count[a]
		}
		return strings.Compare(a, b)
	})
	return ws[:min2(n, len(ws))]
}

func min2(a, b int) int {
	if a < b {
		return a
	}
	return b
}

// vec is a sparse unit vector.
type vec struct {
	idx []int32
	val []float32
}

// vectors builds each word's PPMI vector over left and right context words.
func (c *counter) vectors(vocab, ctx []string) []vec {
	vi := map[string]int{}
	for i, w := range vocab {
		vi[w] = i
	}
	ci := map[string]int{}
	for i, w := range ctx {
		ci[w] = i
	}
	dense := make([]map[int32]float32, len(vocab))
	for i := range dense {
		dense[i] = map[int32]float32{}
	}
	keys := make([][2]string, 0, len(c.pairs))
	for k := range c.pairs {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]string) int {
		if a[0] != b[0] {
			return strings.Compare(a[0], b[0])
		}
		return strings.Compare(a[1], b[1])
	})
	n := float64(c.total)
	for _, k := range keys {
		m := float64(c.pairs[k])
		if w, ok := vi[k[1]]; ok {
			if x, ok := ci[k[0]]; ok { // left neighbour of w
				dense[w][int32(x)] += float32(m)
			}
		}
		if w, ok := vi[k[0]]; ok {
			if x, ok := ci[k[1]]; ok { // right neighbour of w
				dense[w][int32(len(ctx)+x)] += float32(m)
			}
		}
	}
	out := make([]vec, len(vocab))
	for w, d := range dense {
		idx := make([]int32, 0, len(d))
		for x := range d {
			idx = append(idx, x)
		}
		slices.Sort(idx)
		var v vec
		var norm float64
		for _, x := range idx {
			cw := ctx[int(x)%len(ctx)]
			pmi := math.Log(float64(d[x]) * n / (float64(c.count[vocab[w]]) * float64(c.count[cw])))
			if pmi > 0 {
				v.idx = append(v.idx, x)
				v.val = append(v.val, float32(pmi))
				norm += pmi * pmi
			}
		}
		for i := range v.val {
			v.val[i] /= float32(math.Sqrt(norm))
		}
		out[w] = v
	}
	return out
}

func indices(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// split divides members (by frequency order) into two by spherical 2-means,
// appending 0 or 1 to their paths, down to depth bits.
func split(vecs []vec, members []int, path string, depth int, paths []string) {
	if len(members) < 2 || len(path) >= depth {
		for _, m := range members {
			paths[m] = path
		}
		return
	}
	dim := 0
	for _, m := range members {
		if k := len(vecs[m].idx); k > 0 {
			dim = max(dim, int(vecs[m].idx[k-1])+1)
		}
	}
	// seeds: the most frequent member and the member least like it
	a := members[0]
	da := toDense(vecs[a], dim)
	b, worst := members[len(members)-1], float32(2)
	for _, m := range members[1:] {
		if s := dot(vecs[m], da); s < worst {
			b, worst = m, s
		}
	}
	ca, cb := toDense(vecs[a], dim), toDense(vecs[b], dim)
	side := make([]bool, len(members))
	for it := 0; it < 8; it++ {
		changed := false
		for i, m := range members {
			s := dot(vecs[m], cb) > dot(vecs[m], ca)
			if s != side[i] || it == 0 {
				changed = true
			}
			side[i] = s
		}
		ca, cb = centroid(vecs, members, side, false, dim), centroid(vecs, members, side, true, dim)
		if !changed {
			break
		}
	}
	var left, right []int
	for i, m := range members {
		if side[i] {
			right = append(right, m)
		} else {
			left = append(left, m)
		}
	}
	if len(left) == 0 || len(right) == 0 {
		left, right = members[:len(members)/2], members[len(members)/2:]
	}
	split(vecs, left, path+"0", depth, paths)
	split(vecs, right, path+"1", depth, paths)
}

func toDense(v vec, dim int) []float32 {
	d := make([]float32, dim)
	for i, x := range v.idx {
		d[x] = v.val[i]
	}
	return d
}

func dot(v vec, d []float32) float32 {
	var s float32
	for i, x := range v.idx {
		if int(x) < len(d) {
			s += v.val[i] * d[x]
		}
	}
	return s
}

// centroid is the normalised mean of the members on one side.
func centroid(vecs []vec, members []int, side []bool, which bool, dim int) []float32 {
	d := make([]float32, dim)
	for i, m := range members {
		if side[i] != which {
			continue
		}
		for j, x := range vecs[m].idx {
			d[x] += vecs[m].val[j]
		}
	}
	var norm float64
	for _, v := range d {
		norm += float64(v) * float64(v)
	}
	if norm > 0 {
		for i := range d {
			d[i] /= float32(math.Sqrt(norm))
		}
	}
	return d
}
