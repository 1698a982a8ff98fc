package redisstore_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/coach/redisstore"
	"github.com/interviewcoach/coach/coach/redisstore/redistest"
)

func newStore(t *testing.T) *redisstore.Store {
	return redisstore.New(redistest.MustClient(t))
}

func TestUserRoundTripAndUniqueEmail(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	u := coach.User{ID: coach.NewID(), Email: "ana@example.com", Name: "Ana", Kind: coach.KindSeeker, PasswordHash: "h", CreatedAt: time.Now().UTC().Truncate(time.Millisecond)}
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	got, err := s.UserByEmail(ctx, u.Email)
	if err != nil {
		t.Fatal(err)
	}
	// The hash stays out of API JSON (json:"-") but must be stored.
	if got.PasswordHash != u.PasswordHash {
		t.Fatalf("password hash not stored: %+v", got)
	}
	if got.ID != u.ID || got.Email != u.Email || got.Kind != u.Kind || !got.CreatedAt.Equal(u.CreatedAt) {
		t.Fatalf("got %+v, want %+v", got, u)
	}
	dup := u
	dup.ID = coach.NewID()
	if err := s.CreateUser(ctx, dup); coach.ErrorCode(err) != coach.EConflict {
		t.Fatalf("duplicate email: got %v, want conflict", err)
	}
	if _, err := s.User(ctx, "nobody"); coach.ErrorCode(err) != coach.ENotFound {
		t.Fatalf("missing user: got %v, want not found", err)
	}
}

