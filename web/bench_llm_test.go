package web_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/coach/llm"
	"github.com/interviewcoach/coach/coach/llm/llmtest"
	"github.com/interviewcoach/coach/coach/redisstore"
	"github.com/interviewcoach/coach/coach/rubric"
)

// BenchmarkAPIAnswerLLMCacheHit measures POST /sessions/{id}/answers when
// the evaluation of an identical answer is in the Redis cache: the whole
// request through HTTP, Redis and the LLM scorer without a model call.
// The target is under 5 ms; the fake server counts the calls. The
// answers pile up in one session, so this also shows that answering does
// not slow down as a session grows.
func BenchmarkAPIAnswerLLMCacheHit(b *testing.B) {
	fake := llmtest.New(b, "test-model")
	a := mustApp(b, func(svc *coach.Service) {
		rdb := svc.Store.(*redisstore.Store).Client()
		svc.ScoreLimit = coach.Limit{} // measure scoring, not the rate limit
		svc.Scorer = llm.New(llm.Config{APIKey: llmtest.Key, BaseURL: fake.URL(), Model: fake.Model(), Timeout: 10 * time.Second},
			rubric.New(), llm.WithCache(redisstore.NewEvalCache(rdb, 0)))
	})
	_, token := a.signup("cache-bench@example.com")
	sess := a.startSession(token, map[string]any{"role": "data-analyst", "track": "user", "count": 1})
	body := map[string]any{"question_id": sess.Questions[0].ID, "answer": strongAnswer}
	path := fmt.Sprintf("/api/v1/sessions/%s/answers", sess.ID)
	if r := a.json("POST", path, token, body); r.status != http.StatusCreated {
		b.Fatalf("first answer: %d %s", r.status, r.body)
	}
	b.ResetTimer()
	for b.Loop() {
		if r := a.json("POST", path, token, body); r.status != http.StatusCreated {
			b.Fatalf("answer: %d %s", r.status, r.body)
		}
	}
	b.StopTimer()
	if fake.Requests() != 1 {
		b.Fatalf("%d model calls, want 1: cache hits must not call the model", fake.Requests())
	}
}
