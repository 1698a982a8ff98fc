package llm_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/coach/llm"
	"github.com/interviewcoach/coach/coach/rubric"
	"github.com/interviewcoach/coach/prompts"
)

// BenchmarkScoreOverhead measures what the scorer adds around a model call:
// injection check, insights, prompt render, request encoding, the HTTP
// round trip on loopback, reply decoding, schema validation and
// evaluation assembly. The fake server answers at once with a canned
// reply, so the figure is our overhead, not the model's latency. Besides
// ns/op it reports the median and p99 of single calls.
func BenchmarkScoreOverhead(b *testing.B) {
	answer, err := os.ReadFile("testdata/answer300.txt")
	if err != nil {
		b.Fatal(err)
	}
	content, _ := json.Marshal(evaluation(seen{Criteria: prompts.Criteria(prompts.UserInterview)}, 78, 74))
	body, _ := json.Marshal(map[string]any{
		"id": "chatcmpl-bench", "object": "chat.completion", "created": 1767225600, "model": testModel,
		"choices": []any{map[string]any{"index": 0, "finish_reason": "stop",
			"message": map[string]any{"role": "assistant", "content": string(content)}}},
		"usage": map[string]any{"prompt_tokens": 1300, "completion_tokens": 420, "total_tokens": 1720},
	})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	}))
	defer srv.Close()

	s := llm.New(llm.Config{APIKey: testKey, BaseURL: srv.URL + "/v1", Model: testModel}, rubric.New())
	req := coach.ScoreRequest{Question: qBehavioural, Answer: string(answer), JobTerms: []string{"Golang", "PostgreSQL"}, UserID: "u1"}
	ctx := context.Background()
	if ev, err := s.Score(ctx, req); err != nil || ev.Scorer != coach.ScorerLLM {
		b.Fatalf("warm-up: %v %q %q", err, ev.Scorer, ev.FallbackReason)
	}
	samples := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		ev, err := s.Score(ctx, req)
		samples = append(samples, time.Since(start))
		if err != nil || ev.Scorer != coach.ScorerLLM {
			b.Fatalf("%v %q", err, ev.FallbackReason)
		}
	}
	b.StopTimer()
	slices.Sort(samples)
	b.ReportMetric(float64(samples[len(samples)/2].Microseconds()), "median-µs")
	b.ReportMetric(float64(samples[len(samples)*99/100].Microseconds()), "p99-µs")
}

// BenchmarkParseReply is the reply half of the overhead on its own.
func BenchmarkParseReply(b *testing.B) {
	reply := validReply(prompts.UserInterview)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := llm.ParseReply(prompts.UserInterview, reply); err != nil {
			b.Fatal(err)
		}
	}
}