func TestTokenExpires(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	id := coach.Identity{UserID: coach.NewID(), Kind: coach.KindCoach}
	if err := s.CreateToken(ctx, "abc", id, time.Second); err != nil {
		t.Fatal(err)
	}
	got, err := s.TokenIdentity(ctx, "abc")
	if err != nil || got != id {
		t.Fatalf("got %+v, %v", got, err)
	}
	if err := s.DeleteToken(ctx, "abc"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.TokenIdentity(ctx, "abc"); coach.ErrorCode(err) != coach.ENotFound {
		t.Fatalf("deleted token: got %v", err)
	}
	if err := s.CreateToken(ctx, "short", id, 50*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	time.Sleep(120 * time.Millisecond)
	if _, err := s.TokenIdentity(ctx, "short"); coach.ErrorCode(err) != coach.ENotFound {
		t.Fatalf("expired token: got %v", err)
	}
}

func TestSessionsAndAnswers(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	uid := coach.NewID()
	t0 := time.Now().UTC().Truncate(time.Millisecond)
	q := coach.Question{ID: "q1", Role: "tester", Track: coach.TrackUser, Category: coach.CatTechnical, Seniority: coach.SeniorityMid, Text: "Why?"}
	older := coach.Session{ID: coach.NewOwnedID(uid), UserID: uid, Role: "tester", Track: coach.TrackUser, Questions: []coach.Question{q}, CreatedAt: t0}
	newer := older
	newer.ID = coach.NewOwnedID(uid)
	newer.CreatedAt = t0.Add(time.Second)
	for _, sess := range []coach.Session{older, newer} {
		if err := s.CreateSession(ctx, sess); err != nil {
			t.Fatal(err)
		}
	}
	a1 := coach.Answer{ID: coach.NewOwnedID(uid), SessionID: older.ID, UserID: uid, QuestionID: "q1", Text: "first", CreatedAt: t0}
	a2 := coach.Answer{ID: coach.NewOwnedID(uid), SessionID: older.ID, UserID: uid, QuestionID: "q1", Text: "second", CreatedAt: t0.Add(time.Millisecond)}
	for _, a := range []coach.Answer{a2, a1} {
		if err := s.SaveAnswer(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	// Attaching an evaluation replaces the stored answer, keeping its text.
	a1.Evaluation = &coach.Evaluation{Overall: 61, Scorer: coach.ScorerLocal}
	if err := s.SaveAnswer(ctx, a1); err != nil {
		t.Fatal(err)
	}

	got, err := s.Session(ctx, uid, older.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Answers) != 2 || got.Answers[0].Text != "first" || got.Answers[1].Text != "second" {
		t.Fatalf("answers out of order or missing: %+v", got.Answers)
	}
	if got.Answers[0].Evaluation == nil || got.Answers[0].Evaluation.Overall != 61 {
		t.Fatalf("evaluation not attached: %+v", got.Answers[0])
	}
	if !reflect.DeepEqual(got.Questions, older.Questions) {
		t.Fatalf("questions changed: %+v", got.Questions)
	}

	list, more, err := s.Sessions(ctx, uid, coach.SessionPage{})
	if err != nil || more {
		t.Fatal(more, err)
	}
	if len(list) != 2 || list[0].ID != newer.ID || list[1].ID != older.ID {
		t.Fatalf("sessions not newest first: %v", list)
	}
	// Pages of one, the session id as the cursor.
	first, more, err := s.Sessions(ctx, uid, coach.SessionPage{Limit: 1})
	if err != nil || !more || len(first) != 1 || first[0].ID != newer.ID {
		t.Fatalf("first page: %v %v %v", first, more, err)
	}
	second, more, err := s.Sessions(ctx, uid, coach.SessionPage{After: newer.ID, Limit: 1})
	if err != nil || more || len(second) != 1 || second[0].ID != older.ID || len(second[0].Answers) != 2 {
		t.Fatalf("second page: %v %v %v", second, more, err)
	}
	last, more, err := s.Sessions(ctx, uid, coach.SessionPage{After: older.ID, Limit: 1})
	if err != nil || more || len(last) != 0 {
		t.Fatalf("past the end: %v %v %v", last, more, err)
	}
	if _, _, err := s.Sessions(ctx, uid, coach.SessionPage{After: coach.NewOwnedID(uid), Limit: 1}); coach.ErrorCode(err) != coach.EInvalid {
		t.Fatalf("unknown cursor: %v, want EInvalid", err)
	}
	one, err := s.Answer(ctx, uid, a2.ID)
	if err != nil || one.Text != "second" {
		t.Fatalf("Answer: %+v, %v", one, err)
	}
	if _, err := s.Session(ctx, coach.NewID(), older.ID); coach.ErrorCode(err) != coach.ENotFound {
		t.Fatalf("another user's session: got %v, want not found", err)
	}
	empty, _, err := s.Sessions(ctx, coach.NewID(), coach.SessionPage{})
	if err != nil || len(empty) != 0 {
		t.Fatalf("no sessions: %v, %v", empty, err)
	}
}

func TestRateLimiter(t *testing.T) {
	ctx := context.Background()
	rl := redisstore.NewRateLimiter(redistest.MustClient(t))
	lim := coach.Limit{Count: 3, Period: time.Minute}
	for i := 0; i < 3; i++ {
		if err := rl.Allow(ctx, "login:x", lim); err != nil {
			t.Fatalf("event %d: %v", i, err)
		}
	}
	err := rl.Allow(ctx, "login:x", lim)
	var e *coach.Error
	if coach.ErrorCode(err) != coach.ERateLimited || !asError(err, &e) || e.RetryAfter <= 0 {
		t.Fatalf("fourth event: got %v, want rate limited with Retry-After", err)
	}
	if err := rl.Allow(ctx, "login:y", lim); err != nil {
		t.Fatalf("other key limited: %v", err)
	}
	if err := rl.Allow(ctx, "login:x", coach.Limit{}); err != nil {
		t.Fatalf("zero limit must allow: %v", err)
	}
}

func asError(err error, target **coach.Error) bool {
	e, ok := err.(*coach.Error)
	*target = e
	return ok
}

func TestStoreUnavailableWhenRedisStops(t *testing.T) {
	srv := redistest.MustStart(t)
	rdb, err := redisstore.Open(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	s := redisstore.New(rdb)
	if err := s.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	srv.Stop()
	if err := s.Ping(context.Background()); coach.ErrorCode(err) != coach.EUnavailable {
		t.Fatalf("ping after stop: got %v (%s), want unavailable", err, coach.ErrorCode(err))
	}
}

func TestServerPersistsAndCleansStaleChild(t *testing.T) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "coach-redis-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	first, err := redisstore.StartServer(ctx, redisstore.ServerConfig{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	rdb, _ := redisstore.Open(first.URL())
	if err := rdb.Set(ctx, "k", "kept", 0).Err(); err != nil {
		t.Fatal(err)
	}
	rdb.Close()
	if _, err := os.Stat(filepath.Join(dir, "appendonlydir")); err != nil {
		t.Fatalf("append-only persistence not on: %v", err)
	}
	// Simulate a coach process that died without stopping its child: a
	// second start must stop the first server (found through the pid file)
	// and come up on the same data.
	stalePid := first.Pid()
	second, err := redisstore.StartServer(ctx, redisstore.ServerConfig{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer second.Stop()
	select {
	case <-first.Done():
	case <-time.After(5 * time.Second):
		t.Fatalf("stale redis-server %d still running", stalePid)
	}
	if err := syscall.Kill(stalePid, 0); err == nil {
		t.Fatalf("stale redis-server %d still alive", stalePid)
	}
	rdb2, _ := redisstore.Open(second.URL())
	defer rdb2.Close()
	if v, err := rdb2.Get(ctx, "k").Result(); err != nil || v != "kept" {
		t.Fatalf("data lost across restart: %q, %v", v, err)
	}
}

func TestEvalCacheAndBudget(t *testing.T) {
	ctx := context.Background()
	rdb := redistest.MustClient(t)
	cache := redisstore.NewEvalCache(rdb, time.Minute)
	if _, ok, err := cache.Get(ctx, "k"); ok || err != nil {
		t.Fatalf("empty cache: %v %v", ok, err)
	}
	want := coach.Evaluation{Overall: 77, Scorer: coach.ScorerLLM, Model: "m", Criteria: []coach.Criterion{{Name: "Relevance", Score: 80, Comment: "c"}}}
	if err := cache.Put(ctx, "k", want); err != nil {
		t.Fatal(err)
	}
	got, ok, err := cache.Get(ctx, "k")
	if err != nil || !ok || !reflect.DeepEqual(got, want) {
		t.Fatalf("cache round trip: %+v %v %v", got, ok, err)
	}
	budget := redisstore.NewDailyBudget(rdb)
	for i := 1; i <= 3; i++ {
		ok, err := budget.Take(ctx, "u1", 2)
		if err != nil || ok != (i <= 2) {
			t.Fatalf("take %d: ok=%v err=%v", i, ok, err)
		}
	}
	if ok, _ := budget.Take(ctx, "u2", 2); !ok {
		t.Fatal("budgets must be per user")
	}
	// u1 took 3 of 2; two refunds make room for one more.
	for range 2 {
		if err := budget.Refund(ctx, "u1"); err != nil {
			t.Fatal(err)
		}
	}
	if ok, err := budget.Take(ctx, "u1", 2); !ok || err != nil {
		t.Fatalf("take after refunds: ok=%v err=%v", ok, err)
	}
	// A refund never takes a count below zero, so it cannot buy credit.
	for range 3 {
		if err := budget.Refund(ctx, "u3"); err != nil {
			t.Fatal(err)
		}
	}
	for i := 1; i <= 2; i++ {
		if ok, _ := budget.Take(ctx, "u3", 1); ok != (i == 1) {
			t.Fatalf("u3 take %d after refunds of nothing: ok=%v", i, ok)
		}
	}
}

func TestSaveScoredAnswerConcurrent(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	uid := coach.NewID()
	sess := hrSession(t, s, uid)
	const n = 20
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		go func() {
			a := coach.Answer{ID: coach.NewOwnedID(uid), SessionID: sess.ID, UserID: uid, QuestionID: "q", Text: "t", CreatedAt: time.Now()}
			errs <- s.SaveScoredAnswer(ctx, a, "r:hr", countAnswer(70, a.CreatedAt))
		}()
	}
	for i := 0; i < n; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	states, err := s.ReadinessStates(ctx, uid)
	if err != nil || len(states) != 1 {
		t.Fatalf("states: %v %v", states, err)
	}
	if states[0].Overall.N != n || states[0].Questions["q"].Attempts != n {
		t.Fatalf("lost updates: %d answers counted, want %d", states[0].Overall.N, n)
	}
	got, _ := s.Session(ctx, uid, sess.ID)
	if len(got.Answers) != n {
		t.Fatalf("%d answers stored, want %d", len(got.Answers), n)
	}
	var walked int
	if err := s.EachSession(ctx, uid, func(coach.Session) error { walked++; return nil }); err != nil || walked != 1 {
		t.Fatalf("EachSession walked %d: %v", walked, err)
	}
}

// TestEachSessionWalks: the walk reads sessions newest first across its
// growing pages, and stops when fn says so; the walk over one question's
// attempts gives exactly the answers to it (an answer that quotes the
// field in its text is not one), and skips sessions without any.
func TestEachSessionWalks(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	uid := coach.NewID()
	t0 := time.Now().UTC().Add(-time.Hour)
	var want []string // newest first
	attempts := map[string]bool{}
	for i := range 30 {
		sess := coach.Session{ID: coach.NewOwnedID(uid), UserID: uid, Role: "r", Track: coach.TrackHR, CreatedAt: t0.Add(time.Duration(i) * time.Second),
			Questions: []coach.Question{{ID: "q1"}, {ID: "q10"}}}
		if err := s.CreateSession(ctx, sess); err != nil {
			t.Fatal(err)
		}
		want = append([]string{sess.ID}, want...)
		for j, qid := range []string{"q10", "q1"} {
			if i%3 != 0 && qid == "q1" {
				continue
			}
			text := `I said "question_id":"q1", here.`
			a := coach.Answer{ID: coach.NewOwnedID(uid), SessionID: sess.ID, UserID: uid, QuestionID: qid, Text: text, CreatedAt: sess.CreatedAt.Add(time.Duration(j) * time.Millisecond)}
			if err := s.SaveAnswer(ctx, a); err != nil {
				t.Fatal(err)
			}
			if qid == "q1" {
				attempts[a.ID] = true
			}
		}
	}
	var got []string
	if err := s.EachSession(ctx, uid, func(sess coach.Session) error {
		got = append(got, sess.ID)
		return nil
	}); err != nil || !slices.Equal(got, want) {
		t.Fatalf("walked %d sessions %v, want %d newest first (%v)", len(got), got, len(want), err)
	}
	stop := errors.New("enough")
	n := 0
	if err := s.EachSession(ctx, uid, func(coach.Session) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
		t.Fatalf("stopped walk: %d sessions, %v", n, err)
	}

	found := map[string]bool{}
	sessions := 0
	if err := s.EachSessionAnswering(ctx, uid, "q1", func(sess coach.Session) error {
		sessions++
		if len(sess.Questions) != 2 {
			t.Errorf("session %s without its questions", sess.ID)
		}
		for _, a := range sess.Answers {
			if a.QuestionID != "q1" || found[a.ID] {
				t.Errorf("answer %s to %s in the attempts at q1", a.ID, a.QuestionID)
			}
			found[a.ID] = true
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if sessions != 10 || len(found) != len(attempts) {
		t.Fatalf("%d sessions, %d attempts; want 10 and %d", sessions, len(found), len(attempts))
	}
	for id := range attempts {
		if !found[id] {
			t.Errorf("attempt %s missed", id)
		}
	}
}
