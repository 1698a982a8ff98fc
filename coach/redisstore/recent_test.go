package redisstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/coach/redisstore"
	"github.com/interviewcoach/coach/coach/redisstore/redistest"
)

func TestRecentQuestionIDs(t *testing.T) {
	ctx := context.Background()
	rdb := redistest.MustClient(t)
	s := redisstore.New(rdb)
	uid := coach.NewID()
	if got, err := s.RecentQuestionIDs(ctx, uid, 10); err != nil || len(got) != 0 {
		t.Fatalf("new user: %v %v", got, err)
	}
	t0 := time.Now().UTC().Add(-time.Hour)
	var sessions []coach.Session
	for i := 0; i < 3; i++ {
		sess := coach.Session{ID: coach.NewOwnedID(uid), UserID: uid, Role: "r", Track: coach.TrackUser, CreatedAt: t0.Add(time.Duration(i) * time.Minute)}
		if err := s.CreateSession(ctx, sess); err != nil {
			t.Fatal(err)
		}
		sessions = append(sessions, sess)
	}
	if got, err := s.RecentQuestionIDs(ctx, uid, 10); err != nil || len(got) != 0 {
		t.Fatalf("sessions without answers: %v %v", got, err)
	}
	// q0 answered in the oldest session, q1 and q2 in the newer ones.
	for i, sess := range sessions {
		a := coach.Answer{ID: coach.NewOwnedID(uid), SessionID: sess.ID, UserID: uid, QuestionID: []string{"q0", "q1", "q2"}[i],
			Text: "t", CreatedAt: sess.CreatedAt.Add(30 * time.Second)}
		if err := s.SaveAnswer(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		n    int
		want []string
	}{{1, []string{"q2"}}, {2, []string{"q1", "q2"}}, {10, []string{"q0", "q1", "q2"}}} {
		got, err := s.RecentQuestionIDs(ctx, uid, tc.n)
		if err != nil || len(got) != len(tc.want) {
			t.Fatalf("n=%d: %v %v, want %v", tc.n, got, err, tc.want)
		}
		for _, q := range tc.want {
			if !got[q] {
				t.Fatalf("n=%d: %v misses %s", tc.n, got, q)
			}
		}
	}
	// Data written before the answered index existed: the sessions are walked.
	if err := rdb.Del(ctx, "coach:{u:"+uid+"}:answered").Err(); err != nil {
		t.Fatal(err)
	}
	got, err := s.RecentQuestionIDs(ctx, uid, 2)
	if err != nil || len(got) != 2 || !got["q1"] || !got["q2"] {
		t.Fatalf("without the index: %v %v", got, err)
	}
}
