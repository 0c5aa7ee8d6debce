package fetcher

import (
	"encoding/binary"
	"os"
	"syscall"
	"unicode/utf16"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// writeBytes returns a maker that writes b to the path.
func writeBytes(b []byte) func(string) error {
	return func(p string) error { return os.WriteFile(p, b, 0o644) }
}

// utf16LE encodes s as UTF-16 little endian with a byte order mark.
func utf16LE(s string) []byte {
	out := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		out = binary.LittleEndian.AppendUint16(out, u)
	}
	return out
}

// mkfifo creates a named pipe.
func mkfifo(path string) error { return syscall.Mkfifo(path, 0o644) }

// stringField is a zap string field, to filter observed logs.
func stringField(key, val string) zapcore.Field { return zap.String(key, val) }
