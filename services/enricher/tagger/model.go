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
	keys  []uint64 // open-addressing table of feature hashes (0: empty slot)
	rows  []int32  // row of each slot in w
	mask  uint64
	w     []float32 // len(rows in use) × nLabels
	trans [(nLabels + 1) * nLabels]float32
	// Gazetteer lists and word clusters the features read, stored with the model.
	lex *lexicon
}

const (
	magic         = "TDGTAG"
	formatVersion = 1
)

// weightsOf adds the weights of feature h to dst, if the model has it.
func (m *Model) weightsOf(h uint64, dst *[nLabels]float32) {
	for i := h & m.mask; ; i = (i + 1) & m.mask {
		k := m.keys[i]
		if k == h {
			row := m.w[int(m.rows[i])*nLabels : int(m.rows[i]+1)*nLabels]
			for l := range dst {
				dst[l] += row[l]
			}
			return
		}
		if k == 0 {
			return
		}
	}
}

// Features is the number of features the model holds.
func (m *Model) Features() int { return len(m.w) / nLabels }

// newModel builds the lookup table over keys with their weight rows.
func newModel(keys []uint64, w []float32) *Model {
	size := uint64(1)
	for size < uint64(len(keys))*2+2 {
		size <<= 1
	}
	m := &Model{keys: make([]uint64, size), rows: make([]int32, size), mask: size - 1, w: w}
	for r, h := range keys {
		i := h & m.mask
		for m.keys[i] != 0 {
			i = (i + 1) & m.mask
		}
		m.keys[i], m.rows[i] = h, int32(r)
	}
	return m
}

// Encode writes the model in its binary format: a header, the transition
// weights (float32), the feature hashes (uint64) and their label weights
// quantised to int16 with one scale, then the gazetteer and the clusters.
func (m *Model) Encode() []byte {
	n := m.Features()
	var maxAbs float32
	for _, v := range m.w {
		maxAbs = max(maxAbs, float32(math.Abs(float64(v))))
	}
	scale := maxAbs / 32767
	if scale == 0 {
		scale = 1
	}
	b := make([]byte, 0, 64+len(m.trans)*4+n*(8+2*nLabels))
	b = append(b, magic...)
	b = binary.LittleEndian.AppendUint32(b, formatVersion)
	b = binary.LittleEndian.AppendUint32(b, uint32(nLabels))
	b = binary.LittleEndian.AppendUint32(b, uint32(n))
	b = binary.LittleEndian.AppendUint32(b, math.Float32bits(scale))
	for _, v := range m.trans {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
	}
	keys := make([]uint64, n)
	for i, k := range m.keys {
		if k != 0 {
			keys[m.rows[i]] = k
		}
	}
	for _, k := range keys {
		b = binary.LittleEndian.AppendUint64(b, k)
	}
	for _, v := range m.w {
		b = binary.LittleEndian.AppendUint16(b, uint16(int16(math.Round(float64(v/scale)))))
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
	w := make([]float32, n*nLabels)
	q := r.next(2 * len(w))
	for i := range w {
		w[i] = float32(int16(binary.LittleEndian.Uint16(q[2*i:]))) * scale
	}
	m := newModel(keys, w)
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
