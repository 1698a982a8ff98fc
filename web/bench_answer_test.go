package web_test

import (
	"fmt"
	"net/http"
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/coach/rubric"
)

// BenchmarkAPIAnswerLocal measures POST /sessions/{id}/answers with the
// built-in rubric against a real Redis, from 32 goroutines, each its own
// user answering each practice set's questions once and then starting the
// next set (as make bench does; starting the sets is counted in the time
// too). ns/op is wall time per answer on all cores; B/op and
// allocs/op are the app's and the in-process client's.
func BenchmarkAPIAnswerLocal(b *testing.B) {
	a := mustApp(b, func(svc *coach.Service) {
		svc.ScoreLimit = coach.Limit{} // measure scoring, not the rate limit
		svc.Scorer = rubric.New()
	})
	// Signing up (argon2id) would dwarf the answers: tokens are made first.
	const parallelism = 16 // × GOMAXPROCS goroutines: 32 on 2 cores
	tokens := make([]string, parallelism*runtime.GOMAXPROCS(0))
	for i := range tokens {
		_, tokens[i] = a.signup(fmt.Sprintf("local-bench-%d@example.com", i))
	}
	var users atomic.Int64
	b.ReportAllocs()
	b.SetParallelism(parallelism)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		token := tokens[users.Add(1)-1]
		var sess coach.Session
		next := 0
		for pb.Next() {
			if next == len(sess.Questions) {
				sess, next = a.startSession(token, map[string]any{"role": "software-engineer", "track": "user"}), 0
			}
			path := fmt.Sprintf("/api/v1/sessions/%s/answers", sess.ID)
			body := map[string]any{"question_id": sess.Questions[next].ID, "answer": strongAnswer}
			next++
			if r := a.json("POST", path, token, body); r.status != http.StatusCreated {
				b.Fatalf("answer: %d %s", r.status, r.body)
			}
		}
	})
}
