package tagger

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
)

// Example is one training document: its sentences' tokens and the gold
// spans of each sentence (token indices, types from Types).
type Example struct {
	Sentences [][]Token
	Spans     [][]Span
	// Aux marks an example of an auxiliary domain (silver labels of
	// another genre): every feature of its words is learned twice, once
	// shared with the other examples and once as a copy of its own, and the
	// copies are left out of the model (Daumé's feature augmentation, the
	// model keeping the shared part): what the auxiliary domain's labels
	// disagree on with the main one is learned by the copies, not by the
	// shared weights.
	Aux bool
}

// TrainOptions controls Train.
type TrainOptions struct {
	Epochs int    // passes over the data (default 10)
	Seed   uint64 // shuffles the documents each epoch (fixed: training is deterministic)
	// MinCount drops features seen fewer times in the training data.
	MinCount int
	// Prune drops a feature whose averaged weights are all below this
	// magnitude (default 0: keep every feature with a non-zero weight).
	Prune float32
	// Gazetteer lists (name → phrases) and word clusters (lower-case word →
	// bit path) that the features read; stored in the model.
	Gazetteer map[string][]string
	Clusters  map[string]string
	// Log receives one line per epoch (nil: silent). Dev, if set, is
	// called after each epoch with the averaged model so far.
	Log io.Writer
	Dev func(epoch int, m *Model)
}

// instance is one sentence ready for training: feature rows per token.
type instance struct {
	feats [][]int32
	gold  []label
	words []*word
	aux   bool // of an auxiliary example: its history features get copies too
}

// trainer is an averaged structured perceptron.
type trainer struct {
	index map[uint64]int32
	keys  []uint64
	aux   map[uint64]bool // the auxiliary copies of features, left out of the model
	w, u  []float32       // weights and their time-weighted sums (for averaging)
	trans [(nLabels + 1) * nLabels]float32
	tu    [(nLabels + 1) * nLabels]float32
	c     float32 // update counter
}

// Train learns a Model from examples with an averaged perceptron over BILOU
// labels, with Viterbi decoding constrained to valid label sequences.
func Train(examples []Example, o TrainOptions) (*Model, error) {
	if o.Epochs <= 0 {
		o.Epochs = 10
	}
	lex, err := buildLexicon(o.Gazetteer, o.Clusters, insideWords(examples))
	if err != nil {
		return nil, err
	}
	shell := &Model{lex: lex}
	tr := &trainer{index: map[uint64]int32{}, aux: map[uint64]bool{}}
	docs := tr.prepare(examples, shell, o.MinCount)
	rng := rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15))
	order := make([]int, len(docs))
	for i := range order {
		order[i] = i
	}
	for ep := 1; ep <= o.Epochs; ep++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		errs, toks := 0, 0
		for _, d := range order {
			hist := newHistory()
			for k := range docs[d] {
				errs += tr.learn(&docs[d][k], hist)
				toks += len(docs[d][k].gold)
			}
		}
		if o.Log != nil {
			fmt.Fprintf(o.Log, "epoch %d: %d features, token errors %d of %d (%.2f%%)\n", ep, len(tr.keys), errs, toks, 100*float64(errs)/float64(toks))
		}
		if o.Dev != nil && ep < o.Epochs {
			o.Dev(ep, tr.model(shell, o.Prune))
		}
	}
	return tr.model(shell, o.Prune), nil
}

// prepare turns every training sentence into feature rows, indexing the
// features seen at least minCount times; it returns the sentences of each
// document in order.
func (tr *trainer) prepare(examples []Example, shell *Model, minCount int) [][]instance {
	count := map[uint64]int32{}
	var hashes [][][]uint64
	var golds [][]label
	var words [][]*word
	var docOf []int
	var aux []bool
	var table wordTable
	for d, ex := range examples {
		sents, _ := buildSentences(ex.Sentences, shell)
		ds := newDocStats(sents, &table)
		for k := range sents {
			s := &sents[k]
			if len(s.words) == 0 {
				continue
			}
			gaz := shell.lex.match(s.words, nil)
			rows := make([][]uint64, len(s.words))
			for i := range s.words {
				if !s.words[i].free {
					continue
				}
				emit := func(h uint64) { rows[i] = append(rows[i], h); count[h]++ }
				for off := -2; off <= 2; off++ {
					ownFeatures(s.at(i+off), off, emit)
				}
				n := len(rows[i])
				rows[i] = contextFeatures(rows[i], s, i, ds, gaz)
				for _, h := range rows[i][n:] {
					count[h]++
				}
				if ex.Aux {
					for _, h := range rows[i] {
						a := auxCopy(h)
						tr.aux[a] = true
						count[a]++
						rows[i] = append(rows[i], a)
					}
				}
			}
			hashes = append(hashes, rows)
			words = append(words, s.words)
			docOf = append(docOf, d)
			aux = append(aux, ex.Aux)
			var spans []Span
			if k < len(ex.Spans) {
				spans = ex.Spans[k]
			}
			golds = append(golds, labelsOf(len(s.words), spans))
		}
	}
	docs := make([][]instance, len(examples))
	for k, rows := range hashes {
		in := instance{feats: make([][]int32, len(rows)), gold: golds[k], words: words[k], aux: aux[k]}
		for i, row := range rows {
			for _, h := range row {
				if int(count[h]) >= minCount {
					in.feats[i] = append(in.feats[i], tr.id(h))
				}
			}
		}
		docs[docOf[k]] = append(docs[docOf[k]], in)
	}
	return docs
}

