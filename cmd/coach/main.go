// Command coach is Interview Coach: the web app (serve), batch scoring
// (score) and the question banks (questions).
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
	os.Exit(run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr))
}

const usage = `Interview Coach: practise HR screenings and user interviews.

Usage:
  coach serve      [--addr A] [--redis-url U] [--data-dir D] [--scorer auto|llm|local]
  coach score      [--scorer auto|llm|local]   JSON Lines on stdin, one evaluation per line on stdout
  coach questions  [--role R] [--track hr|user] [--category C] [--seniority S] [--q TEXT] [--json]

Configuration is read from the environment (flags override): COACH_ADDR, REDIS_URL,
COACH_DATA_DIR, OPENAI_API_KEY, OPENAI_BASE_URL, COACH_LLM_MODEL, COACH_SCORER.
See README.md.
`

// run is the whole program with its outside world passed in, so tests can
// drive every subcommand in-process.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "serve":
		return cmdServe(ctx, args[1:], getenv, stdout, stderr)
	case "score":
		return cmdScore(ctx, args[1:], getenv, stdin, stdout, stderr)
	case "questions":
		return cmdQuestions(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "coach: unknown command %q\n\n%s", args[0], usage)
	return 2
}
