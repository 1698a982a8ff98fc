package web

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/coach/redisstore"
	"github.com/interviewcoach/coach/coach/redisstore/redistest"
	"github.com/interviewcoach/coach/coach/rubric"
	"github.com/interviewcoach/coach/questions"
)

// The kinds of caller the authorisation matrix tries on every API route.
type caller int

const (
	anonymous   caller = iota
	owner              // the seeker whose data the route's ids name
	otherSeeker        // a seeker with no link to anyone here
	ownersCoach        // the owner's current coach, who owns the invite, assignment and question
	unrelated          // a coach with no link to the owner
	formerCoach        // a coach whose link with the owner was ended
	callerCount
)

var callerNames = [callerCount]string{"anonymous", "owner", "other seeker", "owner's coach", "unrelated coach", "former coach"}

// authzRules gives, for each API route, the status each caller gets, in
// the order anonymous, owner, other seeker, owner's coach, unrelated coach,
// former coach. Every route in the route table must have a rule, so a new
// route without one fails TestAuthzMatrix.
var authzRules = map[string][callerCount]int{
	"POST /api/v1/signup":      {201, 201, 201, 201, 201, 201},
	"POST /api/v1/login":       {401, 401, 401, 401, 401, 401},
	"GET /api/v1/roles":        {200, 200, 200, 200, 200, 200},
	"GET /api/v1/questions":    {200, 200, 200, 200, 200, 200},
	"POST /api/v1/logout":      {401, 204, 204, 204, 204, 204},
	"GET /api/v1/me":           {401, 200, 200, 200, 200, 200},
	"POST /api/v1/sessions":    {401, 201, 201, 201, 201, 201},
	"GET /api/v1/sessions":     {401, 200, 200, 200, 200, 200},
	"GET /api/v1/sessions/:id": {401, 200, 404, 404, 404, 404},
	// Answers are the owner's to write, coach or not.
	"POST /api/v1/sessions/:id/answers": {401, 201, 404, 404, 404, 404},
	"GET /api/v1/readiness":             {401, 200, 200, 200, 200, 200},
	"GET /api/v1/export":                {401, 200, 200, 200, 200, 200},

	"POST /api/v1/invites":         {401, 403, 403, 201, 201, 201},
	"GET /api/v1/invites":          {401, 403, 403, 200, 200, 200},
	"DELETE /api/v1/invites/:code": {401, 403, 403, 204, 404, 404},
	// An invite is a bearer secret: any seeker holding it may accept.
	"POST /api/v1/invites/:code/accept":  {401, 200, 200, 403, 403, 403},
	"GET /api/v1/clients":                {401, 403, 403, 200, 200, 200},
	"DELETE /api/v1/clients/:id":         {401, 403, 403, 204, 404, 404},
	"GET /api/v1/clients/:id/sessions":   {401, 403, 403, 200, 404, 404},
	"GET /api/v1/clients/:id/readiness":  {401, 200, 403, 200, 404, 404},
	"GET /api/v1/coaches":                {401, 200, 200, 403, 403, 403},
	"DELETE /api/v1/coaches/:id":         {401, 204, 404, 403, 403, 403},
	"POST /api/v1/assignments":           {401, 403, 403, 201, 404, 404},
	"GET /api/v1/assignments":            {401, 200, 200, 200, 200, 200},
	"GET /api/v1/assignments/:id":        {401, 200, 404, 200, 404, 404},
	"DELETE /api/v1/assignments/:id":     {401, 403, 403, 204, 404, 404},
	"GET /api/v1/coach/questions":        {401, 200, 200, 200, 200, 200},
	"POST /api/v1/coach/questions":       {401, 403, 403, 201, 201, 201},
	"GET /api/v1/coach/questions/:id":    {401, 200, 404, 200, 404, 404},
	"PUT /api/v1/coach/questions/:id":    {401, 403, 403, 200, 404, 404},
	"DELETE /api/v1/coach/questions/:id": {401, 403, 403, 204, 404, 404},
	"GET /api/v1/reviews":                {401, 403, 403, 200, 200, 200},
	"GET /api/v1/answers/:id":            {401, 200, 404, 200, 404, 404},
	"POST /api/v1/answers/:id/reviews":   {401, 403, 403, 201, 404, 404},
	"GET /api/v1/cohort":                 {401, 403, 403, 200, 200, 200},
	"GET /api/v1/notifications":          {401, 200, 200, 200, 200, 200},
	"POST /api/v1/notifications/read":    {401, 204, 204, 204, 204, 204},
}

