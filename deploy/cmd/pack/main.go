// Command pack makes a self-extracting executable: the stub (cmd/unpack)
// followed by the program compressed with zstd (package selfextract). At
// start the stub decompresses the program into memory and execs it in
// place.
//
//	pack -stub bin/unpack -o bin/image/tidings bin/tidings
//
// The output is written next to its final name and renamed into place, mode
// 0755. Sizes and the ratio are printed on stdout.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tidings-news/tidings/deploy/selfextract"
)

func main() {
	stub := flag.String("stub", "", "the stub executable (cmd/unpack)")
	out := flag.String("o", "", "the self-extracting executable to write")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: pack -stub STUB -o OUTPUT PROGRAM")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *stub == "" || *out == "" || flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := pack(*stub, *out, flag.Arg(0)); err != nil {
		fmt.Fprintln(os.Stderr, "pack:", err)
		os.Exit(1)
	}
}

// pack writes the stub and the program into out and prints the sizes.
func pack(stubPath, out, program string) error {
	stub, err := os.Open(stubPath)
	if err != nil {
		return err
	}
	defer stub.Close()
	payload, err := os.Open(program)
	if err != nil {
		return err
	}
	defer payload.Close()
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if err := selfextract.Pack(tmp, stub, payload); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o755); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return err
	}

	sizes := make([]int64, 3)
	for i, p := range []string{stubPath, program, out} {
		st, err := os.Stat(p)
		if err != nil {
			return err
		}
		sizes[i] = st.Size()
	}
	fmt.Printf("%s: %.1f MB = stub %s %.1f MB + %s %.1f MB compressed to %.1f MB (%.1f%% of the program)\n",
		out, mb(sizes[2]), stubPath, mb(sizes[0]), program, mb(sizes[1]), mb(sizes[2]-sizes[0]), 100*float64(sizes[2])/float64(sizes[1]))
	return nil
}

func mb(n int64) float64 { return float64(n) / 1e6 }
