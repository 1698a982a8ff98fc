package redisstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/interviewcoach/coach/coach"
)

// TestSaveScoredAnswerIdempotent: the same scored answer saved twice (what a
// client retry after a lost reply does) is counted in readiness once.
func TestSaveScoredAnswerIdempotent(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	uid := coach.NewID()
	sess := coach.Session{ID: coach.NewOwnedID(uid), UserID: uid, Role: "r", Track: coach.TrackHR, CreatedAt: time.Now()}
	if err := s.CreateSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	a := coach.Answer{ID: coach.NewOwnedID(uid), SessionID: sess.ID, UserID: uid, QuestionID: "q", Text: "t",
		CreatedAt: time.Now().UTC(), Evaluation: &coach.Evaluation{Overall: 70, Scorer: coach.ScorerLocal}}
	update := func(st *coach.ReadinessState) {
		st.Role, st.Track = "r", coach.TrackHR
		st.Add(coach.Question{ID: "q", Category: coach.CatSalary}, 70, nil, a.CreatedAt, []string{coach.CatSalary})
	}
	for i := 0; i < 2; i++ {
		if err := s.SaveScoredAnswer(ctx, a, "r:hr", update); err != nil {
			t.Fatal(err)
		}
	}
	states, err := s.ReadinessStates(ctx, uid)
	if err != nil || len(states) != 1 || states[0].Overall.N != 1 {
		t.Fatalf("counted twice: %+v %v", states, err)
	}
}

// TestSaveScoredAnswerAlreadyScored: a second, different evaluation of an
// answer that already has one (two tabs scoring at once) changes nothing
// and is EConflict; readiness counts the answer once.
func TestSaveScoredAnswerAlreadyScored(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	uid := coach.NewID()
	sess := coach.Session{ID: coach.NewOwnedID(uid), UserID: uid, Role: "r", Track: coach.TrackHR, CreatedAt: time.Now()}
	if err := s.CreateSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	a := coach.Answer{ID: coach.NewOwnedID(uid), SessionID: sess.ID, UserID: uid, QuestionID: "q", Text: "t", CreatedAt: time.Now().UTC()}
	if err := s.SaveAnswer(ctx, a); err != nil {
		t.Fatal(err)
	}
	save := func(overall int) error {
		scored := a
		scored.Evaluation = &coach.Evaluation{Overall: overall, Scorer: coach.ScorerLocal}
		return s.SaveScoredAnswer(ctx, scored, "r:hr", func(st *coach.ReadinessState) {
			st.Role, st.Track = "r", coach.TrackHR
			st.Add(coach.Question{ID: "q", Category: coach.CatSalary}, overall, nil, a.CreatedAt, []string{coach.CatSalary})
		})
	}
	if err := save(70); err != nil {
		t.Fatal(err)
	}
	if err := save(40); coach.ErrorCode(err) != coach.EConflict {
		t.Fatalf("second evaluation: %v, want EConflict", err)
	}
	got, err := s.Answer(ctx, uid, a.ID)
	if err != nil || got.Evaluation == nil || got.Evaluation.Overall != 70 {
		t.Fatalf("stored answer %+v %v, want the first evaluation kept", got, err)
	}
	states, err := s.ReadinessStates(ctx, uid)
	if err != nil || len(states) != 1 || states[0].Overall.N != 1 {
		t.Fatalf("readiness %+v %v, want the answer counted once", states, err)
	}
	// The answer is indexed once, by SaveAnswer.
	n, err := s.Client().ZCard(ctx, "coach:{u:"+uid+"}:answers").Result()
	if err != nil || n != 1 {
		t.Fatalf("answers index has %d entries: %v", n, err)
	}
}