// world is a fresh set of users and data for one request of the matrix:
// some routes end links or delete what others read.
type world struct {
	tokens                                    [callerCount]string
	ownerID, coachID                          string
	sessionID, questionID, answerID           string
	inviteCode, assignmentID, coachQuestionID string
}

func mustAuthzServer(t *testing.T) (*Server, *coach.Service) {
	t.Helper()
	rdb := redistest.MustClient(t)
	bank, err := questions.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	svc := &coach.Service{Store: redisstore.New(rdb), Bank: bank, Scorer: rubric.New(), Limiter: redisstore.NewRateLimiter(rdb)}
	s, err := New(Config{Service: svc, Bank: bank, Ready: svc.Store.Ping})
	if err != nil {
		t.Fatal(err)
	}
	return s, svc
}

// mustUser stores a user and a login token directly: hashing a password
// per user would make the matrix slow, and login is not what it tests.
func mustUser(t *testing.T, svc *coach.Service, kind coach.UserKind, name string) (coach.Identity, string) {
	t.Helper()
	ctx := context.Background()
	u := coach.User{ID: coach.NewID(), Name: name, Kind: kind, PasswordHash: "unusable", CreatedAt: time.Now()}
	u.Email = u.ID + "@example.com"
	if err := svc.Store.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	token := coach.NewToken()
	id := coach.Identity{UserID: u.ID, Kind: kind}
	if err := svc.Store.CreateToken(ctx, coach.HashToken(token), id, time.Hour); err != nil {
		t.Fatal(err)
	}
	return id, token
}

