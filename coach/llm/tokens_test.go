package llm_test

import (
	"os"
	"slices"
	"testing"

	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/coach/llm"
	"github.com/interviewcoach/coach/prompts"
	"github.com/interviewcoach/coach/questions"
)

// promptTokenBudget is the target for one answer's prompt,
// rubric and reply schema included.
const promptTokenBudget = 1500

// estimateTokens is the usual rule of thumb for English: about four
// characters per token. Current OpenAI tokenizers do a little better on
// prose, so the estimate errs high. The reply schema counts because the
// API adds it to the prompt; each message adds a few tokens of framing.
func estimateTokens(p prompts.Prompt) int {
	return (len(p.System)+len(p.User)+len(llm.SchemaJSON(p.Kind)))/4 + 3*2 + 3
}

// TestPromptTokenBudget renders the prompt for every question in the
// embedded banks with a realistic 300-word answer and checks the estimate
// stays under the budget. It is a size check: nothing is timed.
func TestPromptTokenBudget(t *testing.T) {
	answer, err := os.ReadFile("testdata/answer300.txt")
	if err != nil {
		t.Fatal(err)
	}
	bank, err := questions.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	jobTerms := []string{"Golang", "PostgreSQL", "Kubernetes", "Kafka", "gRPC"}
	var sizes []int
	worst, worstID := 0, ""
	for _, q := range bank.Questions(coach.QuestionFilter{}) {
		p, err := prompts.Render(prompts.Input{Question: q, Answer: string(answer), Delimiter: prompts.NewDelimiter(),
			JobTerms: jobTerms, WordCount: coach.CountWords(string(answer))})
		if err != nil {
			t.Fatalf("%s: %v", q.ID, err)
		}
		n := estimateTokens(p)
		sizes = append(sizes, n)
		if n > worst {
			worst, worstID = n, q.ID
		}
		if q.ID == "swe-beh-001" {
			t.Logf("swe-beh-001 with a %d-word answer: ~%d prompt tokens", coach.CountWords(string(answer)), n)
		}
	}
	if len(sizes) == 0 {
		t.Fatal("no questions in the banks")
	}
	slices.Sort(sizes)
	t.Logf("%d questions: median ~%d, largest ~%d prompt tokens (%s)", len(sizes), sizes[len(sizes)/2], worst, worstID)
	if worst > promptTokenBudget {
		t.Errorf("question %s renders to ~%d prompt tokens, over the budget of %d", worstID, worst, promptTokenBudget)
	}
}
