package tagger

// wordTable holds what one document says about each lower-case form of its
// words (case counts for docStats, earlier labels for history): an
// open-addressing table over the hash every word carries (hLower), so that a
// lookup hashes no string; keys are compared whole, so it answers exactly as
// a map keyed by the lower-case form would.
type wordTable struct {
	slots []int32 // 1 + index into rows; 0: empty
	rows  []wordRow
	mask  uint64
}

// wordRow is one lower-case form's counts.
type wordRow struct {
	lower            string
	h                uint64
	lowerMid, capMid int32                 // see docStats
	hist             [len(Types) + 1]int16 // see history: O, then each type
	noted            bool                  // hist was written
}

// reset empties the table, keeping room for about n forms.
func (t *wordTable) reset(n int) {
	size := 16
	for size < 2*n {
		size <<= 1
	}
	if cap(t.slots) >= size {
		t.slots = t.slots[:size]
		clear(t.slots)
	} else {
		t.slots = make([]int32, size)
	}
	t.mask = uint64(size - 1)
	t.rows = t.rows[:0]
}

// find returns w's row, or nil.
func (t *wordTable) find(w *word) *wordRow {
	if len(t.slots) == 0 {
		return nil
	}
	for i := w.hLower & t.mask; ; i = (i + 1) & t.mask {
		r := t.slots[i]
		if r == 0 {
			return nil
		}
		if row := &t.rows[r-1]; row.h == w.hLower && row.lower == w.lower {
			return row
		}
	}
}

// add returns w's row, made empty when new. The pointer is good until the
// next add.
func (t *wordTable) add(w *word) *wordRow {
	if len(t.slots) == 0 || 2*(len(t.rows)+1) > len(t.slots) {
		t.grow()
	}
	i := w.hLower & t.mask
	for ; t.slots[i] != 0; i = (i + 1) & t.mask {
		if row := &t.rows[t.slots[i]-1]; row.h == w.hLower && row.lower == w.lower {
			return row
		}
	}
	t.rows = append(t.rows, wordRow{lower: w.lower, h: w.hLower})
	t.slots[i] = int32(len(t.rows))
	return &t.rows[len(t.rows)-1]
}

// grow doubles the slots and places every row again.
func (t *wordTable) grow() {
	size := max(16, 2*len(t.slots))
	t.slots = make([]int32, size)
	t.mask = uint64(size - 1)
	for k := range t.rows {
		i := t.rows[k].h & t.mask
		for t.slots[i] != 0 {
			i = (i + 1) & t.mask
		}
		t.slots[i] = int32(k + 1)
	}
}
