package llm

import (
	"sync"

	"github.com/interviewcoach/coach/coach"
)

// flights lets identical requests that are scored at the same moment in
// this instance share one model call: a form sent twice, or an answer
// scored from two tabs, would otherwise pay twice (the cache only helps
// once the first call is back). The first caller leads; the others wait
// for its evaluation. Only a model's evaluation is shared: when the
// leader falls back or fails, each follower scores on its own, since a
// fallback may be about the leader's own budget or context.
type flights struct {
	mu sync.Mutex
	m  map[string]*flight
}

// flight is one model call in progress.
type flight struct {
	done    chan struct{}
	ev      coach.Evaluation
	shared  bool // ev is the model's, for followers to take
	waiting int  // followers, for tests
}

// join returns the flight for key and whether the caller leads it (and so
// must land it).
func (g *flights) join(key string) (*flight, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if f, ok := g.m[key]; ok {
		f.waiting++
		return f, false
	}
	if g.m == nil {
		g.m = map[string]*flight{}
	}
	f := &flight{done: make(chan struct{})}
	g.m[key] = f
	return f, true
}

// land ends the leader's flight; ev is shared when it is the model's.
func (g *flights) land(key string, f *flight, ev coach.Evaluation, err error) {
	g.mu.Lock()
	delete(g.m, key)
	g.mu.Unlock()
	if err == nil && ev.Scorer == coach.ScorerLLM && ev.FallbackReason == "" {
		f.ev, f.shared = ev, true
	}
	close(f.done)
}

// waiters reports how many followers wait on key's flight.
func (g *flights) waiters(key string) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	if f, ok := g.m[key]; ok {
		return f.waiting
	}
	return 0
}
