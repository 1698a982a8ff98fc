package web_test

import (
	"testing"

	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/coach/redisstore"
	"github.com/interviewcoach/coach/coach/redisstore/redistest"
)

// mustCountingApp is mustApp with its Redis round trips counted.
func mustCountingApp(t testing.TB) (*app, *redistest.RoundTrips) {
	t.Helper()
	var rt *redistest.RoundTrips
	a := mustApp(t, func(s *coach.Service) {
		rt = redistest.CountRoundTrips(s.Store.(*redisstore.Store).Client())
	})
	return a, rt
}

// TestRedisRoundTrips measures the Redis round trips of each hot path and
// keeps them from creeping up. The numbers are in the README (Benchmarks).
func TestRedisRoundTrips(t *testing.T) {
	a, rt := mustCountingApp(t)
	_, token := a.signup("trips@example.com")
	sess := a.startSession(token, map[string]any{"role": "software-engineer", "track": "user"})
	for _, q := range sess.Questions[:2] {
		a.json("POST", "/api/v1/sessions/"+sess.ID+"/answers", token, map[string]string{"question_id": q.ID, "answer": strongAnswer})
	}
	a.startSession(token, map[string]any{"role": "software-engineer", "track": "user"}) // warm: history exists
	rt.Reset()

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
		trips := rt.Trips()
		rt.Reset()
		if r.status != s.status {
			t.Fatalf("%s: %d %s", s.name, r.status, r.body)
		}
		cmds := 0
		for _, trip := range trips {
			cmds += len(trip)
		}
		t.Logf("%-36s %d round trips, %d commands: %v", s.name, len(trips), cmds, trips)
		if int64(len(trips)) > s.maxTrips {
			t.Errorf("%s: %d Redis round trips, want at most %d: %v", s.name, len(trips), s.maxTrips, trips)
		}
	}
}
