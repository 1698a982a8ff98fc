package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/interviewcoach/coach/coach"
)

// Benchmark sizes from issue 7: one coach, 200 clients, 20,000 answers.
const (
	benchClients        = 200
	benchAnswersPerUser = 100
	benchSessionSize    = 20
)

// seedCohort writes a coach with benchClients clients straight through the
// store: users, links, sessions, answers with a real evaluation, one
// readiness state per client folded from all its answers, and a review on
// every tenth answer. It returns the coach's token.
func seedCohort(b *testing.B, a *app) string {
	b.Helper()
	ctx := context.Background()
	st := a.svc.Store
	bank := a.svc.Bank
	qs := bank.Questions(coach.QuestionFilter{Role: "software-engineer", Track: coach.TrackUser})
	if len(qs) < benchSessionSize {
		b.Fatalf("only %d questions", len(qs))
	}
	ev, err := a.svc.Scorer.Score(ctx, coach.ScoreRequest{Question: qs[0], Answer: strongAnswer})
	if err != nil {
		b.Fatal(err)
	}
	coachUser := coach.User{ID: coach.NewID(), Email: "bench-coach@example.com", Name: "Bench Coach", Kind: coach.KindCoach, CreatedAt: time.Now()}
	if err := st.CreateUser(ctx, coachUser); err != nil {
		b.Fatal(err)
	}
	token := coach.NewToken()
	if err := st.CreateToken(ctx, coach.HashToken(token), coach.Identity{UserID: coachUser.ID, Kind: coach.KindCoach}, time.Hour); err != nil {
		b.Fatal(err)
	}
	start := time.Now().Add(-30 * 24 * time.Hour).UTC()
	var wg sync.WaitGroup
	errs := make(chan error, benchClients)
	sem := make(chan struct{}, 8)
	for i := 0; i < benchClients; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int) {
			defer wg.Done()
			defer func() { <-sem }()
			errs <- seedClient(ctx, st, coachUser.ID, i, qs[:benchSessionSize], ev, start)
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			b.Fatal(err)
		}
	}
	return token
}

func seedClient(ctx context.Context, st coach.Store, coachID string, i int, qs []coach.Question, ev coach.Evaluation, start time.Time) error {
	u := coach.User{ID: coach.NewID(), Email: fmt.Sprintf("client%d@example.com", i), Name: fmt.Sprintf("Client %03d", i), Kind: coach.KindSeeker, CreatedAt: start}
	if err := st.CreateUser(ctx, u); err != nil {
		return err
	}
	if err := st.LinkClient(ctx, coachID, u.ID, start); err != nil {
		return err
	}
	var state coach.ReadinessState
	state.Role, state.Track = "software-engineer", coach.TrackUser
	var sess coach.Session
	var last coach.Answer
	for n := 0; n < benchAnswersPerUser; n++ {
		at := start.Add(time.Duration(n*benchClients+i) * time.Minute)
		if n%benchSessionSize == 0 {
			sess = coach.Session{ID: coach.NewOwnedID(u.ID), UserID: u.ID, Role: "software-engineer", Track: coach.TrackUser,
				Seniority: coach.SeniorityMid, JobTerms: []string{}, Questions: qs, CreatedAt: at}
			if err := st.CreateSession(ctx, sess); err != nil {
				return err
			}
		}
		q := qs[n%len(qs)]
		e := ev
		e.Overall = 40 + (n*7+i)%55
		a := coach.Answer{ID: coach.NewOwnedID(u.ID), SessionID: sess.ID, UserID: u.ID, QuestionID: q.ID, Text: strongAnswer, Evaluation: &e, CreatedAt: at}
		if n%10 == 0 {
			score := e.Overall + 5
			a.Review = &coach.Review{CoachID: coachID, CoachName: "Bench Coach", Comment: "Quantify the result.", Score: &score, CreatedAt: at}
			if err := st.IndexReview(ctx, coachID, a.ID, at); err != nil {
				return err
			}
		}
		state.Add(q, e.Overall, e.Criteria, at, nil)
		if n == benchAnswersPerUser-1 {
			last = a
			break
		}
		if err := st.SaveAnswer(ctx, a); err != nil {
			return err
		}
	}
	return st.SaveScoredAnswer(ctx, last, coach.ReadinessKey(state.Role, state.Track), func(s *coach.ReadinessState) { *s = state })
}

// BenchmarkCoachViews measures the server time of the review queue and
// the cohort dashboard (handler, domain and Redis, JSON included; no
// network) for a coach with 200 clients and 20,000 answers.
func BenchmarkCoachViews(b *testing.B) {
	a := mustApp(b)
	token := seedCohort(b, a)
	for _, bc := range []struct{ name, path string }{
		{"ReviewQueue", "/api/v1/reviews?limit=50"},
		{"ReviewQueueReviewed", "/api/v1/reviews?status=reviewed&limit=50"},
		{"Cohort", "/api/v1/cohort?sort=user"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			req := httptest.NewRequest("GET", bc.path, nil)
			req.Header.Set("Authorization", "Bearer "+token)
			rec := httptest.NewRecorder()
			a.handler.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK || rec.Body.Len() < 1000 {
				b.Fatalf("%s: %d %.200s", bc.path, rec.Code, rec.Body.String())
			}
			b.ReportAllocs()
			for b.Loop() {
				rec := httptest.NewRecorder()
				a.handler.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatal(rec.Code)
				}
			}
		})
	}
}
