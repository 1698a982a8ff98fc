package coach_test

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/questions"
)

func softwarePool(tb testing.TB) []coach.Question {
	tb.Helper()
	bank, err := questions.Embedded()
	if err != nil {
		tb.Fatal(err)
	}
	return bank.Questions(coach.QuestionFilter{Role: "software-engineer", Track: coach.TrackUser})
}

// TestSelectQuestionsLeavesPool: the pool is the caller's and is read only;
// the set takes categories in turn, avoids recent questions while there are
// others, and ends with the reverse-interview question.
func TestSelectQuestionsLeavesPool(t *testing.T) {
	pool := softwarePool(t)
	before := slices.Clone(pool)
	recent := map[string]bool{}
	for i, q := range pool {
		if i%2 == 0 {
			recent[q.ID] = true
		}
	}
	set := coach.SelectQuestions(pool, coach.SelectOptions{Count: 5, Seniority: coach.SeniorityAny, Recent: recent,
		EndWithReverse: true, Rand: rand.New(rand.NewPCG(1, 2))})
	if !slices.EqualFunc(pool, before, func(a, b coach.Question) bool { return a.ID == b.ID }) {
		t.Fatal("SelectQuestions reordered the pool")
	}
	if len(set) != 5 || set[4].Category != coach.CatReverse {
		t.Fatalf("set %v, want 4 questions and the reverse-interview one", ids(set))
	}
	cats := map[string]bool{}
	for _, q := range set[:4] {
		if recent[q.ID] {
			t.Errorf("recent question %s chosen over fresh ones", q.ID)
		}
		cats[q.Category] = true
	}
	if len(cats) < 3 {
		t.Errorf("set %v takes %d categories, want categories in turn", ids(set), len(cats))
	}
}

func ids(qs []coach.Question) []string {
	out := make([]string, len(qs))
	for i, q := range qs {
		out[i] = q.ID
	}
	return out
}

// BenchmarkSelectQuestions draws the default set for a session start.
func BenchmarkSelectQuestions(b *testing.B) {
	pool := softwarePool(b)
	recent := map[string]bool{}
	for i, q := range pool {
		if i%3 == 0 {
			recent[q.ID] = true
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		coach.SelectQuestions(pool, coach.SelectOptions{Count: coach.DefaultQuestionCount, Seniority: coach.SeniorityAny, Recent: recent, EndWithReverse: true})
	}
}
