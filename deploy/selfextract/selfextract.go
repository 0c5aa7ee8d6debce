// Package selfextract makes self-extracting executables: a small stub
// program followed by a zstd-compressed payload program and a fixed-size
// trailer. At start the stub finds the trailer in its own file, decompresses
// the payload into an anonymous in-memory file (memfd_create) and execs it in
// place, so the payload runs with the stub's PID, argv, environment, open
// files and signals, and its exit status is the process's.
//
// Pack writes such a file; Exec is the stub's side (cmd/unpack is the stub).
// ELF loaders ignore bytes appended to an executable, so the packed file is
// the stub executable as far as the kernel is concerned.
//
// The stub needs Linux with /proc mounted and executable memfds allowed
// (vm.memfd_noexec 0, the default, or 1; seccomp profiles that allow
// memfd_create, as Docker's and Kubernetes' RuntimeDefault do). The payload
// stays in memory (shared memory, shmem) while it runs.
package selfextract

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// ExitFailure is the exit status of a stub that cannot start its payload
// (no trailer, a corrupt payload, memfd or exec refused), as a shell's
// "command not executable".
const ExitFailure = 127

// ErrNoPayload reports a file that does not end with a selfextract trailer:
// an executable that was not packed, or a packed one that lost its end.
var ErrNoPayload = errors.New("no selfextract trailer (not a packed executable, or truncated)")

// magic ends every packed file; the version is part of it.
const magic = "\x7fSELFEXTRACT-v1\x00"

// trailerSize is the size of the trailer that ends a packed file:
// payload offset, compressed length, uncompressed length and the XXH64 of
// the uncompressed payload (little-endian uint64 each), then magic.
const trailerSize = 4*8 + len(magic)

// trailer locates and describes the payload of a packed file.
type trailer struct {
	offset     uint64 // where the compressed payload starts (the stub's size)
	compressed uint64 // length of the compressed payload
	size       uint64 // length of the uncompressed payload
	sum        uint64 // XXH64 of the uncompressed payload
}

// marshal encodes t as the last trailerSize bytes of a packed file.
func (t trailer) marshal() []byte {
	b := make([]byte, 0, trailerSize)
	b = binary.LittleEndian.AppendUint64(b, t.offset)
	b = binary.LittleEndian.AppendUint64(b, t.compressed)
	b = binary.LittleEndian.AppendUint64(b, t.size)
	b = binary.LittleEndian.AppendUint64(b, t.sum)
	return append(b, magic...)
}

// parseTrailer decodes the trailer of a packed file of fileSize bytes from
// its last trailerSize bytes b and checks that it accounts for the file.
func parseTrailer(b []byte, fileSize int64) (trailer, error) {
	if len(b) != trailerSize || string(b[trailerSize-len(magic):]) != magic {
		return trailer{}, ErrNoPayload
	}
	t := trailer{
		offset:     binary.LittleEndian.Uint64(b[0:]),
		compressed: binary.LittleEndian.Uint64(b[8:]),
		size:       binary.LittleEndian.Uint64(b[16:]),
		sum:        binary.LittleEndian.Uint64(b[24:]),
	}
	// Each term is checked before the sum so that it cannot overflow.
	if t.offset > uint64(fileSize) || t.compressed > uint64(fileSize) ||
		t.offset+t.compressed+uint64(trailerSize) != uint64(fileSize) {
		return trailer{}, fmt.Errorf("trailer says stub %d + payload %d + trailer %d bytes, but the file has %d (truncated or appended to)",
			t.offset, t.compressed, trailerSize, fileSize)
	}
	return t, nil
}
