// Command genarticles writes generated seed-sized articles (about 600 words
// each, package fixtures) into a folder, for timing tidings extract:
//
//	go run ./cmd/tidings/internal/genarticles -n 400 -dir bin/speed
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/tidings-news/tidings/cmd/tidings/internal/fixtures"
)

func main() {
	n := flag.Int("n", 400, "articles to write")
	dir := flag.String("dir", "", "folder to write them into (created)")
	seed := flag.Uint64("seed", 1, "seed (the same seed writes the same articles)")
	flag.Parse()
	if *dir == "" {
		fmt.Fprintln(os.Stderr, "genarticles: name a folder with -dir")
		os.Exit(2)
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "genarticles:", err)
		os.Exit(1)
	}
	if _, err := fixtures.Write(*dir, fixtures.Generate(*n, *seed)); err != nil {
		fmt.Fprintln(os.Stderr, "genarticles:", err)
		os.Exit(1)
	}
}
