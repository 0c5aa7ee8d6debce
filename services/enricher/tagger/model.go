package tagger

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// Model is a trained tagger's weights: one row of label weights per
// feature hash, and label transition weights. It is immutable once loaded.
type Model struct {
	slots []slot // open-addressing table of feature hashes
	mask  uint64
	w     []int16 // len(rows in use) × nLabels, in units of scale
	scale float32
	trans [(nLabels + 1) * nLabels]float32
	// Gazetteer lists and word clusters the features read, stored with the model.
	lex *lexicon
}

// slot is a feature hash (0: empty) and its row in w, side by side so that
// one probe reads both.
type slot struct {
	key uint64
	row int32
}

const (
	magic         = "TDGTAG"
	formatVersion = 1
)

// weightsOf adds the weights of feature h to dst, if the model has it, in
// units of m.scale (the caller multiplies the sum once).
func (m *Model) weightsOf(h uint64, dst *[nLabels]int32) {
	for i := h & m.mask; ; i = (i + 1) & m.mask {
		sl := &m.slots[i]
		if sl.key == h {
			addRow(dst, (*[nLabels]int16)(m.w[int(sl.row)*nLabels:]))
			return
		}
		if sl.key == 0 {
			return
		}
	}
}

// addRow adds a row of weights to dst, unrolled (see unrolled17).
func addRow(dst *[nLabels]int32, row *[nLabels]int16) {
	dst[0] += int32(row[0])
	dst[1] += int32(row[1])
	dst[2] += int32(row[2])
	dst[3] += int32(row[3])
	dst[4] += int32(row[4])
	dst[5] += int32(row[5])
	dst[6] += int32(row[6])
	dst[7] += int32(row[7])
	dst[8] += int32(row[8])
	dst[9] += int32(row[9])
	dst[10] += int32(row[10])
	dst[11] += int32(row[11])
	dst[12] += int32(row[12])
	dst[13] += int32(row[13])
	dst[14] += int32(row[14])
	dst[15] += int32(row[15])
	dst[16] += int32(row[16])
}

// unrolled17: these break the build if the number of labels ever stops
// being 17, the rows addRow, sum5 and scaleRow write out label by label (a
// loop over the labels spends as much on its counter as on the sums).
var (
	_ [nLabels - 17]struct{}
	_ [17 - nLabels]struct{}
)

// Features is the number of features the model holds.
func (m *Model) Features() int { return len(m.w) / nLabels }

// newModel builds the lookup table over keys with their weight rows,
// quantised to int16 with one scale.
func newModel(keys []uint64, w []float32) *Model {
	var maxAbs float32
	for _, v := range w {
		maxAbs = max(maxAbs, float32(math.Abs(float64(v))))
	}
	scale := maxAbs / 32767
	if scale == 0 {
		scale = 1
	}
	q := make([]int16, len(w))
	for i, v := range w {
		q[i] = int16(math.Round(float64(v / scale)))
	}
	return newQuantised(keys, q, scale)
}

func newQuantised(keys []uint64, q []int16, scale float32) *Model {
	size := uint64(1)
	for size < uint64(len(keys))*2+2 {
		size <<= 1
	}
	m := &Model{slots: make([]slot, size), mask: size - 1, w: q, scale: scale}
	for r, h := range keys {
		i := h & m.mask
		for m.slots[i].key != 0 {
			i = (i + 1) & m.mask
		}
		m.slots[i] = slot{key: h, row: int32(r)}
	}
	return m
}

// Encode writes the model in its binary format: a header, the transition
// weights (float32), the feature hashes (uint64) and their label weights
// quantised to int16 with one scale, then the gazetteer and the clusters.
func (m *Model) Encode() []byte {
	n := m.Features()
	b := make([]byte, 0, 64+len(m.trans)*4+n*(8+2*nLabels))
	b = append(b, magic...)
	b = binary.LittleEndian.AppendUint32(b, formatVersion)
	b = binary.LittleEndian.AppendUint32(b, uint32(nLabels))
	b = binary.LittleEndian.AppendUint32(b, uint32(n))
	b = binary.LittleEndian.AppendUint32(b, math.Float32bits(m.scale))
	for _, v := range m.trans {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
	}
	keys := make([]uint64, n)
	for _, sl := range m.slots {
		if sl.key != 0 {
			keys[sl.row] = sl.key
		}
	}
	for _, k := range keys {
		b = binary.LittleEndian.AppendUint64(b, k)
	}
	for _, v := range m.w {
		b = binary.LittleEndian.AppendUint16(b, uint16(v))
	}
	return m.lex.encode(b)
}

// Decode reads a model written by Encode.
func Decode(b []byte) (*Model, error) {
	r := reader{b: b}
	if string(r.next(len(magic))) != magic {
		return nil, errors.New("tagger: not a model file")
	}
	if v := r.u32(); v != formatVersion {
		return nil, fmt.Errorf("tagger: model format %d, want %d", v, formatVersion)
	}
	if l := r.u32(); int(l) != nLabels {
		return nil, fmt.Errorf("tagger: model has %d labels, want %d", l, nLabels)
	}
	n := int(r.u32())
	scale := math.Float32frombits(r.u32())
	var trans [(nLabels + 1) * nLabels]float32
	for i := range trans {
		trans[i] = math.Float32frombits(r.u32())
	}
	if r.err != nil || n < 0 || len(r.b) < n*(8+2*nLabels) {
		return nil, errors.New("tagger: model file truncated")
	}
	keys := make([]uint64, n)
	for i := range keys {
		keys[i] = binary.LittleEndian.Uint64(r.next(8))
	}
	w := make([]int16, n*nLabels)
	q := r.next(2 * len(w))
	for i := range w {
		w[i] = int16(binary.LittleEndian.Uint16(q[2*i:]))
	}
	m := newQuantised(keys, w, scale)
	m.trans = trans
	var err error
	if m.lex, err = decodeLexicon(&r); err != nil {
		return nil, err
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("tagger: %d bytes after the model", len(r.b))
	}
	return m, nil
}

// reader reads the binary format, remembering the first error.
type reader struct {
	b   []byte
	err error
}

func (r *reader) next(n int) []byte {
	if r.err != nil || n > len(r.b) || n < 0 {
		r.err = errors.New("truncated")
		return make([]byte, max(n, 0))
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *reader) u32() uint32 { return binary.LittleEndian.Uint32(r.next(4)) }

// strings reads a block written by appendStrings.
func (r *reader) strings() []string {
	n := int(r.u32())
	if r.err != nil || n > len(r.b) {
		r.err = errors.New("truncated")
		return nil
	}
	out := make([]string, 0, n)
	for range n {
		l := int(r.u32())
		out = append(out, string(r.next(l)))
	}
	return out
}

func appendStrings(b []byte, ss []string) []byte {
	b = binary.LittleEndian.AppendUint32(b, uint32(len(ss)))
	for _, s := range ss {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(s)))
		b = append(b, s...)
	}
	return b
}
