// Command speedrun times `tidings extract` over a folder of articles as a
// whole process, on one core (GOMAXPROCS=1), beside `tidings version` (the
// start-up alone) in the same round: wall time, the process's CPU time (user
// plus system, which a machine busy with other work inflates far less than
// the wall time) and its peak resident memory.
//
//	go run ./cmd/tidings/internal/speedrun -bin bin/tidings -dir bin/speed
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

// run is one measured process.
type run struct {
	wall, cpu time.Duration
	rssMB     float64 // peak resident memory, 0 where the system does not say
}

func main() {
	bin := flag.String("bin", "bin/tidings", "the tidings binary")
	dir := flag.String("dir", "bin/speed", "folder of .txt articles")
	rounds := flag.Int("rounds", 3, "rounds")
	flag.Parse()
	files, err := filepath.Glob(filepath.Join(*dir, "*.txt"))
	if err == nil && len(files) == 0 {
		err = fmt.Errorf("no .txt articles in %s", *dir)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "speedrun:", err)
		os.Exit(1)
	}
	for range *rounds {
		v, err := measure(*bin, "version")
		if err != nil {
			fmt.Fprintln(os.Stderr, "speedrun:", err)
			os.Exit(1)
		}
		x, err := measure(*bin, append([]string{"extract"}, files...)...)
		if err != nil {
			fmt.Fprintln(os.Stderr, "speedrun:", err)
			os.Exit(1)
		}
		n := float64(len(files))
		fmt.Printf("tidings extract, %d articles, GOMAXPROCS=1: wall %.0f ms, %.0f articles/s; CPU %.0f ms, %.0f articles per CPU-second; peak RSS %.0f MB"+
			" (tidings version in the same round: wall %.1f ms, CPU %.1f ms, %.0f MB)\n",
			len(files), ms(x.wall), n/x.wall.Seconds(), ms(x.cpu), n/x.cpu.Seconds(), x.rssMB, ms(v.wall), ms(v.cpu), v.rssMB)
	}
}

// measure runs bin with args, its output discarded, and returns its wall
// and CPU time and peak resident memory.
func measure(bin string, args ...string) (run, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), "GOMAXPROCS=1")
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return run{}, fmt.Errorf("%s %s: %w", bin, args[0], err)
	}
	r := run{wall: time.Since(start), cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.rssMB = float64(ru.Maxrss) * 1024 / 1e6 // kilobytes on Linux
	}
	return r, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1e3 }
