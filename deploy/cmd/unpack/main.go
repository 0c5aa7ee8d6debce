// Command unpack is the stub of the self-extracting executables that
// cmd/pack writes: it decompresses the program packed after it into memory
// and execs it in place, with the same argv, environment and PID (package
// selfextract). If that fails it says why on stderr and exits with status
// 127.
//
// It is built on its own (make bin/unpack) and is never run unpacked.
package main

import (
	"os"
	"path/filepath"

	"github.com/tidings-news/tidings/deploy/selfextract"
)

func main() {
	err := selfextract.Exec(os.Args, os.Environ())
	name := "unpack"
	if len(os.Args) > 0 && os.Args[0] != "" {
		name = filepath.Base(os.Args[0])
	}
	os.Stderr.WriteString(name + ": " + err.Error() + "\n")
	os.Exit(selfextract.ExitFailure)
}