func mustLink(t *testing.T, svc *coach.Service, coachID, clientID coach.Identity) {
	t.Helper()
	ctx := context.Background()
	inv, err := svc.CreateInvite(ctx, coachID, coach.CreateInviteInput{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AcceptInvite(ctx, clientID, inv.Code); err != nil {
		t.Fatal(err)
	}
}

func newWorld(t *testing.T, svc *coach.Service) world {
	t.Helper()
	ctx := context.Background()
	var w world
	var ids [callerCount]coach.Identity
	kinds := [callerCount]coach.UserKind{"", coach.KindSeeker, coach.KindSeeker, coach.KindCoach, coach.KindCoach, coach.KindCoach}
	for c := owner; c < callerCount; c++ {
		ids[c], w.tokens[c] = mustUser(t, svc, kinds[c], callerNames[c])
	}
	w.ownerID, w.coachID = ids[owner].UserID, ids[ownersCoach].UserID
	mustLink(t, svc, ids[ownersCoach], ids[owner])
	mustLink(t, svc, ids[formerCoach], ids[owner])
	if err := svc.EndClient(ctx, ids[formerCoach], w.ownerID); err != nil {
		t.Fatal(err)
	}
	sess, err := svc.StartSession(ctx, ids[owner], coach.StartInput{Role: "software-engineer", Track: coach.TrackUser, Count: 2})
	if err != nil {
		t.Fatal(err)
	}
	w.sessionID, w.questionID = sess.ID, sess.Questions[0].ID
	a, err := svc.SubmitAnswer(ctx, ids[owner], sess.ID, coach.Submission{QuestionID: w.questionID, Text: "I led the migration of our billing service to Go and cut p99 latency by 40 percent."})
	if err != nil {
		t.Fatal(err)
	}
	w.answerID = a.ID
	inv, err := svc.CreateInvite(ctx, ids[ownersCoach], coach.CreateInviteInput{Uses: 5})
	if err != nil {
		t.Fatal(err)
	}
	w.inviteCode = inv.Code
	as, err := svc.CreateAssignments(ctx, ids[ownersCoach], coach.AssignInput{ClientIDs: []string{w.ownerID}, Role: "software-engineer", Track: coach.TrackHR, Count: 3})
	if err != nil {
		t.Fatal(err)
	}
	w.assignmentID = as[0].ID
	q, err := svc.SaveCoachQuestion(ctx, ids[ownersCoach], validCoachQuestion())
	if err != nil {
		t.Fatal(err)
	}
	w.coachQuestionID = q.ID
	return w
}

func validCoachQuestion() coach.Question {
	return coach.Question{Role: "software-engineer", Track: coach.TrackUser, Category: coach.CatTechnical,
		Text: "Walk me through how you would debug a memory leak in a Go service.", Assesses: "Debugging method and tools.",
		TalkingPoints: []string{"pprof heap profiles", "reproduce, measure, fix, verify"}, RedFlags: []string{"guessing without measuring"},
		TargetWords: coach.WordRange{Min: 80, Max: 250}}
}

// path fills a route pattern's parameters with the world's ids.
func (w world) path(pattern string) string {
	r := strings.NewReplacer(":code", w.inviteCode)
	p := r.Replace(pattern)
	switch {
	case strings.HasPrefix(p, "/api/v1/sessions/"):
		p = strings.Replace(p, ":id", w.sessionID, 1)
	case strings.HasPrefix(p, "/api/v1/clients/"):
		p = strings.Replace(p, ":id", w.ownerID, 1)
	case strings.HasPrefix(p, "/api/v1/coaches/"):
		p = strings.Replace(p, ":id", w.coachID, 1)
	case strings.HasPrefix(p, "/api/v1/assignments/"):
		p = strings.Replace(p, ":id", w.assignmentID, 1)
	case strings.HasPrefix(p, "/api/v1/coach/questions/"):
		p = strings.Replace(p, ":id", w.coachQuestionID, 1)
	case strings.HasPrefix(p, "/api/v1/answers/"):
		p = strings.Replace(p, ":id", w.answerID, 1)
	}
	return p
}

// body is a valid request body for a route, so that the status shows the
// access decision and not a validation error.
func (w world) body(route string) any {
	switch route {
	case "POST /api/v1/signup":
		return map[string]string{"email": coach.NewID() + "@example.com", "password": "correct horse battery", "name": "New", "kind": "seeker"}
	case "POST /api/v1/login":
		return map[string]string{"email": w.ownerID + "@example.com", "password": "not the password"}
	case "POST /api/v1/sessions":
		return map[string]any{"role": "software-engineer", "track": "hr", "count": 2}
	case "POST /api/v1/sessions/:id/answers":
		return map[string]string{"question_id": w.questionID, "answer": "I want this job because the product solves a problem I have had myself."}
	case "POST /api/v1/invites":
		return map[string]int{"uses": 2, "expires_in_hours": 24}
	case "POST /api/v1/assignments":
		return map[string]any{"client_id": w.ownerID, "role": "software-engineer", "track": "user", "count": 2, "due": "2099-01-01"}
	case "POST /api/v1/coach/questions", "PUT /api/v1/coach/questions/:id":
		q := validCoachQuestion()
		return map[string]any{"role": q.Role, "track": q.Track, "category": q.Category, "text": q.Text, "assesses": q.Assesses,
			"talking_points": q.TalkingPoints, "red_flags": q.RedFlags, "target_words": q.TargetWords}
	case "POST /api/v1/answers/:id/reviews":
		return map[string]any{"comment": "Name the tool you used.", "score": 60}
	}
	return nil
}

// TestAuthzMatrix sends every API route of the route table, as every kind
// of caller, against a fresh world, and checks the status.
func TestAuthzMatrix(t *testing.T) {
	s, svc := mustAuthzServer(t)
	seen := map[string]bool{}
	for _, r := range s.routeTable() {
		if !strings.HasPrefix(r.Path, "/api/") {
			continue
		}
		route := r.Method + " " + r.Path
		seen[route] = true
		want, ok := authzRules[route]
		if !ok {
			t.Errorf("route %s has no authorisation rule in authzRules", route)
			continue
		}
		for c := anonymous; c < callerCount; c++ {
			w := newWorld(t, svc)
			var body []byte
			if b := w.body(route); b != nil {
				body, _ = json.Marshal(b)
			}
			req := httptest.NewRequest(r.Method, w.path(r.Path), bytes.NewReader(body))
			req.RemoteAddr = "192.0.2.1:1234"
			if body != nil {
				req.Header.Set("Content-Type", "application/json")
			}
			if c != anonymous {
				req.Header.Set("Authorization", "Bearer "+w.tokens[c])
			}
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if rec.Code != want[c] {
				t.Errorf("%s as %s: status %d, want %d (%s)", route, callerNames[c], rec.Code, want[c], strings.TrimSpace(rec.Body.String()))
			}
		}
	}
	for route := range authzRules {
		if !seen[route] {
			t.Errorf("authzRules has a rule for %s, which is not in the route table", route)
		}
	}
}

// TestAuthzEndingLinkEndsAccess checks access goes the moment either side
// ends a link, on reads and on writes.
func TestAuthzEndingLinkEndsAccess(t *testing.T) {
	s, svc := mustAuthzServer(t)
	for _, end := range []string{"coach", "client"} {
		t.Run("ended by "+end, func(t *testing.T) {
			w := newWorld(t, svc)
			get := func(method, path string, c caller, body any) int {
				var b []byte
				if body != nil {
					b, _ = json.Marshal(body)
				}
				req := httptest.NewRequest(method, path, bytes.NewReader(b))
				req.Header.Set("Authorization", "Bearer "+w.tokens[c])
				if body != nil {
					req.Header.Set("Content-Type", "application/json")
				}
				rec := httptest.NewRecorder()
				s.ServeHTTP(rec, req)
				return rec.Code
			}
			sessions := "/api/v1/clients/" + w.ownerID + "/sessions"
			if got := get("GET", sessions, ownersCoach, nil); got != http.StatusOK {
				t.Fatalf("before: %d", got)
			}
			if end == "coach" {
				if got := get("DELETE", "/api/v1/clients/"+w.ownerID, ownersCoach, nil); got != http.StatusNoContent {
					t.Fatalf("end: %d", got)
				}
			} else if got := get("DELETE", "/api/v1/coaches/"+w.coachID, owner, nil); got != http.StatusNoContent {
				t.Fatalf("end: %d", got)
			}
			for _, check := range []struct {
				method, path string
				body         any
			}{
				{"GET", sessions, nil},
				{"GET", "/api/v1/clients/" + w.ownerID + "/readiness", nil},
				{"GET", "/api/v1/answers/" + w.answerID, nil},
				{"POST", "/api/v1/answers/" + w.answerID + "/reviews", map[string]string{"comment": "late"}},
				{"POST", "/api/v1/assignments", map[string]any{"client_id": w.ownerID, "role": "software-engineer", "track": "hr"}},
			} {
				if got := get(check.method, check.path, ownersCoach, check.body); got != http.StatusNotFound {
					t.Errorf("after the link ended, %s %s: %d, want 404", check.method, check.path, got)
				}
			}
			// The client no longer sees the coach's drills or questions.
			if got := get("GET", "/api/v1/assignments/"+w.assignmentID, owner, nil); got != http.StatusNotFound {
				t.Errorf("client reads a former coach's assignment: %d", got)
			}
			if got := get("GET", "/api/v1/coach/questions/"+w.coachQuestionID, owner, nil); got != http.StatusNotFound {
				t.Errorf("client reads a former coach's question: %d", got)
			}
		})
	}
}
