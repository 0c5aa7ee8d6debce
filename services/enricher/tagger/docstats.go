package tagger

// docStats is what one document says about each word's case, for the
// document-level features (Ratinov and Roth's non-local evidence): a word
// capitalised at the start of a sentence or in a headline is more likely a
// name if the document capitalises it elsewhere, less likely if the document
// also writes it in lower case. Per lower-case form (wordRow): lowerMid
// counts its lower-case occurrences, not sentence-initial; capMid its
// capitalised occurrences inside sentences in mixed case.
type docStats struct {
	t *wordTable
}

// newDocStats counts the case of the words of sents into t (emptied first).
func newDocStats(sents []sentence, t *wordTable) *docStats {
	n := 0
	for _, s := range sents {
		n += len(s.words)
	}
	t.reset(n / 2)
	for _, s := range sents {
		for i := range s.words {
			w := s.words[i]
			if i == 0 || w.flags&flHasDigit != 0 {
				continue
			}
			switch {
			case w.flags&(flInitCap|flAllCaps) == 0 && w.flags&flHasLower != 0:
				t.add(w).lowerMid++
			case !s.caps && w.flags&flInitCap != 0:
				t.add(w).capMid++
			}
		}
	}
	return &docStats{t: t}
}

// Evidence bits.
const (
	evLowerElsewhere = 1 << iota // written in lower case elsewhere
	evCapElsewhere               // capitalised inside a sentence elsewhere (the token says little itself)
	evNeverCapInside             // never capitalised inside a sentence (the token says little itself)
	evCapAgain                   // capitalised inside sentences more than once
)

// evidence says what the document says about w; initial is set when the
// token's own case says little (sentence start or a headline).
func (d *docStats) evidence(w *word, initial bool) uint64 {
	var out uint64
	var lowerMid, c int32
	if row := d.t.find(w); row != nil {
		lowerMid, c = row.lowerMid, row.capMid
	}
	if lowerMid > 0 {
		out |= evLowerElsewhere
	}
	switch {
	case initial && c > 0:
		out |= evCapElsewhere
	case initial:
		out |= evNeverCapInside
	case c > 1:
		out |= evCapAgain
	}
	return out
}
