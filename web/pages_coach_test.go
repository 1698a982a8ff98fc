package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/interviewcoach/coach/coach"
)

func signUpKind(t testing.TB, a *app, email, kind string) *visitor {
	t.Helper()
	v := newVisitor(a)
	token := v.get("/signup").csrf(t)
	p := v.post("/signup", url.Values{"csrf": {token}, "name": {"Page " + kind}, "email": {email}, "password": {testPassword}, "kind": {kind}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("sign-up: %d %.500s", p.status, p.body)
	}
	return v
}

// TestPagesCoaching runs the coaching pages without JavaScript and checks
// who may open them.
func TestPagesCoaching(t *testing.T) {
	a := mustApp(t)
	coachV := signUpKind(t, a, "page-coach@example.com", "coach")
	other := signUpKind(t, a, "other-coach@example.com", "coach")
	seeker := signUp(t, a, "page-seeker@example.com")

	if p := coachV.get("/dashboard"); p.status != http.StatusSeeOther || p.header.Get("Location") != "/coach" {
		t.Fatalf("a coach's dashboard: %d %v", p.status, p.header.Get("Location"))
	}
	for _, path := range []string{"/coach", "/coach/questions", "/coach/reviews", "/coach/assign"} {
		if p := seeker.get(path); p.status != http.StatusForbidden {
			t.Errorf("seeker GET %s: %d", path, p.status)
		}
	}

	// Create an invite through the form; the link is on the page.
	home := coachV.get("/coach")
	p := coachV.post("/coach/invites", url.Values{"csrf": {home.csrf(t)}, "uses": {"2"}, "expires_in_hours": {"24"}})
	loc := p.header.Get("Location")
	if p.status != http.StatusSeeOther || !strings.HasPrefix(loc, "/coach?invite=") {
		t.Fatalf("create invite: %d %s", p.status, loc)
	}
	code := strings.TrimSuffix(strings.TrimPrefix(loc, "/coach?invite="), "#invites")
	if home = coachV.get("/coach"); !strings.Contains(home.body, "/invite/"+code) {
		t.Fatal("the invite link is not on the coaching page")
	}
	if p := coachV.post("/coach/invites", url.Values{"csrf": {home.csrf(t)}, "uses": {"many"}}); p.status != http.StatusBadRequest || !strings.Contains(p.body, "whole numbers") {
		t.Fatalf("bad invite form: %d", p.status)
	}

	// The seeker accepts on the invite page.
	inv := seeker.get("/invite/" + code)
	if inv.status != http.StatusOK || !strings.Contains(inv.body, "Page coach") || !strings.Contains(inv.body, "Accept the invite") {
		t.Fatalf("invite page: %d %.300s", inv.status, inv.body)
	}
	if p := seeker.post("/invite/"+code+"/accept", url.Values{"csrf": {inv.csrf(t)}}); p.status != http.StatusSeeOther {
		t.Fatalf("accept: %d %.300s", p.status, p.body)
	}
	if p := newVisitor(a).get("/invite/" + "aaaaaaaaaaaaaaaa"); p.status != http.StatusNotFound || !strings.Contains(p.body, "does not exist") {
		t.Fatalf("unknown invite: %d", p.status)
	}

	// A question form with a missing rubric comes back with the error and the input.
	qs := coachV.get("/coach/questions")
	p = coachV.post("/coach/questions", url.Values{"csrf": {qs.csrf(t)}, "role": {"any"}, "track": {"hr"}, "category": {"salary"},
		"text": {"What salary do you expect?"}, "min_words": {"30"}, "max_words": {"120"}})
	if p.status != http.StatusBadRequest || !strings.Contains(p.body, "What salary do you expect?</textarea>") || !strings.Contains(p.body, "error-summary") {
		t.Fatalf("invalid question: %d %.300s", p.status, p.body)
	}

	// The seeker answers; only their coach may open the review page.
	sessURL := seeker.startPractice(t, url.Values{"role": {"sales"}, "track": {"hr"}, "count": {"1"}})
	pr := seeker.get(sessURL)
	qid := questionInput.FindStringSubmatch(pr.body)[1]
	p = seeker.post(sessURL+"/answers", url.Values{"csrf": {pr.csrf(t)}, "question_id": {qid}, "answer": {strongAnswer}})
	answerURL := p.header.Get("Location")
	answerID := answerURL[strings.LastIndex(answerURL, "/")+1:]
	if p.status != http.StatusSeeOther || answerID == "" {
		t.Fatalf("answer: %d %s", p.status, answerURL)
	}
	if p := other.get("/coach/reviews/" + answerID); p.status != http.StatusNotFound {
		t.Fatalf("an unrelated coach opens the review page: %d", p.status)
	}
	seekerID := answerID[:strings.Index(answerID, "-")]
	if p := coachV.get("/coach/clients/" + seekerID); p.status != http.StatusOK || !strings.Contains(p.body, "/coach/reviews/"+answerID) {
		t.Fatalf("client page: %d", p.status)
	}
	if p := other.get("/coach/clients/" + seekerID); p.status != http.StatusNotFound {
		t.Fatalf("an unrelated coach opens the client page: %d", p.status)
	}
	rv := coachV.get("/coach/reviews/" + answerID)
	if rv.status != http.StatusOK || !strings.Contains(rv.body, "AI evaluation") {
		t.Fatalf("review page: %d", rv.status)
	}
	if p := coachV.post("/coach/reviews/"+answerID, url.Values{"csrf": {rv.csrf(t)}, "comment": {"Name a number."}, "score": {"abc"}}); p.status != http.StatusBadRequest || !strings.Contains(p.body, "Name a number.</textarea>") {
		t.Fatalf("bad score: %d", p.status)
	}
	if p := coachV.post("/coach/reviews/"+answerID, url.Values{"csrf": {rv.csrf(t)}, "comment": {"Name a number."}, "score": {"58"}}); p.status != http.StatusSeeOther {
		t.Fatalf("review: %d %.300s", p.status, p.body)
	}
	if p := seeker.get(answerURL); !strings.Contains(p.body, "Your coach's review") || !strings.Contains(p.body, "Name a number.") {
		t.Fatal("the seeker's answer page lacks the review")
	}
	if p := seeker.get(strings.Replace(sessURL, "/practice/", "/sessions/", 1)); !strings.Contains(p.body, "Name a number.") {
		t.Fatal("the session summary lacks the review")
	}
}

// TestClientPageIsPaged: a coach's page of a client who practised a lot
// shows 20 sessions at a time, with a link to older ones.
func TestClientPageIsPaged(t *testing.T) {
	a := mustApp(t)
	coachV := signUpKind(t, a, "paging-coach@example.com", "coach")
	seeker := signUp(t, a, "paging-seeker@example.com")
	home := coachV.get("/coach")
	loc := coachV.post("/coach/invites", url.Values{"csrf": {home.csrf(t)}, "uses": {"1"}, "expires_in_hours": {"24"}}).header.Get("Location")
	code := strings.TrimSuffix(strings.TrimPrefix(loc, "/coach?invite="), "#invites")
	inv := seeker.get("/invite/" + code)
	if p := seeker.post("/invite/"+code+"/accept", url.Values{"csrf": {inv.csrf(t)}}); p.status != http.StatusSeeOther {
		t.Fatalf("accept: %d", p.status)
	}
	id := mustIdentityOf(t, a, "paging-seeker@example.com")
	for range 23 {
		if _, err := a.svc.StartSession(t.Context(), id, coach.StartInput{Role: "sales", Track: coach.TrackHR, Count: 1}); err != nil {
			t.Fatal(err)
		}
	}
	first := coachV.get("/coach/clients/" + id.UserID)
	if first.status != http.StatusOK || strings.Count(first.body, `class="card client-session"`) != 20 {
		t.Fatalf("first page: %d, %d sessions", first.status, strings.Count(first.body, `class="card client-session"`))
	}
	m := regexp.MustCompile(`href="(/coach/clients/[^"]+\?after=[^"]+)" rel="next"`).FindStringSubmatch(first.body)
	if m == nil {
		t.Fatal("no link to older sessions")
	}
	older := coachV.get(html.UnescapeString(m[1]))
	if older.status != http.StatusOK || strings.Count(older.body, `class="card client-session"`) != 3 || strings.Contains(older.body, `rel="next"`) {
		t.Fatalf("second page: %d, %d sessions", older.status, strings.Count(older.body, `class="card client-session"`))
	}
	if p := coachV.get("/coach/clients/" + id.UserID + "?after=nope"); p.status != http.StatusBadRequest {
		t.Fatalf("unknown cursor: %d", p.status)
	}
}
