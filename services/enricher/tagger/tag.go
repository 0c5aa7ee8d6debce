package tagger

import (
	"math"
	"slices"
	"strings"
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
	tt       *transTables
	scratch  sync.Pool // *scratch, the buffers of one Tag call
}

// entry is one word's features and the sum of its own weights seen from each
// window offset (-2..2) of the token being labelled, in units of the model's
// scale (see emissions).
type entry struct {
	w   word
	vec [5][nLabels]int32
}

// New returns a Tagger over m whose word cache holds up to maxCache words
// (0: a default of 50,000, about 20 MB).
func New(m *Model, maxCache int) *Tagger {
	if maxCache <= 0 {
		maxCache = 50000
	}
	t := &Tagger{m: m, maxCache: maxCache, cache: map[string]*entry{}}
	t.scratch.New = func() any { return &scratch{} }
	t.bounds[0] = t.compute(wordStart)
	t.bounds[1] = t.compute(wordEnd)
	t.tt = newTransTables(&m.trans)
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

// lookup sets out[i] to the entry of the word of toks[i].
func (t *Tagger) lookup(toks []Token, out []*entry) {
	missing := false
	t.mu.RLock()
	for i, tk := range toks {
		out[i] = t.cache[tk.Text]
		missing = missing || out[i] == nil
	}
	t.mu.RUnlock()
	if !missing {
		return
	}
	// A new word is cached under a copy of its text: a token's text is part
	// of its document's body, which a key would keep alive as long as the
	// cache (a 20 MB body stayed after its article was stored).
	keys := make([]string, len(toks))
	for i, tk := range toks {
		if out[i] == nil {
			keys[i] = strings.Clone(tk.Text)
			out[i] = t.compute(t.m.lex.wordOf(keys[i]))
		}
	}
	t.mu.Lock()
	if len(t.cache)+len(toks) > t.maxCache {
		clear(t.cache)
	}
	for i, k := range keys {
		if k != "" {
			t.cache[k] = out[i]
		}
	}
	t.mu.Unlock()
}

// Tag labels the sentences of one document (tokens of each sentence, in
// order) and returns the spans of each sentence.
func (t *Tagger) Tag(doc [][]Token) [][]Span { return t.tag(doc, true) }

// Names is Tag without the spans' confidences (each 0), which cost a
// softmax over the labels of every token of a name.
func (t *Tagger) Names(doc [][]Token) [][]Span { return t.tag(doc, false) }

func (t *Tagger) tag(doc [][]Token, confidence bool) [][]Span {
	sc := t.scratch.Get().(*scratch)
	defer t.scratch.Put(sc)
	n := 0
	for _, toks := range doc {
		n += len(toks)
	}
	ents, words := grow(sc.ents, n), grow(sc.wordPtrs, n)
	sents := grow(sc.sents, len(doc))
	sc.ents, sc.wordPtrs, sc.sents = ents, words, sents
	for k, toks := range doc {
		e, w := ents[:len(toks)], words[:len(toks)]
		ents, words = ents[len(toks):], words[len(toks):]
		t.lookup(toks, e)
		for i := range e {
			w[i] = &e[i].w
		}
		sents[k] = sentence{words: w, caps: capsLine(w), ents: e}
	}
	ds := newDocStats(sents, &sc.words)
	hist := history{t: &sc.words}
	out := make([][]Span, len(doc))
	all := make([]Span, 0, n/8) // every sentence's spans, out[k] a piece of it
	for k := range sents {
		if len(sents[k].words) == 0 {
			continue
		}
		em := t.emissions(&sents[k], ds, hist, sc)
		start := len(all)
		var ls []label
		all, ls = decodeSpans(em, sents[k].words, t.tt, sc, all, confidence)
		if len(all) > start {
			out[k] = all[start:len(all):len(all)]
		}
		hist.note(sents[k].words, ls)
	}
	return out
}

// grow returns n elements in buf's storage when it has room (their values
// are left as they were).
func grow[T any](buf []T, n int) []T {
	if cap(buf) < n {
		return make([]T, n)
	}
	return buf[:n]
}

// emissions scores every label of every token of a sentence.
func (t *Tagger) emissions(s *sentence, ds *docStats, hist history, sc *scratch) [][nLabels]float32 {
	ents := s.ents
	n := len(s.words)
	em := sc.emissions(n)
	scale := t.m.scale
	gaz := t.m.lex.match(s.words, sc.gaz)
	if gaz != nil {
		sc.gaz = gaz
	}
	for i := range em {
		if !s.words[i].free {
			continue // outside every name: only O is possible
		}
		// Weights are int16 in units of the model's scale, and a token has
		// fewer than 2^8 features: every sum stays below 2^24 in magnitude,
		// so summing in int32 gives exactly the float32 sums of the same
		// weights, whatever the order.
		var win [5]*[nLabels]int32 // the window's own weights, offsets -2..2
		if i >= 2 && i+2 < n {
			// inside the sentence: no boundary in the window
			win = [5]*[nLabels]int32{&ents[i-2].vec[0], &ents[i-1].vec[1], &ents[i].vec[2], &ents[i+1].vec[3], &ents[i+2].vec[4]}
		} else {
			for off := -2; off <= 2; off++ {
				e := t.bounds[0]
				switch j := i + off; {
				case j >= n:
					e = t.bounds[1]
				case j >= 0:
					e = ents[j]
				}
				win[off+2] = &e.vec[off+2]
			}
		}
		var acc [nLabels]int32
		sum5(&acc, win[0], win[1], win[2], win[3], win[4])
		fs := contextFeatures(sc.feats[:0], s, i, ds, gaz)
		fs = hist.features(fs, s.words[i])
		for _, h := range fs {
			t.m.weightsOf(h, &acc)
		}
		sc.feats = fs
		scaleRow(&em[i], &acc, scale)
	}
	return em
}

// sum5 sets acc to the sum of five rows, their pointers held in registers
// and each checked once (indexing an array of pointers reloads and checks
// every pointer for every label).
func sum5(acc, a, b, c, d, e *[nLabels]int32) {
	// unrolled: a loop over the 17 labels spends as much on its counter
	// as on the sums (see unrolled17)
	acc[0] = a[0] + b[0] + c[0] + d[0] + e[0]
	acc[1] = a[1] + b[1] + c[1] + d[1] + e[1]
	acc[2] = a[2] + b[2] + c[2] + d[2] + e[2]
	acc[3] = a[3] + b[3] + c[3] + d[3] + e[3]
	acc[4] = a[4] + b[4] + c[4] + d[4] + e[4]
	acc[5] = a[5] + b[5] + c[5] + d[5] + e[5]
	acc[6] = a[6] + b[6] + c[6] + d[6] + e[6]
	acc[7] = a[7] + b[7] + c[7] + d[7] + e[7]
	acc[8] = a[8] + b[8] + c[8] + d[8] + e[8]
	acc[9] = a[9] + b[9] + c[9] + d[9] + e[9]
	acc[10] = a[10] + b[10] + c[10] + d[10] + e[10]
	acc[11] = a[11] + b[11] + c[11] + d[11] + e[11]
	acc[12] = a[12] + b[12] + c[12] + d[12] + e[12]
	acc[13] = a[13] + b[13] + c[13] + d[13] + e[13]
	acc[14] = a[14] + b[14] + c[14] + d[14] + e[14]
	acc[15] = a[15] + b[15] + c[15] + d[15] + e[15]
	acc[16] = a[16] + b[16] + c[16] + d[16] + e[16]
}

// scaleRow sets v to acc times scale, unrolled (see unrolled17).
func scaleRow(v *[nLabels]float32, acc *[nLabels]int32, scale float32) {
	v[0] = float32(acc[0]) * scale
	v[1] = float32(acc[1]) * scale
	v[2] = float32(acc[2]) * scale
	v[3] = float32(acc[3]) * scale
	v[4] = float32(acc[4]) * scale
	v[5] = float32(acc[5]) * scale
	v[6] = float32(acc[6]) * scale
	v[7] = float32(acc[7]) * scale
	v[8] = float32(acc[8]) * scale
	v[9] = float32(acc[9]) * scale
	v[10] = float32(acc[10]) * scale
	v[11] = float32(acc[11]) * scale
	v[12] = float32(acc[12]) * scale
	v[13] = float32(acc[13]) * scale
	v[14] = float32(acc[14]) * scale
	v[15] = float32(acc[15]) * scale
	v[16] = float32(acc[16]) * scale
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
// that are not free are outside names. It reads BILOU's structure once
// (bilou): a label that closes or stands outside a name (O, L-*, U-*) may be
// followed by O, B-* or U-*; B-x and I-x by I-x or L-x. Scores are the same
// float32 sums, compared in the same order, as a search over every allowed
// pair would make (ties keep the lowest previous label).
func viterbi(em [][nLabels]float32, ws []*word, tt *transTables, sc *scratch) []label {
	n := len(em)
	score, back, out := sc.lattice(n)
	inf := float32(math.Inf(-1))
	trans, tc, tmax, ti := tt.trans, &tt.tc, &tt.tmax, &tt.ti
	for l := range nLabels {
		score[0][l] = inf
		if bilou.start[l] && (ws[0].free || l == 0) {
			score[0][l] = em[0][l] + trans[nLabels*nLabels+l]
		}
	}
	for i := 1; i < n; i++ {
		prev, cur, bk := &score[i-1], &score[i], &back[i]
		if !ws[i-1].free {
			// Only O is possible before: every other previous score is
			// -Inf and can never be the best.
			if !ws[i].free && i < n-1 {
				// O after O inside the sentence: only this O's score and
				// back pointer are read again (the next token follows an O
				// too, and the last token's row is filled whole).
				cur[0], bk[0] = inf, 0
				if s := prev[0] + tc[0][0]; s > inf {
					cur[0] = s
				}
				continue
			}
			viterbiAfterO(prev[0], ws[i].free, &em[i], tc, cur, bk)
			continue
		}
		var pc [nClosed]float32
		top := gatherClosed(&pc, prev)
		if !ws[i].free {
			best, arg := bestFromClosed(&pc, &tc[0], tmax[0], top)
			*cur = infRow
			cur[0] = best
			bk[0] = arg
			continue
		}
		e := &em[i]
		for j, l := range bilou.open {
			best, arg := bestFromClosed(&pc, &tc[j], tmax[j], top)
			cur[l] = best + e[l]
			bk[l] = arg
		}
		for j, l := range bilou.cont {
			// the two predecessors in order, as a loop over them would
			from, t := &bilou.contFrom[j], &ti[j]
			best, arg := inf, uint8(0)
			if s := prev[from[0]] + t[0]; s > best {
				best, arg = s, from[0]
			}
			if s := prev[from[1]] + t[1]; s > best {
				best, arg = s, from[1]
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

// transTables are a model's transition weights as viterbi reads them,
// grouped by BILOU (see bilouOf), computed once per model.
type transTables struct {
	trans *[(nLabels + 1) * nLabels]float32
	tc    [nOpen][nClosed]float32 // from each closed label to each opening one
	tmax  [nOpen]float32          // the highest of each row of tc
	ti    [nCont][2]float32       // into each continuing label from its two predecessors
}

func newTransTables(trans *[(nLabels + 1) * nLabels]float32) *transTables {
	tt := &transTables{trans: trans}
	for j, l := range bilou.open {
		for k, p := range bilou.closed {
			tt.tc[j][k] = trans[int(p)*nLabels+int(l)]
		}
	}
	for j := range tt.tc {
		tt.tmax[j] = slices.Max(tt.tc[j][:])
	}
	for j, l := range bilou.cont {
		for k, p := range bilou.contFrom[j] {
			tt.ti[j][k] = trans[int(p)*nLabels+int(l)]
		}
	}
	return tt
}

// top is the highest previous score among the closed labels, its first
// index, and the highest score at any other index.
type top struct {
	k      int
	p1, p2 float32
}

// gatherClosed sets pc to the previous scores of the closed labels and
// returns the top two of them (ties: the first index).
func gatherClosed(pc *[nClosed]float32, prev *[nLabels]float32) top {
	pc[0] = prev[bilou.closed[0]]
	t := top{p1: pc[0], p2: infRow[0]}
	for k := 1; k < nClosed; k++ {
		v := prev[bilou.closed[k]]
		pc[k] = v
		switch {
		case v > t.p1:
			t.p2, t.p1, t.k = t.p1, v, k
		case v > t.p2:
			t.p2 = v
		}
	}
	return t
}

// bestFromClosed returns the best score of a label reached from the closed
// labels (scores pc, transitions row, whose highest is rowMax) and the label
// it comes from: the first highest of pc[k] + row[k], as a search over
// every k in order gives. When no other k can even reach the score through
// the top one (the second highest score plus the highest transition is
// lower), the top one is it without the search.
func bestFromClosed(pc, row *[nClosed]float32, rowMax float32, t top) (float32, uint8) {
	if s := t.p1 + row[t.k]; t.p2+rowMax < s {
		return s, bilou.closed[t.k]
	}
	best, arg := infRow[0], uint8(0)
	for k, p := range bilou.closed {
		if s := pc[k] + row[k]; s > best {
			best, arg = s, p
		}
	}
	return best, arg
}

// viterbiAfterO fills one lattice column after a token that can only be O
// (score o): the column viterbi's full search would give, since every other
// previous label scores -Inf.
func viterbiAfterO(o float32, free bool, e *[nLabels]float32, tc *[nOpen][nClosed]float32, cur *[nLabels]float32, bk *[nLabels]uint8) {
	*cur = infRow
	*bk = [nLabels]uint8{}
	inf := infRow[0]
	if !free {
		if s := o + tc[0][0]; s > inf {
			cur[0] = s
		}
		return
	}
	for j, l := range bilou.open {
		best := inf
		if s := o + tc[j][0]; s > inf {
			best = s
		}
		cur[l] = best + e[l]
	}
	for _, l := range bilou.cont {
		cur[l] = inf + e[l]
	}
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

// Label groups of BILOU (see bilouOf).
const (
	nClosed = 1 + 2*len(Types) // O, L-*, U-*
	nOpen   = 1 + 2*len(Types) // O, B-*, U-*
	nCont   = 2 * len(Types)   // I-*, L-*
)

// bilouGroups is the transition structure viterbi relies on, read from
// allowed: open labels (O first) are allowed after exactly the closed
// labels; each continuing label after exactly two (B-x and I-x).
type bilouGroups struct {
	closed   [nClosed]uint8 // ascending
	open     [nOpen]uint8   // ascending, O first
	cont     [nCont]uint8
	contFrom [nCont][2]uint8 // ascending
	start    [nLabels]bool   // allowed first in a sentence
}

var bilou = bilouOf()

// bilouOf derives the groups from allowed and panics if allowed ever stops
// having that shape (viterbi would then be wrong).
func bilouOf() (g bilouGroups) {
	var closed, open, cont []uint8
	for a := range nLabels {
		g.start[a] = allowed(nLabels, a)
		if allowed(a, 0) {
			closed = append(closed, uint8(a))
		}
	}
	for b := range nLabels {
		var from []uint8
		for a := range nLabels {
			if allowed(a, b) {
				from = append(from, uint8(a))
			}
		}
		switch {
		case slices.Equal(from, closed):
			open = append(open, uint8(b))
		case len(from) == 2 && len(cont) < nCont:
			g.contFrom[len(cont)] = [2]uint8{from[0], from[1]}
			cont = append(cont, uint8(b))
		default:
			panic("tagger: BILOU transitions have an unexpected shape")
		}
	}
	if len(closed) != nClosed || len(open) != nOpen || len(cont) != nCont || open[0] != 0 {
		panic("tagger: BILOU transitions have an unexpected shape")
	}
	copy(g.closed[:], closed)
	copy(g.open[:], open)
	copy(g.cont[:], cont)
	return g
}

// decodeSpans decodes a sentence, appends its spans to out and, when asked,
// gives each span a confidence: the lowest, over its tokens, of the chosen
// label's share of the local scores (a softmax of emission plus transition
// from the chosen previous label).
func decodeSpans(em [][nLabels]float32, ws []*word, tt *transTables, sc *scratch, out []Span, confidence bool) ([]Span, []label) {
	ls := viterbi(em, ws, tt, sc)
	start := len(out)
	out = appendSpans(out, ls)
	if !confidence {
		return out, ls
	}
	spans := out[start:]
	for k := range spans {
		conf := 1.0
		for i := spans[k].Start; i < spans[k].End; i++ {
			prev := nLabels
			if i > 0 {
				prev = int(ls[i-1])
			}
			conf = min(conf, localProb(em[i], tt.trans, prev, int(ls[i])))
		}
		spans[k].Confidence = conf
	}
	return out, ls
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
	ents      []*entry   // the document's words' entries, sentence after sentence
	wordPtrs  []*word    // their words
	sents     []sentence // the document's sentences
	words     wordTable  // the document's words (docStats and history)
	feats     []uint64   // one token's context features
	gaz       []uint32   // one sentence's gazetteer matches
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
