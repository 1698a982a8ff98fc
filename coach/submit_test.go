package coach_test

import (
	"context"
	"strings"
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
		a, err := svc.SubmitAnswer(ctx, id, sess.ID, coach.Submission{QuestionID: qid, Text: text})
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
	svc, id, sess := practising(t, "data-analyst", coach.TrackHR, 1)
	ctx := context.Background()
	qid := sess.Questions[0].ID
	a, err := svc.SaveAnswer(ctx, id, sess.ID, coach.Submission{QuestionID: qid, Text: "I want this role because your team ships the analytics my clinic customers rely on, and I have built dashboards for two years."})
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

// TestSubmissionKey: a client that retries with the same key (after a 503
// or a timeout, or a form sent twice) gets the first answer back, stored
// and counted once; a key cannot be reused for another answer.
func TestSubmissionKey(t *testing.T) {
	svc, id, sess := practising(t, "data-analyst", coach.TrackHR, 2)
	ctx := context.Background()
	q1, q2 := sess.Questions[0].ID, sess.Questions[1].ID
	text := "I want this role because your team ships the analytics my clinic customers rely on, and I have built dashboards for two years."

	// The page path saves first; the retry of a plain form post then
	// scores that same answer.
	saved, err := svc.SaveAnswer(ctx, id, sess.ID, coach.Submission{QuestionID: q1, Text: text, Key: "form-1"})
	if err != nil || saved.Evaluation != nil {
		t.Fatalf("save: %+v %v", saved, err)
	}
	again, err := svc.SubmitAnswer(ctx, id, sess.ID, coach.Submission{QuestionID: q1, Text: "  " + text + "\n", Key: "form-1"})
	if err != nil || again.ID != saved.ID || again.Evaluation == nil {
		t.Fatalf("retry: %+v %v, want answer %s scored", again, err, saved.ID)
	}
	third, err := svc.SubmitAnswer(ctx, id, sess.ID, coach.Submission{QuestionID: q1, Text: text, Key: "form-1"})
	if err != nil || third.ID != saved.ID || third.Evaluation == nil || third.Evaluation.Overall != again.Evaluation.Overall {
		t.Fatalf("second retry: %+v %v", third, err)
	}

	// The API path scores before it stores (the rubric is instant): the
	// answer, its key and its evaluation are written together.
	direct, err := svc.SubmitAnswer(ctx, id, sess.ID, coach.Submission{QuestionID: q2, Text: text, Key: "api-1"})
	if err != nil || direct.Evaluation == nil {
		t.Fatalf("submit: %+v %v", direct, err)
	}
	if again, err := svc.SubmitAnswer(ctx, id, sess.ID, coach.Submission{QuestionID: q2, Text: text, Key: "api-1"}); err != nil || again.ID != direct.ID || again.Evaluation == nil || again.Evaluation.Overall != direct.Evaluation.Overall {
		t.Fatalf("retry of a scored submission: %+v %v, want answer %s", again, err, direct.ID)
	}

	for name, sub := range map[string]coach.Submission{
		"other text":     {QuestionID: q1, Text: text + " Also, I like the team.", Key: "form-1"},
		"other question": {QuestionID: q2, Text: text, Key: "form-1"},
	} {
		if _, err := svc.SubmitAnswer(ctx, id, sess.ID, sub); coach.ErrorCode(err) != coach.EConflict {
			t.Errorf("%s under a used key: %v, want EConflict", name, err)
		}
	}
	other, err := svc.StartSession(ctx, id, coach.StartInput{Role: "data-analyst", Track: coach.TrackHR, QuestionIDs: []string{q1}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SubmitAnswer(ctx, id, other.ID, coach.Submission{QuestionID: q1, Text: text, Key: "form-1"}); coach.ErrorCode(err) != coach.EConflict {
		t.Errorf("used key in another session: %v, want EConflict", err)
	}
	for _, bad := range []string{"has space", "tab\tkey", strings.Repeat("k", coach.MaxSubmissionKey+1), "ключ"} {
		if _, err := svc.SubmitAnswer(ctx, id, sess.ID, coach.Submission{QuestionID: q2, Text: text, Key: bad}); coach.ErrorCode(err) != coach.EInvalid {
			t.Errorf("key %q: %v, want EInvalid", bad, err)
		}
	}
	// Keys are per user: another user's "form-1" is their own.
	someone := coach.Identity{UserID: coach.NewID(), Kind: coach.KindSeeker}
	theirs, err := svc.StartSession(ctx, someone, coach.StartInput{Role: "data-analyst", Track: coach.TrackHR, QuestionIDs: []string{q1}})
	if err != nil {
		t.Fatal(err)
	}
	if a, err := svc.SubmitAnswer(ctx, someone, theirs.ID, coach.Submission{QuestionID: q1, Text: text, Key: "form-1"}); err != nil || a.ID == saved.ID {
		t.Fatalf("another user's key: %+v %v", a, err)
	}

	stored, err := svc.Session(ctx, id, sess.ID)
	if err != nil || len(stored.Answers) != 2 {
		t.Fatalf("%d answers stored for two submissions sent five times: %v", len(stored.Answers), err)
	}
	r, err := svc.Readiness(ctx, id)
	if err != nil || len(r) != 1 || r[0].Answers != 2 {
		t.Fatalf("readiness %+v %v, want each answer counted once", r, err)
	}
}

// practising returns a service scoring with the rubric, a new seeker and
// that seeker's session of count questions of role and track.
func practising(t *testing.T, role string, track coach.Track, count int) (*coach.Service, coach.Identity, coach.Session) {
	t.Helper()
	svc, _ := mustService(t)
	svc.Scorer = rubric.New()
	id := coach.Identity{UserID: coach.NewID(), Kind: coach.KindSeeker}
	sess, err := svc.StartSession(context.Background(), id, coach.StartInput{Role: role, Track: track, Count: count})
	if err != nil {
		t.Fatal(err)
	}
	return svc, id, sess
}
