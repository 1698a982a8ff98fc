package redisstore_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/coach/redisstore"
	"github.com/interviewcoach/coach/coach/redisstore/redistest"
)

// hrSession stores a practice session of user uid for the tests of
// scored answers (role "r", the HR round).
func hrSession(t *testing.T, s *redisstore.Store, uid string) coach.Session {
	t.Helper()
	sess := coach.Session{ID: coach.NewOwnedID(uid), UserID: uid, Role: "r", Track: coach.TrackHR, CreatedAt: time.Now()}
	if err := s.CreateSession(context.Background(), sess); err != nil {
		t.Fatal(err)
	}
	return sess
}

// countAnswer is the readiness update of one answer to question "q" of
// that session, scored overall and given at at.
func countAnswer(overall int, at time.Time) func(*coach.ReadinessState) {
	return func(st *coach.ReadinessState) {
		st.Role, st.Track = "r", coach.TrackHR
		st.Add(coach.Question{ID: "q", Category: coach.CatSalary}, overall, nil, at, []string{coach.CatSalary})
	}
}

// scoredAnswer is a new answer to question "q" of sess, scored overall by
// the rubric.
func scoredAnswer(sess coach.Session, overall int) coach.Answer {
	return coach.Answer{ID: coach.NewOwnedID(sess.UserID), SessionID: sess.ID, UserID: sess.UserID, QuestionID: "q", Text: "t",
		CreatedAt: time.Now().UTC(), Evaluation: &coach.Evaluation{Overall: overall, Scorer: coach.ScorerLocal}}
}

