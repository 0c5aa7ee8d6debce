// Command helper is the payload of the selfextract tests. By default it
// prints its argv, environment, stdin, PID and executable as JSON on stdout,
// a line on stderr, and exits with $HELPER_EXIT. With HELPER_MODE=signal it
// prints "ready PID" and waits for SIGTERM, then prints "got terminated" and
// exits with 43.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"github.com/tidings-news/tidings/deploy/selfextract/internal/helperreport"
)

func main() {
	if os.Getenv("HELPER_MODE") == "signal" {
		c := make(chan os.Signal, 1)
		signal.Notify(c, syscall.SIGTERM)
		fmt.Printf("ready %d\n", os.Getpid())
		<-c
		fmt.Println("got terminated")
		os.Exit(43)
	}
	in, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		os.Exit(99)
	}
	exe, _ := os.Readlink("/proc/self/exe")
	r := helperreport.Report{Args: os.Args, Env: os.Environ(), Stdin: string(in), PID: os.Getpid(), Exe: exe}
	if err := json.NewEncoder(os.Stdout).Encode(r); err != nil {
		os.Exit(98)
	}
	fmt.Fprintln(os.Stderr, "helper on stderr")
	code, _ := strconv.Atoi(os.Getenv("HELPER_EXIT"))
	os.Exit(code)
}
