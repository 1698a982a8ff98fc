package redistest

import (
	"context"
	"strings"
	"sync"

	"github.com/redis/go-redis/v9"
)

// RoundTrips counts the network round trips a client makes: one per
// command sent alone, one per pipeline or transaction, whatever it holds.
// Tests use it to hold a code path to its Redis budget.
type RoundTrips struct {
	mu     sync.Mutex
	trips  [][]string
	onTrip func(names []string)
}

// OnTrip makes fn run at each round trip, before it is sent, for tests
// that put round trips on a timeline with other events. nil stops it.
func (rt *RoundTrips) OnTrip(fn func(names []string)) {
	rt.mu.Lock()
	rt.onTrip = fn
	rt.mu.Unlock()
}

// CountRoundTrips installs a RoundTrips hook on rdb. Hooks cannot be
// removed; Reset starts a new count.
func CountRoundTrips(rdb redis.UniversalClient) *RoundTrips {
	rt := &RoundTrips{}
	rdb.AddHook(rt)
	return rt
}

// Reset forgets what was counted so far.
func (rt *RoundTrips) Reset() {
	rt.mu.Lock()
	rt.trips = nil
	rt.mu.Unlock()
}

// Trips returns each round trip since the last Reset as the lower-case
// names of its commands, in order.
func (rt *RoundTrips) Trips() [][]string {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	return append([][]string(nil), rt.trips...)
}

// String lists the round trips, for failure messages.
func (rt *RoundTrips) String() string {
	var parts []string
	for _, t := range rt.Trips() {
		parts = append(parts, strings.Join(t, "+"))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func (rt *RoundTrips) record(names []string) {
	rt.mu.Lock()
	rt.trips = append(rt.trips, names)
	fn := rt.onTrip
	rt.mu.Unlock()
	if fn != nil {
		fn(names)
	}
}

// DialHook implements redis.Hook.
func (rt *RoundTrips) DialHook(next redis.DialHook) redis.DialHook { return next }

// ProcessHook implements redis.Hook.
func (rt *RoundTrips) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		rt.record([]string{cmd.Name()})
		return next(ctx, cmd)
	}
}

// ProcessPipelineHook implements redis.Hook.
func (rt *RoundTrips) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		names := make([]string, len(cmds))
		for i, c := range cmds {
			names[i] = c.Name()
		}
		rt.record(names)
		return next(ctx, cmds)
	}
}

var _ redis.Hook = (*RoundTrips)(nil)
