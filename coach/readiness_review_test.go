package coach_test

import (
	"math"
	"testing"
	"time"

	"github.com/interviewcoach/coach/coach"
)

// TestOverrideMatchesRecomputation checks that folding a coach's score in
// afterwards gives the mean a full recomputation with that score in place
// would give, wherever the answer sits in the history.
func TestOverrideMatchesRecomputation(t *testing.T) {
	scores := []int{60, 70, 80, 50, 65, 90}
	t0 := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	q := coach.Question{ID: "q", Category: coach.CatMotivation}
	fold := func(s []int) coach.ReadinessState {
		var st coach.ReadinessState
		for i, v := range s {
			st.Add(coach.Question{ID: q.ID, Category: q.Category}, v, nil, t0.Add(time.Duration(i)*time.Minute), nil)
		}
		return st
	}
	for i := range scores {
		st := fold(scores)
		st.Override(q, t0.Add(time.Duration(i)*time.Minute), scores[i], 20)
		want := append([]int(nil), scores...)
		want[i] = 20
		ref := fold(want)
		if math.Abs(st.Overall.Mean-ref.Overall.Mean) > 1e-9 {
			t.Errorf("override of answer %d: mean %.6f, recomputed %.6f", i, st.Overall.Mean, ref.Overall.Mean)
		}
		if st.Overall.N != len(scores) {
			t.Errorf("override changed the answer count to %d", st.Overall.N)
		}
	}
	// The question's latest score follows the coach when the overridden
	// answer is its latest attempt.
	st := fold(scores)
	st.Override(q, t0.Add(time.Duration(len(scores)-1)*time.Minute), 90, 40)
	if got := st.Questions[q.ID].Last; got != 40 {
		t.Errorf("question's last score %d, want 40", got)
	}
}
