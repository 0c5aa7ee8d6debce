package tagger

// history remembers, for each capitalised word of a document, how the
// tagger labelled its earlier occurrences (Ratinov and Roth's "extended
// prediction history"): a surname first seen in "John Smith" is a person
// again when it comes back alone.
type history map[string][len(Types) + 1]int16

// note records the labels given to one sentence.
func (h history) note(ws []*word, ls []label) {
	for i := range ws {
		if ws[i].flags&(flInitCap|flAllCaps) == 0 {
			continue
		}
		c := h[ws[i].lower]
		if ls[i] == 0 {
			c[0]++
		} else {
			c[1+ls[i].typ()]++
		}
		h[ws[i].lower] = c
	}
}

// features emits the majority earlier label of w, alone and with w's shape.
func (h history) features(w *word, emit func(uint64)) {
	if w.flags&(flInitCap|flAllCaps) == 0 {
		return
	}
	c, ok := h[w.lower]
	if !ok {
		return
	}
	best := 0
	for k := range c {
		if c[k] > c[best] {
			best = k
		}
	}
	emit(mix(fHist, uint64(best), 0))
	emit(mix(fHist, uint64(best), w.hShort))
	if best != 0 && c[0] == 0 {
		emit(mix(fHist, uint64(best)+8, 0)) // never seen outside a name
	}
}
