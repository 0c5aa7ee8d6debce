package selfextract

import (
	"fmt"
	"io"

	"github.com/cespare/xxhash/v2"
	"github.com/klauspost/compress/zstd"
)

// Pack writes a self-extracting executable to w: the bytes of the stub
// executable (a program that calls Exec, such as cmd/unpack), then payload
// compressed with zstd at klauspost/compress's best level, then the trailer
// the stub reads to find, check and start the payload.
func Pack(w io.Writer, stub io.Reader, payload io.Reader) error {
	cw := &countingWriter{w: w}
	if _, err := io.Copy(cw, stub); err != nil {
		return fmt.Errorf("selfextract: copy the stub: %w", err)
	}
	t := trailer{offset: uint64(cw.n)}
	if t.offset == 0 {
		return fmt.Errorf("selfextract: the stub is empty")
	}

	enc, err := zstd.NewWriter(cw, zstd.WithEncoderLevel(zstd.SpeedBestCompression))
	if err != nil {
		return fmt.Errorf("selfextract: zstd encoder: %w", err)
	}
	h := xxhash.New()
	n, err := io.Copy(enc, io.TeeReader(payload, h))
	if err != nil {
		enc.Close()
		return fmt.Errorf("selfextract: compress the payload: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("selfextract: compress the payload: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("selfextract: the payload is empty")
	}
	t.size = uint64(n)
	t.compressed = uint64(cw.n) - t.offset
	t.sum = h.Sum64()

	if _, err := cw.Write(t.marshal()); err != nil {
		return fmt.Errorf("selfextract: write the trailer: %w", err)
	}
	return nil
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
