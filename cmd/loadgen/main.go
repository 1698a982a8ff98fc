// Command loadgen drives a running coach server over HTTP and prints, per
// hot path, requests per second, p50 and p99 latency and errors, next to a
// bare Gin server measured in the same run. scripts/bench.sh (make bench)
// starts everything; see the README's Benchmarks section.
//
//	loadgen bare [-addr 127.0.0.1:0]       serve a bare Gin app (fixed JSON body)
//	loadgen floor -redis URL [-token]      serve the answer path's floor (floor.go)
//	loadgen run -app URL -bare URL [...]   measure
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: loadgen bare|floor|run [flags]")
		return 2
	}
	switch args[0] {
	case "bare":
		return cmdBare(ctx, args[1:], stdout, stderr)
	case "floor":
		return cmdFloor(ctx, args[1:], stdout, stderr)
	case "run":
		return cmdRun(ctx, args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "loadgen: unknown command %q\n", args[0])
	return 2
}
