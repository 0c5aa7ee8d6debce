package selfextract

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

// packBytes packs payload behind stub in memory.
func packBytes(t *testing.T, stub, payload []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Pack(&buf, bytes.NewReader(stub), bytes.NewReader(payload)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// unpackBytes reads the trailer of a packed file and decompresses its
// payload, as the stub does.
func unpackBytes(packed []byte) ([]byte, error) {
	t, err := readTrailer(bytes.NewReader(packed), int64(len(packed)))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	err = decompress(&out, bytes.NewReader(packed[t.offset:t.offset+t.compressed]), t)
	return out.Bytes(), err
}

// TestPackRoundTrip packs a compressible payload and reads it back through
// the trailer: the stub's bytes come first, unchanged, and the payload
// decompresses to what was packed.
func TestPackRoundTrip(t *testing.T) {
	stub := []byte("\x7fELF not really a stub")
	payload := bytes.Repeat([]byte("tidings payload "), 1<<16)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < len(payload); i += 97 {
		payload[i] = byte(rng.Uint32())
	}
	packed := packBytes(t, stub, payload)
	if !bytes.HasPrefix(packed, stub) {
		t.Fatal("the packed file does not start with the stub")
	}
	if len(packed) >= len(stub)+len(payload)/2 {
		t.Errorf("packed %d bytes of payload into %d", len(payload), len(packed)-len(stub))
	}
	tr, err := readTrailer(bytes.NewReader(packed), int64(len(packed)))
	if err != nil {
		t.Fatal(err)
	}
	if tr.offset != uint64(len(stub)) || tr.size != uint64(len(payload)) {
		t.Errorf("trailer %+v, want offset %d and size %d", tr, len(stub), len(payload))
	}
	got, err := unpackBytes(packed)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, payload) {
		t.Fatal("the payload does not decompress to what was packed")
	}
}

// broken is a damaged file and what the error about it must mention.
type broken struct {
	name string
	file []byte
	want string
}

// TestUnpackRejects covers the files the stub must refuse, each with a
// message that says what is wrong.
func TestUnpackRejects(t *testing.T) {
	stub := []byte("stub")
	payload := bytes.Repeat([]byte("0123456789abcdef"), 4096)
	packed := packBytes(t, stub, payload)
	tr, err := readTrailer(bytes.NewReader(packed), int64(len(packed)))
	if err != nil {
		t.Fatal(err)
	}
	end := len(packed) - trailerSize
	edit := func(f func(b []byte) []byte) []byte { return f(bytes.Clone(packed)) }
	cases := []broken{
		{"empty", nil, "no selfextract trailer"},
		{"stub only", stub, "no selfextract trailer"},
		{"end cut off", packed[:len(packed)-1], "no selfextract trailer"},
		{"payload cut short", edit(func(b []byte) []byte { return append(b[:end-10], b[end:]...) }), "truncated or appended to"},
		{"bytes appended", append(bytes.Clone(packed), "junk"...), "no selfextract trailer"},
		{"size changed", edit(func(b []byte) []byte { b[end+16]++; return b }), "the trailer says"},
		{"checksum changed", edit(func(b []byte) []byte { b[end+24]++; return b }), "checksum mismatch"},
		{"payload corrupt", edit(func(b []byte) []byte { b[int(tr.offset)+int(tr.compressed)/2] ^= 0x55; return b }), "payload"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := unpackBytes(c.file)
			if err == nil {
				t.Fatal("unpacked without an error")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q, want it to mention %q", err, c.want)
			}
			if c.want == "no selfextract trailer" && !errors.Is(err, ErrNoPayload) {
				t.Errorf("error %q is not ErrNoPayload", err)
			}
		})
	}
}

// TestPackRefusesEmpty: an empty stub or payload cannot make an executable.
func TestPackRefusesEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := Pack(&buf, strings.NewReader(""), strings.NewReader("x")); err == nil {
		t.Error("packed behind an empty stub")
	}
	buf.Reset()
	if err := Pack(&buf, strings.NewReader("stub"), strings.NewReader("")); err == nil {
		t.Error("packed an empty payload")
	}
}
