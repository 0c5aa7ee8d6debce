package tagger

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/tidings-news/tidings/services/enricher/tagger/model"
)

// viterbiByPairs is the search viterbi stands for: every allowed pair of
// labels at every token, the same float32 sums, ties kept by the lowest
// previous label; a word that is not free is outside every name.
func viterbiByPairs(em [][nLabels]float32, ws []*word, trans *[(nLabels + 1) * nLabels]float32) []label {
	n, inf := len(em), float32(math.Inf(-1))
	score, back := make([][nLabels]float32, n), make([][nLabels]uint8, n)
	for l := range nLabels {
		score[0][l] = inf
		if allowed(nLabels, l) && (ws[0].free || l == 0) {
			score[0][l] = em[0][l] + trans[nLabels*nLabels+l]
		}
	}
	for i := 1; i < n; i++ {
		for l := range nLabels {
			best, arg := inf, uint8(0)
			for p := range nLabels {
				if allowed(p, l) {
					if s := score[i-1][p] + trans[p*nLabels+l]; s > best {
						best, arg = s, uint8(p)
					}
				}
			}
			score[i][l], back[i][l] = inf, arg
			if ws[i].free || l == 0 {
				score[i][l] = best + em[i][l]
			}
		}
	}
	best, arg := inf, 0
	for l := range nLabels {
		if final(l) && score[n-1][l] > best {
			best, arg = score[n-1][l], l
		}
	}
	out := make([]label, n)
	for i := n - 1; i >= 0; i-- {
		out[i] = label(arg)
		arg = int(back[i][arg])
	}
	return out
}

// TestViterbiIsTheFullSearch compares viterbi with viterbiByPairs on random
// sentences under the embedded model's transitions, free and bound words
// mixed in runs as in text, the scratch reused from sentence to sentence.
func TestViterbiIsTheFullSearch(t *testing.T) {
	m, err := Decode(model.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	tt := newTransTables(&m.trans)
	rng := rand.New(rand.NewPCG(1, 2))
	sc := &scratch{}
	for k := range 3000 {
		n := 1 + rng.IntN(40)
		em := make([][nLabels]float32, n)
		ws := make([]*word, n)
		free := rng.IntN(2) == 0
		for i := range n {
			if rng.IntN(3) == 0 {
				free = !free
			}
			ws[i] = &word{free: free}
			if free {
				for l := range nLabels {
					em[i][l] = float32(rng.NormFloat64() * 4)
				}
			}
		}
		// leave stale scores in the scratch, as an earlier sentence does
		score, back, _ := sc.lattice(n)
		for i := range score {
			score[i], back[i] = [nLabels]float32{1e9, 1e9, 1e9, 1e9, 1e9, 1e9, 1e9, 1e9, 1e9, 1e9, 1e9, 1e9, 1e9, 1e9, 1e9, 1e9, 1e9}, [nLabels]uint8{3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3}
		}
		got := viterbi(em, ws, tt, sc)
		want := viterbiByPairs(em, ws, &m.trans)
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("sentence %d (%d tokens): viterbi %v, full search %v", k, n, got, want)
			}
		}
	}
}
