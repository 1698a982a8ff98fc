package coach_test

import (
	"context"
	"testing"

	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/coach/rubric"
)

func TestSalaryConsistencyAcrossRounds(t *testing.T) {
	svc, _ := mustService(t)
	svc.Scorer = rubric.New()
	ctx := context.Background()
	id := coach.Identity{UserID: coach.NewID(), Kind: coach.KindSeeker}
	answer := func(role string, track coach.Track, qid, text string) coach.Answer {
		t.Helper()
		sess, err := svc.StartSession(ctx, id, coach.StartInput{Role: role, Track: track, QuestionIDs: []string{qid}})
		if err != nil {
			t.Fatal(err)
		}
		a, err := svc.SubmitAnswer(ctx, id, sess.ID, qid, text)
		if err != nil || a.Evaluation == nil {
			t.Fatalf("submit: %+v %v", a, err)
		}
		return a
	}
	first := answer("data-analyst", coach.TrackHR, "hr-salary-001", "Based on market research for data analysts in my city, I'm looking for 65k to 75k, and I'm flexible on the overall package.")
	if first.Evaluation.HasFlag(coach.FlagSalaryInconsistent) {
		t.Fatal("the first statement cannot contradict anything")
	}
	// The hiring manager asks again in the user round, and the number jumps.
	q := svc.Bank.Questions(coach.QuestionFilter{Role: "data-analyst", Track: coach.TrackUser, Category: coach.CatTeamFit})[0]
	second := answer("data-analyst", coach.TrackUser, q.ID, "Honestly my salary expectation is now 95k because I have another offer, and the team looks great.")
	if !second.Evaluation.HasFlag(coach.FlagSalaryInconsistent) || len(second.Evaluation.RedFlags) == 0 {
		t.Fatalf("contradiction between rounds not flagged: %+v", second.Evaluation)
	}
	// A different role has its own market.
	other := answer("software-engineer", coach.TrackHR, "hr-salary-001", "For senior backend roles here my research says 95k to 105k base salary.")
	if other.Evaluation.HasFlag(coach.FlagSalaryInconsistent) {
		t.Fatal("salaries of different roles must not be compared")
	}
	r, err := svc.Readiness(ctx, id)
	if err != nil || len(r) != 3 {
		t.Fatalf("readiness: %+v %v", r, err)
	}
	for _, rd := range r {
		if rd.Answers != 1 || rd.Score <= 0 || len(rd.Trend) != 1 {
			t.Fatalf("readiness not updated by the answer: %+v", rd)
		}
	}
}

// The page path saves first and scores later; scoring the same answer
// from two tabs at once stores one evaluation and counts it once.
func TestSaveThenScoreCountsOnce(t *testing.T) {
	svc, _ := mustService(t)
	svc.Scorer = rubric.New()
	ctx := context.Background()
	id := coach.Identity{UserID: coach.NewID(), Kind: coach.KindSeeker}
	sess, err := svc.StartSession(ctx, id, coach.StartInput{Role: "data-analyst", Track: coach.TrackHR, Count: 1})
	if err != nil {
		t.Fatal(err)
	}
	qid := sess.Questions[0].ID
	a, err := svc.SaveAnswer(ctx, id, sess.ID, qid, "I want this role because your team ships the analytics my clinic customers rely on, and I have built dashboards for two years.")
	if err != nil || a.Evaluation != nil {
		t.Fatalf("save: %+v %v", a, err)
	}
	stored, err := svc.Session(ctx, id, sess.ID)
	if got, ok := stored.Answer(a.ID); err != nil || !ok || got.Evaluation != nil {
		t.Fatalf("the answer must be stored unscored before scoring: %+v %v", got, err)
	}

	other := coach.Identity{UserID: coach.NewID(), Kind: coach.KindSeeker}
	if _, _, err := svc.ScoreAnswer(ctx, other, sess.ID, a.ID); coach.ErrorCode(err) != coach.ENotFound {
		t.Fatalf("another user scored the answer: %v", err)
	}

	const tabs = 4
	type result struct {
		a     coach.Answer
		fresh bool
	}
	results := make(chan result, tabs)
	for range tabs {
		go func() {
			got, fresh, err := svc.ScoreAnswer(ctx, id, sess.ID, a.ID)
			if err != nil {
				t.Error(err)
			}
			results <- result{got, fresh}
		}()
	}
	var overall []int
	freshCount := 0
	for range tabs {
		r := <-results
		got := r.a
		if r.fresh {
			freshCount++
		}
		if got.Evaluation == nil {
			t.Fatal("a tab got no evaluation")
		}
		overall = append(overall, got.Evaluation.Overall)
	}
	if freshCount != 1 {
		t.Errorf("%d tabs claim to have scored the answer, want exactly 1", freshCount)
	}
	for _, o := range overall[1:] {
		if o != overall[0] {
			t.Errorf("tabs saw different evaluations: %v", overall)
		}
	}
	r, err := svc.Readiness(ctx, id)
	if err != nil || len(r) != 1 || r[0].Answers != 1 {
		t.Fatalf("readiness must count the answer once: %+v %v", r, err)
	}
}
