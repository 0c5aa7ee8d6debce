package tagger

import (
	"math"
	"sync"
)

// Span is an entity found by the tagger: tokens [Start, End) of its
// sentence, its type (PER, ORG, LOC or MISC) and a confidence in [0, 1].
type Span struct {
	Start, End int
	Type       string
	Confidence float64
}

// Tagger labels sentences with a Model. It caches the weights of each
// distinct word (a word's own features do not depend on its context), so
// that tagging costs a few lookups per token. It is safe for concurrent use.
type Tagger struct {
	m        *Model
	maxCache int
	mu       sync.RWMutex
	cache    map[string]*entry
	bounds   [2]*entry // sentence start and end
}

// entry is one word's features and the sum of its own weights seen from each
// window offset (-2..2) of the token being labelled.
type entry struct {
	w   word
	vec [5][nLabels]float32
}

// New returns a Tagger over m whose word cache holds up to maxCache words
// (0: a default of 50,000, about 20 MB).
func New(m *Model, maxCache int) *Tagger {
	if maxCache <= 0 {
		maxCache = 50000
	}
	t := &Tagger{m: m, maxCache: maxCache, cache: map[string]*entry{}}
	t.bounds[0] = t.compute(wordStart)
	t.bounds[1] = t.compute(wordEnd)
	return t
}

func (t *Tagger) compute(w word) *entry {
	e := &entry{w: w}
	for off := -2; off <= 2; off++ {
		v := &e.vec[off+2]
		ownFeatures(&e.w, off, func(h uint64) { t.m.weightsOf(h, v) })
	}
	return e
}

// lookup returns the entries of the words of one sentence.
func (t *Tagger) lookup(toks []Token) []*entry {
	out := make([]*entry, len(toks))
	missing := false
	t.mu.RLock()
	for i, tk := range toks {
		out[i] = t.cache[tk.Text]
		missing = missing || out[i] == nil
	}
	t.mu.RUnlock()
	if !missing {
		return out
	}
	for i, tk := range toks {
		if out[i] == nil {
			out[i] = t.compute(t.m.lex.wordOf(tk.Text))
		}
	}
	t.mu.Lock()
	if len(t.cache)+len(toks) > t.maxCache {
		clear(t.cache)
	}
	for i, tk := range toks {
		t.cache[tk.Text] = out[i]
	}
	t.mu.Unlock()
	return out
}

// Tag labels the sentences of one document (tokens of each sentence, in
// order) and returns the spans of each sentence.
func (t *Tagger) Tag(doc [][]Token) [][]Span {
	sents := make([]sentence, len(doc))
	ents := make([][]*entry, len(doc))
	for k, toks := range doc {
		ents[k] = t.lookup(toks)
		sents[k].words = make([]*word, len(toks))
		for i, e := range ents[k] {
			sents[k].words[i] = &e.w
		}
		sents[k].caps = capsLine(sents[k].words)
	}
	ds := newDocStats(sents)
	hist := make(history, 64)
	out := make([][]Span, len(doc))
	sc := &scratch{}
	for k := range sents {
		if len(sents[k].words) == 0 {
			continue
		}
		em := t.emissions(&sents[k], ents[k], ds, hist, sc)
		var ls []label
		out[k], ls = decodeSpans(em, sents[k].words, &t.m.trans, sc)
		hist.note(sents[k].words, ls)
	}
	return out
}

// emissions scores every label of every token of a sentence.
func (t *Tagger) emissions(s *sentence, ents []*entry, ds *docStats, hist history, sc *scratch) [][nLabels]float32 {
	n := len(s.words)
	em := sc.emissions(n)
	gaz := t.m.lex.match(s.words)
	for i := range em {
		if !s.words[i].free {
			continue // outside every name: only O is possible
		}
		v := &em[i]
		for off := -2; off <= 2; off++ {
			var e *entry
			switch j := i + off; {
			case j < 0:
				e = t.bounds[0]
			case j >= n:
				e = t.bounds[1]
			default:
				e = ents[j]
			}
			src := &e.vec[off+2]
			for l := range v {
				v[l] += src[l]
			}
		}
		add := func(h uint64) { t.m.weightsOf(h, v) }
		contextFeatures(s, i, ds, gaz, add)
		hist.features(s.words[i], add)
		for l := range v {
			v[l] *= t.m.scale
		}
	}
	return em
}

// capsLine reports a sentence written in capitals (a headline): most of its
// words with letters have no lower-case letter.
func capsLine(ws []*word) bool {
	caps, letters := 0, 0
	for i := range ws {
		if ws[i].flags&(flAllCaps|flHasLower) == 0 {
			continue
		}
		letters++
		if ws[i].flags&flAllCaps != 0 {
			caps++
		}
	}
	return letters >= 2 && caps*4 >= letters*3
}

