package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/coach/llm/llmtest"
)

// scoreLineWith runs `coach score` on one line against the fake LLM server.
func scoreLineWith(t *testing.T, fake *llmtest.Server, scorer string) coach.Evaluation {
	t.Helper()
	in := `{"id": "x", "question_id": "hr-salary-001", "answer": "Based on research for this role in Berlin I am looking for 65 to 75 thousand euros, and I am flexible on the package.", "role": "data-analyst"}`
	vars := map[string]string{
		"OPENAI_API_KEY":    llmtest.Key,
		"OPENAI_BASE_URL":   fake.URL(),
		"COACH_LLM_MODEL":   fake.Model(),
		"COACH_LLM_TIMEOUT": "5s",
	}
	var out, errOut bytes.Buffer
	if code := run(t.Context(), []string{"score", "--scorer", scorer}, env(vars), strings.NewReader(in), &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if strings.Contains(out.String()+errOut.String(), llmtest.Key) {
		t.Fatal("the API key was printed")
	}
	var res struct {
		ID         string
		Evaluation *coach.Evaluation
		Error      string
	}
	if err := json.Unmarshal(out.Bytes(), &res); err != nil || res.Evaluation == nil {
		t.Fatalf("output %q: %v", out.String(), err)
	}
	return *res.Evaluation
}

// The CLI goes through the same LLM scorer as the server: the fake's
// verdict comes back labelled as the model's.
func TestScoreWithLLM(t *testing.T) {
	fake := llmtest.New(t, "test-model")
	fake.Always(fake.Reply(83, 80))
	for _, scorer := range []string{"llm", "auto"} {
		ev := scoreLineWith(t, fake, scorer)
		if ev.Scorer != coach.ScorerLLM || ev.Overall != 83 || ev.FallbackReason != "" {
			t.Errorf("--scorer %s: got scorer %q overall %d fallback %q, want the model's 83", scorer, ev.Scorer, ev.Overall, ev.FallbackReason)
		}
	}
	if fake.Requests() != 2 {
		t.Errorf("%d requests to the model, want 2 (the CLI has no cache)", fake.Requests())
	}
	// --scorer local never calls the model, even with a key.
	if ev := scoreLineWith(t, fake, "local"); ev.Scorer != coach.ScorerLocal || fake.Requests() != 2 {
		t.Errorf("--scorer local: scorer %q after %d requests", ev.Scorer, fake.Requests())
	}
}

// A failing model still yields an evaluation, honestly labelled local.
func TestScoreWithFailingLLMFallsBack(t *testing.T) {
	fake := llmtest.New(t, "test-model")
	fake.Always(llmtest.Status(http.StatusInternalServerError))
	ev := scoreLineWith(t, fake, "llm")
	if ev.Scorer != coach.ScorerLocal || ev.FallbackReason == "" || len(ev.Criteria) == 0 {
		t.Errorf("got scorer %q fallback %q with %d criteria, want a local evaluation with a reason", ev.Scorer, ev.FallbackReason, len(ev.Criteria))
	}
}
