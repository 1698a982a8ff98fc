package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/interviewcoach/coach/coach"
)

func (a *app) signupKind(email, name string, kind coach.UserKind) (coach.User, string) {
	a.t.Helper()
	r := a.json("POST", "/api/v1/signup", "", map[string]string{"email": email, "password": "correct horse battery", "name": name, "kind": string(kind)})
	if r.status != http.StatusCreated {
		a.t.Fatalf("signup: %d %s", r.status, r.body)
	}
	var out struct {
		User  coach.User
		Token string
	}
	r.decode(a.t, &out)
	return out.User, out.Token
}

func (a *app) want(r resp, status int, what string) {
	a.t.Helper()
	if r.status != status {
		a.t.Fatalf("%s: %d %s, want %d", what, r.status, r.body, status)
	}
}

func TestInviteRateLimit(t *testing.T) {
	a := mustApp(t, func(s *coach.Service) { s.InviteLimit = coach.Limit{Count: 2, Period: time.Hour} })
	_, tok := a.signupKind("limit-coach@example.com", "Coach", coach.KindCoach)
	_, other := a.signupKind("other-coach@example.com", "Other", coach.KindCoach)
	for i := 0; i < 2; i++ {
		a.want(a.do("POST", "/api/v1/invites", tok, "", nil), 201, "invite within the limit")
	}
	last := a.do("POST", "/api/v1/invites", tok, "", nil)
	if last.status != 429 || last.errCode(t) != coach.ERateLimited || last.header.Get("Retry-After") == "" {
		t.Fatalf("3rd invite: %d %v %s", last.status, last.header, last.body)
	}
	// The limit is per coach.
	a.want(a.do("POST", "/api/v1/invites", other, "", nil), 201, "another coach's invite")
}