// TestSaveScoredAnswerIdempotent: the same scored answer saved twice (what a
// client retry after a lost reply does) is counted in readiness once.
func TestSaveScoredAnswerIdempotent(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	uid := coach.NewID()
	sess := hrSession(t, s, uid)
	a := scoredAnswer(sess, 70)
	update := countAnswer(70, a.CreatedAt)
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
	sess := hrSession(t, s, uid)
	a := coach.Answer{ID: coach.NewOwnedID(uid), SessionID: sess.ID, UserID: uid, QuestionID: "q", Text: "t", CreatedAt: time.Now().UTC()}
	if err := s.SaveAnswer(ctx, a); err != nil {
		t.Fatal(err)
	}
	save := func(overall int) error {
		scored := a
		scored.Evaluation = &coach.Evaluation{Overall: overall, Scorer: coach.ScorerLocal}
		return s.SaveScoredAnswer(ctx, scored, "r:hr", countAnswer(overall, a.CreatedAt))
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

// TestSaveScoredAnswerOnce: an answer scored before it is stored is written
// with its evaluation, indexes, submission key and readiness update in one
// step; the same call again is the same answer, counted once; the key
// cannot store a second answer; an answer for a session Redis lost is
// refused and leaves nothing behind.
func TestSaveScoredAnswerOnce(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	uid := coach.NewID()
	sess := hrSession(t, s, uid)
	a := scoredAnswer(sess, 70)
	for i := 0; i < 2; i++ { // the second is what go-redis sends after a lost reply
		sid, aid, fresh, err := s.SaveScoredAnswerOnce(ctx, a, "k1", "r:hr", countAnswer(70, a.CreatedAt))
		if err != nil || !fresh || sid != sess.ID || aid != a.ID {
			t.Fatalf("call %d: %s %s %v %v", i, sid, aid, fresh, err)
		}
	}
	other := a
	other.ID, other.Text = coach.NewOwnedID(uid), "another answer"
	sid, aid, fresh, err := s.SaveScoredAnswerOnce(ctx, other, "k1", "r:hr", countAnswer(10, a.CreatedAt))
	if err != nil || fresh || sid != sess.ID || aid != a.ID {
		t.Fatalf("used key: %s %s %v %v, want the first answer's ids", sid, aid, fresh, err)
	}
	got, err := s.Answer(ctx, uid, a.ID)
	if err != nil || got.Evaluation == nil || got.Evaluation.Overall != 70 {
		t.Fatalf("stored %+v %v", got, err)
	}
	if _, err := s.Answer(ctx, uid, other.ID); coach.ErrorCode(err) != coach.ENotFound {
		t.Fatalf("answer under a used key: %v, want ENotFound", err)
	}
	states, err := s.ReadinessStates(ctx, uid)
	if err != nil || len(states) != 1 || states[0].Overall.N != 1 {
		t.Fatalf("readiness %+v %v, want one answer counted", states, err)
	}
	for _, index := range []string{"answers", "answered"} {
		if n, err := s.Client().ZCard(ctx, "coach:{u:"+uid+"}:"+index).Result(); err != nil || n != 1 {
			t.Fatalf("%s index has %d entries: %v", index, n, err)
		}
	}

	if err := s.Client().Del(ctx, "coach:{u:"+uid+"}:session:"+sess.ID).Err(); err != nil {
		t.Fatal(err)
	}
	lost := a
	lost.ID = coach.NewOwnedID(uid)
	if _, _, _, err := s.SaveScoredAnswerOnce(ctx, lost, "", "r:hr", countAnswer(90, a.CreatedAt)); coach.ErrorCode(err) != coach.ENotFound {
		t.Fatalf("answer to a lost session: %v, want ENotFound", err)
	}
	states, err = s.ReadinessStates(ctx, uid)
	if err != nil || states[0].Overall.N != 1 {
		t.Fatalf("readiness %+v %v: a refused answer was counted", states, err)
	}
	if n, _ := s.Client().ZCard(ctx, "coach:{u:"+uid+"}:answers").Result(); n != 1 {
		t.Fatalf("%d answers indexed, want 1", n)
	}
}

// TestSaveScoredAnswerTwoInstances: two app instances on one Redis each
// remember the readiness state they last wrote; every write by the other
// makes that memory stale. Alternating and concurrent answers must all be
// counted, each exactly once.
func TestSaveScoredAnswerTwoInstances(t *testing.T) {
	ctx := context.Background()
	rdb := redistest.MustClient(t)
	stores := []*redisstore.Store{redisstore.New(rdb), redisstore.New(rdb)}
	uid := coach.NewID()
	sess := coach.Session{ID: coach.NewOwnedID(uid), UserID: uid, Role: "r", Track: coach.TrackHR, CreatedAt: time.Now()}
	if err := stores[0].CreateSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	// Every third answer is scored before it is stored, in one step.
	save := func(s *redisstore.Store, i int) error {
		a := coach.Answer{ID: coach.NewOwnedID(uid), SessionID: sess.ID, UserID: uid, QuestionID: "q", Text: "t", CreatedAt: time.Now().UTC()}
		ev := &coach.Evaluation{Overall: 50 + i%40, Scorer: coach.ScorerLocal}
		if i%3 == 0 {
			a.Evaluation = ev
			_, _, fresh, err := s.SaveScoredAnswerOnce(ctx, a, fmt.Sprint("key-", i), "r:hr", countAnswer(50+i%40, a.CreatedAt))
			if err == nil && !fresh {
				err = fmt.Errorf("answer %d taken for a repeat", i)
			}
			return err
		}
		if err := s.SaveAnswer(ctx, a); err != nil {
			return err
		}
		a.Evaluation = ev
		return s.SaveScoredAnswer(ctx, a, "r:hr", countAnswer(50+i%40, a.CreatedAt))
	}
	const alternating, concurrent = 10, 40
	for i := range alternating {
		if err := save(stores[i%2], i); err != nil {
			t.Fatal(err)
		}
	}
	errs := make(chan error, concurrent)
	for i := range concurrent {
		go func() { errs <- save(stores[i%2], alternating+i) }()
	}
	for range concurrent {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	for i, s := range stores {
		states, err := s.ReadinessStates(ctx, uid)
		if err != nil || len(states) != 1 {
			t.Fatalf("instance %d: states %v %v", i, states, err)
		}
		if got := states[0].Overall.N; got != alternating+concurrent || states[0].Questions["q"].Attempts != got || len(states[0].Trend) != min(got, 60) {
			t.Fatalf("instance %d: %d answers counted, %d attempts, %d trend points; want %d", i, got, states[0].Questions["q"].Attempts, len(states[0].Trend), alternating+concurrent)
		}
	}
}

// TestSessionMemo: a session comes from the memo once read or written, and
// what a caller gets is its own copy; an answer for a session Redis no
// longer has is refused rather than stored beside nothing.
func TestSessionMemo(t *testing.T) {
	ctx := context.Background()
	rdb := redistest.MustClient(t)
	s := redisstore.New(rdb)
	uid := coach.NewID()
	sess := coach.Session{ID: coach.NewOwnedID(uid), UserID: uid, Role: "r", Track: coach.TrackHR, CreatedAt: time.Now().UTC(),
		JobTerms: []string{"Go"}, Questions: []coach.Question{{ID: "q1", Text: "Why us?"}}}
	if err := s.CreateSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	sess.Questions[0].Text = "changed by the creator" // after the write: not what was stored
	got, err := s.SessionAnswers(ctx, uid, sess.ID)
	if err != nil || len(got.Questions) != 1 || got.Questions[0].Text != "Why us?" {
		t.Fatalf("session %+v %v", got, err)
	}
	got.Questions[0].Text, got.JobTerms[0] = "changed", "changed"
	again, err := s.SessionAnswers(ctx, uid, sess.ID)
	if err != nil || again.Questions[0].Text != "Why us?" || again.JobTerms[0] != "Go" {
		t.Fatalf("a caller's change reached the memo: %+v %v", again, err)
	}

	// Redis loses the session (a restore from an older backup, say): the
	// memo still has it, but the answer is not written into nothing.
	if err := rdb.Del(ctx, "coach:{u:"+uid+"}:session:"+sess.ID).Err(); err != nil {
		t.Fatal(err)
	}
	a := coach.Answer{ID: coach.NewOwnedID(uid), SessionID: sess.ID, UserID: uid, QuestionID: "q1", Text: "t", CreatedAt: time.Now().UTC()}
	if err := s.SaveAnswer(ctx, a); coach.ErrorCode(err) != coach.ENotFound {
		t.Fatalf("answer to a lost session: %v, want ENotFound", err)
	}
	if _, err := s.SessionAnswers(ctx, uid, sess.ID); coach.ErrorCode(err) != coach.ENotFound {
		t.Fatalf("lost session still read from the memo: %v", err)
	}
	if n, _ := rdb.ZCard(ctx, "coach:{u:"+uid+"}:answers").Result(); n != 0 {
		t.Fatalf("%d answers indexed for a lost session", n)
	}
}
