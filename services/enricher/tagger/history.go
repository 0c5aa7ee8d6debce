package tagger

// history remembers, for each capitalised word of a document, how the
// tagger labelled its earlier occurrences (Ratinov and Roth's "extended
// prediction history"): a surname first seen in "John Smith" is a person
// again when it comes back alone. It keeps its counts in the rows of a
// wordTable (hist, noted), which it may share with the document's docStats.
type history struct {
	t *wordTable
}

// newHistory returns an empty history of its own.
func newHistory() history { return history{t: &wordTable{}} }

// note records the labels given to one sentence.
func (h history) note(ws []*word, ls []label) {
	for i := range ws {
		if ws[i].flags&(flInitCap|flAllCaps) == 0 {
			continue
		}
		row := h.t.add(ws[i])
		row.noted = true
		if ls[i] == 0 {
			row.hist[0]++
		} else {
			row.hist[1+ls[i].typ()]++
		}
	}
}

// features appends to out the majority earlier label of w, alone and with
// w's shape.
func (h history) features(out []uint64, w *word) []uint64 {
	if w.flags&(flInitCap|flAllCaps) == 0 {
		return out
	}
	row := h.t.find(w)
	if row == nil || !row.noted {
		return out
	}
	c := row.hist
	best := 0
	for k := range c {
		if c[k] > c[best] {
			best = k
		}
	}
	out = append(out, mix(fHist, uint64(best), 0), mix(fHist, uint64(best), w.hShort))
	if best != 0 && c[0] == 0 {
		out = append(out, mix(fHist, uint64(best)+8, 0)) // never seen outside a name
	}
	return out
}