// TestCoachingAPI walks the contract: invite, accept, assign, start the
// assignment, answer, review; the client sees the review beside the
// evaluation, and the coach's lists show it all.
func TestCoachingAPI(t *testing.T) {
	a := mustApp(t)
	c, ctok := a.signupKind("coach@example.com", "Grace Coach", coach.KindCoach)
	s, stok := a.signupKind("client@example.com", "Sam Client", coach.KindSeeker)

	r := a.json("POST", "/api/v1/invites", ctok, map[string]int{"uses": 3, "expires_in_hours": 48})
	a.want(r, 201, "create invite")
	var inv coach.Invite
	r.decode(t, &inv)
	if inv.Code == "" || inv.UsesLeft != 3 || inv.Link != "/invite/"+inv.Code {
		t.Fatalf("invite %s", r.body)
	}
	a.want(a.json("POST", "/api/v1/invites", ctok, map[string]int{"uses": 0, "expires_in_hours": 100000}), 400, "invite lasting too long")
	r = a.do("POST", "/api/v1/invites/"+inv.Code+"/accept", stok, "", nil)
	a.want(r, 200, "accept")
	var acc struct{ Coach coach.Link }
	r.decode(t, &acc)
	if acc.Coach.UserID != c.ID || acc.Coach.Name != "Grace Coach" {
		t.Fatalf("accept body %s", r.body)
	}
	var clients []coach.Link
	a.json("GET", "/api/v1/clients", ctok, nil).decode(t, &clients)
	if len(clients) != 1 || clients[0].UserID != s.ID || clients[0].Name != "Sam Client" {
		t.Fatalf("clients %+v", clients)
	}

	r = a.json("POST", "/api/v1/assignments", ctok, map[string]any{"client_id": s.ID, "role": "software-engineer", "track": "hr", "count": 2, "due": "2099-12-31", "note": "Focus on salary."})
	a.want(r, 201, "assign")
	var as coach.Assignment
	r.decode(t, &as)
	if as.Progress.Status != coach.ProgressNotStarted || as.Due == nil || as.Note != "Focus on salary." {
		t.Fatalf("assignment %s", r.body)
	}
	a.want(a.json("POST", "/api/v1/assignments", ctok, map[string]any{"client_id": s.ID, "role": "software-engineer", "track": "hr", "due": "tomorrow"}), 400, "bad due date")

	sess := a.startSession(stok, map[string]any{"assignment_id": as.ID})
	if sess.AssignmentID != as.ID || len(sess.Questions) != 2 {
		t.Fatalf("assigned session %+v", sess)
	}
	var ans coach.Answer
	for i, q := range sess.Questions {
		r = a.json("POST", "/api/v1/sessions/"+sess.ID+"/answers", stok, map[string]string{"question_id": q.ID, "answer": strongAnswer})
		a.want(r, 201, "answer")
		if i == 0 {
			r.decode(t, &ans)
		}
	}
	var mine []coach.Assignment
	a.json("GET", "/api/v1/assignments", stok, nil).decode(t, &mine)
	if len(mine) != 1 || mine[0].Progress.Status != coach.ProgressDone {
		t.Fatalf("client's assignments %+v", mine)
	}

	var queue []coach.QueueItem
	a.json("GET", "/api/v1/reviews", ctok, nil).decode(t, &queue)
	if len(queue) != 2 || queue[0].Answer.CreatedAt.Before(queue[1].Answer.CreatedAt) {
		t.Fatalf("queue not newest first: %+v", queue)
	}
	a.want(a.json("GET", "/api/v1/reviews?status=maybe", ctok, nil), 400, "bad queue status")
	r = a.json("POST", "/api/v1/answers/"+ans.ID+"/reviews", ctok, map[string]any{"comment": "Give the range you researched.", "score": 42})
	a.want(r, 201, "review")
	var reviewed coach.Answer
	r.decode(t, &reviewed)
	if reviewed.Review == nil || reviewed.Evaluation == nil || *reviewed.Review.Score != 42 {
		t.Fatalf("review response %s", r.body)
	}
	a.want(a.json("POST", "/api/v1/answers/"+ans.ID+"/reviews", ctok, map[string]any{"comment": "x", "score": 101}), 400, "score over 100")

	var got coach.Session
	a.json("GET", "/api/v1/sessions/"+sess.ID, stok, nil).decode(t, &got)
	found := false
	for _, x := range got.Answers {
		if x.ID == ans.ID {
			found = true
			if x.Review == nil || x.Review.Comment != "Give the range you researched." || x.Evaluation == nil {
				t.Fatalf("client's session answer %+v", x)
			}
		}
	}
	if !found {
		t.Fatalf("the reviewed answer is missing from the client's session %+v", got.Answers)
	}
	for _, format := range []string{"csv", "markdown", "json"} {
		if r := a.json("GET", "/api/v1/export?format="+format, stok, nil); r.status != 200 || !strings.Contains(string(r.body), "Give the range you researched.") {
			t.Errorf("the %s export lacks the coach's review: %d", format, r.status)
		}
	}
	var notes []coach.Notification
	a.json("GET", "/api/v1/notifications", stok, nil).decode(t, &notes)
	if len(notes) != 2 || notes[0].Kind != coach.NoteReview || notes[1].Kind != coach.NoteAssignment {
		t.Fatalf("notifications %+v", notes)
	}
	var rows []coach.CohortRow
	a.json("GET", "/api/v1/cohort?sort=hr&order=desc", ctok, nil).decode(t, &rows)
	if len(rows) != 1 || rows[0].Rounds[coach.TrackHR].Answers != 2 {
		t.Fatalf("cohort %+v", rows)
	}
	a.want(a.json("GET", "/api/v1/cohort?sort=shoe", ctok, nil), 400, "bad cohort sort")
}

// TestLoginRateLimitPerAddress: guessing across many accounts from one
// address is limited too, not only guessing one account.
func TestLoginRateLimitPerAddress(t *testing.T) {
	a := mustApp(t, func(s *coach.Service) { s.LoginLimit = coach.Limit{Count: 3, Period: time.Minute} })
	var last resp
	for i := 0; i < 4; i++ {
		last = a.json("POST", "/api/v1/login", "", map[string]string{"email": "nobody" + string(rune('a'+i)) + "@example.com", "password": "wrong password!"})
	}
	if last.status != 429 || last.errCode(t) != coach.ERateLimited || last.header.Get("Retry-After") == "" {
		t.Fatalf("4th login from one address: %d %s", last.status, last.body)
	}
}