// auxCopy is the auxiliary domain's copy of feature h.
func auxCopy(h uint64) uint64 { return hashByte(h, 0xa5) | 1 }

// id returns the index of feature h, adding it if new.
func (tr *trainer) id(h uint64) int32 {
	id, ok := tr.index[h]
	if !ok {
		id = int32(len(tr.keys))
		tr.index[h] = id
		tr.keys = append(tr.keys, h)
		tr.w = append(tr.w, make([]float32, nLabels)...)
		tr.u = append(tr.u, make([]float32, nLabels)...)
	}
	return id
}

// buildSentences makes the sentences of one document from tokens.
func buildSentences(doc [][]Token, m *Model) ([]sentence, error) {
	sents := make([]sentence, len(doc))
	for k, toks := range doc {
		ws := make([]word, len(toks))
		sents[k].words = make([]*word, len(toks))
		for i, t := range toks {
			ws[i] = m.lex.wordOf(t.Text)
			sents[k].words[i] = &ws[i]
		}
		sents[k].caps = capsLine(sents[k].words)
	}
	return sents, nil
}

// insideWords lists the lower-case forms of words inside gold names that do
// not open with a capital letter.
func insideWords(examples []Example) []string {
	seen := map[string]bool{}
	for _, ex := range examples {
		for k, spans := range ex.Spans {
			for _, s := range spans {
				for _, t := range ex.Sentences[k][s.Start:s.End] {
					if w := newWord(t.Text); w.flags&(flInitCap|flAllCaps) == 0 {
						seen[w.lower] = true
					}
				}
			}
		}
	}
	out := make([]string, 0, len(seen))
	for w := range seen {
		out = append(out, w)
	}
	slices.Sort(out)
	return out
}

// learn decodes one sentence and, where it errs, moves the weights towards
// the gold labels; the history of the document so far adds its features and
// then records the prediction. It returns the number of wrong tokens.
func (tr *trainer) learn(in *instance, hist history) int {
	em := make([][nLabels]float32, len(in.gold))
	feats := make([][]int32, len(in.feats))
	for i, row := range in.feats {
		feats[i] = row
		if in.words[i].free {
			for _, h := range hist.features(nil, in.words[i]) {
				feats[i] = append(feats[i][:len(feats[i]):len(feats[i])], tr.id(h))
				if in.aux {
					a := auxCopy(h)
					tr.aux[a] = true
					feats[i] = append(feats[i], tr.id(a))
				}
			}
		}
		for _, f := range feats[i] {
			w := tr.w[int(f)*nLabels : int(f+1)*nLabels]
			for l := range em[i] {
				em[i][l] += w[l]
			}
		}
	}
	pred := viterbi(em, in.words, newTransTables(&tr.trans), &scratch{})
	hist.note(in.words, pred)
	tr.c++
	errs := 0
	for i := range pred {
		g, p := in.gold[i], pred[i]
		if g != p {
			errs++
			for _, f := range feats[i] {
				tr.bump(int(f)*nLabels+int(g), 1)
				tr.bump(int(f)*nLabels+int(p), -1)
			}
		}
		gp, pp := nLabels, nLabels
		if i > 0 {
			gp, pp = int(in.gold[i-1]), int(pred[i-1])
		}
		if g != p || gp != pp {
			tr.bumpTrans(gp*nLabels+int(g), 1)
			tr.bumpTrans(pp*nLabels+int(p), -1)
		}
	}
	return errs
}

func (tr *trainer) bump(i int, d float32) {
	tr.w[i] += d
	tr.u[i] += tr.c * d
}

func (tr *trainer) bumpTrans(i int, d float32) {
	tr.trans[i] += d
	tr.tu[i] += tr.c * d
}

// model averages the weights (w - u/c) and keeps the features with a weight
// at or above prune.
func (tr *trainer) model(shell *Model, prune float32) *Model {
	c := tr.c + 1
	var keys []uint64
	var w []float32
	for f, h := range tr.keys {
		if tr.aux[h] {
			continue
		}
		row := make([]float32, nLabels)
		keep := false
		for l := range row {
			i := f*nLabels + l
			row[l] = tr.w[i] - tr.u[i]/c
			if row[l] != 0 && float32(math.Abs(float64(row[l]))) >= prune {
				keep = true
			}
		}
		if keep {
			keys = append(keys, h)
			w = append(w, row...)
		}
	}
	m := newModel(keys, w)
	for i := range m.trans {
		m.trans[i] = tr.trans[i] - tr.tu[i]/c
	}
	m.lex = shell.lex
	return m
}
