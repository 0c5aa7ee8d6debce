package selfextract

import (
	"bufio"
	"fmt"
	"io"

	"github.com/cespare/xxhash/v2"
	"github.com/klauspost/compress/zstd"
)

// readTrailer reads and checks the trailer at the end of a packed file of
// size bytes.
func readTrailer(r io.ReaderAt, size int64) (trailer, error) {
	if size < int64(trailerSize) {
		return trailer{}, ErrNoPayload
	}
	b := make([]byte, trailerSize)
	if _, err := r.ReadAt(b, size-int64(trailerSize)); err != nil {
		return trailer{}, fmt.Errorf("read the trailer: %w", err)
	}
	return parseTrailer(b, size)
}

// decompress writes the payload that t describes, read compressed from r, to
// w, and checks its length and checksum. A single decoder goroutine with the
// low-memory option keeps the stub's footprint to about one zstd window.
func decompress(w io.Writer, r io.Reader, t trailer) error {
	dec, err := zstd.NewReader(bufio.NewReaderSize(r, 256<<10),
		zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true))
	if err != nil {
		return fmt.Errorf("zstd decoder: %w", err)
	}
	defer dec.Close()
	h := xxhash.New()
	lw := &limitWriter{w: io.MultiWriter(w, h), left: t.size}
	n, err := dec.WriteTo(lw)
	switch {
	case err != nil:
		return fmt.Errorf("decompress the payload: %w", err)
	case uint64(n) != t.size:
		return fmt.Errorf("the payload decompresses to %d bytes, the trailer says %d", n, t.size)
	case h.Sum64() != t.sum:
		return fmt.Errorf("payload checksum mismatch: XXH64 %016x, the trailer says %016x", h.Sum64(), t.sum)
	}
	return nil
}

// limitWriter refuses to write more than left bytes, so that a corrupt
// payload cannot fill memory beyond the size its trailer announces.
type limitWriter struct {
	w    io.Writer
	left uint64
}

func (l *limitWriter) Write(p []byte) (int, error) {
	if uint64(len(p)) > l.left {
		return 0, fmt.Errorf("the payload decompresses to more than the trailer's size")
	}
	n, err := l.w.Write(p)
	l.left -= uint64(n)
	return n, err
}