// viterbi returns the best label sequence allowed by BILOU in which words
// that are not free are outside names.
func viterbi(em [][nLabels]float32, ws []*word, trans *[(nLabels + 1) * nLabels]float32, sc *scratch) []label {
	n := len(em)
	score, back, out := sc.lattice(n)
	inf := float32(math.Inf(-1))
	for l := range nLabels {
		score[0][l] = inf
		if allowed(nLabels, l) && (ws[0].free || l == 0) {
			score[0][l] = em[0][l] + trans[nLabels*nLabels+l]
		}
	}
	for i := 1; i < n; i++ {
		prev, cur, bk := &score[i-1], &score[i], &back[i]
		if !ws[i].free {
			best, arg := inf, uint8(0)
			for k := range predN[0] {
				p := predL[0][k]
				if s := prev[p] + trans[int(p)*nLabels]; s > best {
					best, arg = s, p
				}
			}
			*cur = infRow
			cur[0] = best
			bk[0] = arg
			continue
		}
		e := &em[i]
		for l := range nLabels {
			best, arg := inf, uint8(0)
			ps := &predL[l]
			for k := 0; k < predN[l]; k++ {
				p := ps[k]
				if s := prev[p] + trans[int(p)*nLabels+l]; s > best {
					best, arg = s, p
				}
			}
			cur[l] = best + e[l]
			bk[l] = arg
		}
	}
	best, arg := inf, 0
	for l := range nLabels {
		if final(l) && score[n-1][l] > best {
			best, arg = score[n-1][l], l
		}
	}
	for i := n - 1; i >= 0; i-- {
		out[i] = label(arg)
		arg = int(back[i][arg])
	}
	return out
}

var allowedTab = func() (t [nLabels][nLabels]bool) {
	for a := range nLabels {
		for b := range nLabels {
			t[a][b] = allowed(a, b)
		}
	}
	return t
}()

var infRow = func() (r [nLabels]float32) {
	for l := range r {
		r[l] = float32(math.Inf(-1))
	}
	return r
}()

// predL lists, for each label, the labels that may precede it (predN of them).
var predL, predN = func() (p [nLabels][nLabels]uint8, n [nLabels]int) {
	for b := range nLabels {
		for a := range nLabels {
			if allowed(a, b) {
				p[b][n[b]] = uint8(a)
				n[b]++
			}
		}
	}
	return p, n
}()

// decodeSpans decodes a sentence and gives each span a confidence: the
// lowest, over its tokens, of the chosen label's share of the local scores
// (a softmax of emission plus transition from the chosen previous label).
func decodeSpans(em [][nLabels]float32, ws []*word, trans *[(nLabels + 1) * nLabels]float32, sc *scratch) ([]Span, []label) {
	ls := viterbi(em, ws, trans, sc)
	spans := spansOf(ls)
	for k := range spans {
		conf := 1.0
		for i := spans[k].Start; i < spans[k].End; i++ {
			prev := nLabels
			if i > 0 {
				prev = int(ls[i-1])
			}
			conf = min(conf, localProb(em[i], trans, prev, int(ls[i])))
		}
		spans[k].Confidence = conf
	}
	return spans, ls
}

func localProb(em [nLabels]float32, trans *[(nLabels + 1) * nLabels]float32, prev, chosen int) float64 {
	var s [nLabels]float64
	top := math.Inf(-1)
	for l := range nLabels {
		s[l] = math.Inf(-1)
		if allowedTab2(prev, l) {
			s[l] = float64(em[l] + trans[prev*nLabels+l])
			top = max(top, s[l])
		}
	}
	var z float64
	for l := range nLabels {
		if !math.IsInf(s[l], -1) {
			z += math.Exp(s[l] - top)
		}
	}
	return math.Exp(s[chosen]-top) / z
}

func allowedTab2(prev, l int) bool {
	if prev == nLabels {
		return allowed(nLabels, l)
	}
	return allowedTab[prev][l]
}

// scratch holds the buffers of one Tag call, reused from sentence to sentence.
type scratch struct {
	em, score [][nLabels]float32
	back      [][nLabels]uint8
	labels    []label
}

// emissions returns n zeroed rows of label scores.
func (sc *scratch) emissions(n int) [][nLabels]float32 {
	if cap(sc.em) < n {
		sc.em = make([][nLabels]float32, n)
	}
	sc.em = sc.em[:n]
	clear(sc.em)
	return sc.em
}

// lattice returns the Viterbi tables and the label buffer for n tokens.
func (sc *scratch) lattice(n int) ([][nLabels]float32, [][nLabels]uint8, []label) {
	if cap(sc.score) < n {
		sc.score, sc.back, sc.labels = make([][nLabels]float32, n), make([][nLabels]uint8, n), make([]label, n)
	}
	return sc.score[:n], sc.back[:n], sc.labels[:n]
}
