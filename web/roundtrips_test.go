package web_test

import (
	"context"
	"net"
	"sync/atomic"
	"testing"

	"github.com/interviewcoach/coach/coach"
	"github.com/redis/go-redis/v9"
)

// roundTrips counts what a request costs in Redis: each command sent alone
// and each pipeline or MULTI/EXEC block is one round trip.
type roundTrips struct {
	trips, cmds atomic.Int64
}

func (r *roundTrips) DialHook(next redis.DialHook) redis.DialHook {
	return func(ctx context.Context, network, addr string) (net.Conn, error) { return next(ctx, network, addr) }
}

func (r *roundTrips) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		r.trips.Add(1)
		r.cmds.Add(1)
		return next(ctx, cmd)
	}
}

func (r *roundTrips) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		r.trips.Add(1)
		r.cmds.Add(int64(len(cmds)))
		return next(ctx, cmds)
	}
}

func (r *roundTrips) take() (int64, int64) { return r.trips.Swap(0), r.cmds.Swap(0) }

// TestRedisRoundTrips measures the Redis round trips of each hot path and
// keeps them from creeping up. The numbers are in the README (Benchmarks).
func TestRedisRoundTrips(t *testing.T) {
	var rt roundTrips
	a := mustApp(t, func(s *coach.Service) {
		s.Store.(interface{ Client() redis.UniversalClient }).Client().AddHook(&rt)
	})
	_, token := a.signup("trips@example.com")
	sess := a.startSession(token, map[string]any{"role": "software-engineer", "track": "user"})
	for _, q := range sess.Questions[:2] {
		a.json("POST", "/api/v1/sessions/"+sess.ID+"/answers", token, map[string]string{"question_id": q.ID, "answer": strongAnswer})
	}
	a.startSession(token, map[string]any{"role": "software-engineer", "track": "user"}) // warm: history exists
	rt.take()

	steps := []struct {
		name     string
		do       func() resp
		status   int
		maxTrips int64
	}{
		{"GET /api/v1/questions", func() resp { return a.json("GET", "/api/v1/questions?role=software-engineer&track=user", "", nil) }, 200, 0},
		{"GET /readyz", func() resp { return a.do("GET", "/readyz", "", "", nil) }, 200, 1},
		{"POST /api/v1/sessions", func() resp {
			return a.json("POST", "/api/v1/sessions", token, map[string]any{"role": "software-engineer", "track": "user"})
		}, 201, 3},
		{"POST /api/v1/sessions/{id}/answers", func() resp {
			return a.json("POST", "/api/v1/sessions/"+sess.ID+"/answers", token, map[string]string{"question_id": sess.Questions[2].ID, "answer": strongAnswer})
		}, 201, 3},
		{"GET /api/v1/readiness", func() resp { return a.json("GET", "/api/v1/readiness", token, nil) }, 200, 2},
	}
	for _, s := range steps {
		r := s.do()
		trips, cmds := rt.take()
		if r.status != s.status {
			t.Fatalf("%s: %d %s", s.name, r.status, r.body)
		}
		t.Logf("%-36s %d round trips, %d commands", s.name, trips, cmds)
		if trips > s.maxTrips {
			t.Errorf("%s: %d Redis round trips, want at most %d", s.name, trips, s.maxTrips)
		}
	}
}
