package coach_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/interviewcoach/coach/coach"
)

func TestPlanNext(t *testing.T) {
	var pool []coach.Question
	for _, c := range []string{coach.CatTechnical, coach.CatBehavioural, coach.CatSituational, coach.CatProblemSolving, coach.CatFollowUp} {
		for i := 0; i < 4; i++ {
			pool = append(pool, coach.Question{ID: fmt.Sprintf("%s-%d", c, i), Category: c})
		}
	}
	cats := []string{coach.CatTechnical, coach.CatBehavioural, coach.CatSituational, coach.CatProblemSolving}
	at := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	add := func(st *coach.ReadinessState, id string, score int) {
		q, _ := findQ(pool, id)
		st.Add(q, score, []coach.Criterion{{Name: "Evidence", Score: score - 20}, {Name: "Structure", Score: score}}, at, cats)
		at = at.Add(time.Hour)
	}

	t.Run("no history: empty plan", func(t *testing.T) {
		if p := coach.PlanNext(nil, pool, cats, 5); len(p.QuestionIDs) != 0 {
			t.Fatalf("%+v", p)
		}
	})
	t.Run("retry, untried, weakest, in that order", func(t *testing.T) {
		var st coach.ReadinessState
		add(&st, "technical-0", 40)   // retry
		add(&st, "technical-1", 90)   // strong
		add(&st, "behavioural-0", 50) // retry; behavioural is the weakest category (EWMA 50.6 < 55)
		add(&st, "behavioural-1", 52)
		p := coach.PlanNext(&st, pool, cats, 5)
		want := []string{"technical-0", "behavioural-0", "situational-0", "problem-solving-0"}
		if len(p.QuestionIDs) != 5 || !slices.Equal(p.QuestionIDs[:4], want) {
			t.Fatalf("plan %v, want %v then a weakest-category question", p.QuestionIDs, want)
		}
		if p.QuestionIDs[4] != "behavioural-2" {
			t.Errorf("fifth question %s, want a fresh one from the weakest category", p.QuestionIDs[4])
		}
		focus := strings.Join(p.Focus, " ")
		for _, w := range []string{"Retry 2 question", "First try at: situational and problem-solving", "weakest question type so far: behavioural", "Evidence"} {
			if !strings.Contains(focus, w) {
				t.Errorf("focus %q lacks %q", focus, w)
			}
		}
		for _, id := range p.QuestionIDs {
			if strings.HasPrefix(id, coach.CatFollowUp) {
				t.Errorf("a follow-up drill in the plan: %s", id)
			}
		}
	})
	t.Run("small pool fills with answered questions and never repeats", func(t *testing.T) {
		var st coach.ReadinessState
		small := pool[:2]
		add(&st, "technical-0", 90)
		add(&st, "technical-1", 95)
		p := coach.PlanNext(&st, small, cats[:1], 5)
		if !slices.Equal(p.QuestionIDs, []string{"technical-0", "technical-1"}) {
			t.Fatalf("plan %v", p.QuestionIDs)
		}
	})
}

func findQ(pool []coach.Question, id string) (coach.Question, bool) {
	for _, q := range pool {
		if q.ID == id {
			return q, true
		}
	}
	return coach.Question{}, false
}

// TestStartNext runs the plan against the real banks and Redis: after a
// weak answer the next session retries it.
func TestStartNext(t *testing.T) {
	svc, bank := mustService(t)
	ctx := context.Background()
	id := coach.Identity{UserID: coach.NewID(), Kind: coach.KindSeeker}
	// No history yet: an ordinary mixed set.
	sess, plan, err := svc.StartNext(ctx, id, "sales", coach.TrackUser)
	if err != nil || len(sess.Questions) != coach.DefaultQuestionCount || len(plan.QuestionIDs) != 0 {
		t.Fatalf("first session: %v, %d questions, plan %+v", err, len(sess.Questions), plan)
	}
	q := sess.Questions[0]
	cats := []string{}
	for _, c := range coach.Categories[coach.TrackUser] {
		cats = append(cats, c)
	}
	a := coach.Answer{ID: coach.NewOwnedID(id.UserID), SessionID: sess.ID, UserID: id.UserID, QuestionID: q.ID, Text: "I don't know.",
		Evaluation: &coach.Evaluation{Overall: 20}, CreatedAt: time.Now().UTC()}
	if err := svc.Store.SaveScoredAnswer(ctx, a, coach.ReadinessKey("sales", coach.TrackUser), func(st *coach.ReadinessState) {
		st.Role, st.Track = "sales", coach.TrackUser
		st.Add(q, 20, nil, a.CreatedAt, cats)
	}); err != nil {
		t.Fatal(err)
	}
	sess, plan, err = svc.StartNext(ctx, id, "sales", coach.TrackUser)
	if err != nil {
		t.Fatal(err)
	}
	if sess.Questions[0].ID != q.ID || plan.QuestionIDs[0] != q.ID || len(sess.Questions) != coach.DefaultQuestionCount {
		t.Fatalf("next session starts with %s, want the retry of %s (plan %v)", sess.Questions[0].ID, q.ID, plan.QuestionIDs)
	}
	// The plan's reasons are kept with the session, for the practice page.
	stored, err := svc.Session(ctx, id, sess.ID)
	if err != nil || !slices.Equal(stored.Focus, plan.Focus) || !slices.Contains(stored.Focus, "Retry a question you scored under 60.") {
		t.Fatalf("stored focus %q, want the plan's %q (%v)", stored.Focus, plan.Focus, err)
	}
	for _, sq := range sess.Questions {
		if _, err := bank.Question(sq.ID); err != nil || (sq.Role != "sales" && sq.Role != coach.RoleAny) || sq.Track != coach.TrackUser {
			t.Errorf("question %s (%s, %s) does not belong to the round", sq.ID, sq.Role, sq.Track)
		}
	}
	if _, _, err := svc.StartNext(ctx, id, "astronaut", coach.TrackUser); coach.ErrorCode(err) != coach.EInvalid {
		t.Errorf("unknown role: %v", err)
	}
}
