package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/tidings-news/tidings/pkg/stage"
)

// newFlags is a flag set for a subcommand whose flags also read TIDINGS_* variables.
func newFlags(name string, stderr io.Writer) *stage.Flags {
	fs := flag.NewFlagSet("tidings "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return stage.NewFlags(fs)
}

// parse parses args; ok is false when the command should exit with code.
func parse(f *stage.Flags, args []string, stderr io.Writer) (code int, ok bool) {
	if err := f.FlagSet().Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		return 2, false
	}
	if err := f.Err(); err != nil {
		fmt.Fprintln(stderr, "tidings:", err)
		return 2, false
	}
	return 0, true
}

// setUsage makes -h print header, then the flags (each with its TIDINGS_*
// variable where it has one).
func setUsage(f *stage.Flags, stderr io.Writer, header string) {
	fs := f.FlagSet()
	fs.Usage = func() {
		fmt.Fprint(stderr, header)
		n := 0
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n > 0 {
			fmt.Fprintln(stderr, "\nFlags:")
			fs.PrintDefaults()
		}
	}
}
