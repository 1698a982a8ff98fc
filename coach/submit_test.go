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
