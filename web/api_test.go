package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/coach/redisstore"
	"github.com/interviewcoach/coach/coach/rubric"
	"github.com/interviewcoach/coach/questions"
	"github.com/interviewcoach/coach/web"
)

// app is a running server on real Redis with the embedded banks and the
// local scorer.
type app struct {
	t       testing.TB
	url     string
	svc     *coach.Service
	redis   *redisstore.Server
	handler http.Handler
}

func mustApp(t testing.TB, tweak ...func(*coach.Service)) *app {
	t.Helper()
	rdb, srv := testRedis(t) // a fresh redis-server, or the shared cluster (cluster_test.go)
	bank, err := questions.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	svc := &coach.Service{
		Store: redisstore.New(rdb), Bank: bank, Scorer: rubric.New(), Limiter: redisstore.NewRateLimiter(rdb),
		LoginLimit: coach.DefaultLoginLimit, ScoreLimit: coach.DefaultScoreLimit,
	}
	for _, f := range tweak {
		f(svc)
	}
	h, err := web.New(web.Config{Service: svc, Bank: bank, Ready: svc.Store.Ping})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return &app{t: t, url: ts.URL, svc: svc, redis: srv, handler: h}
}

type resp struct {
	status int
	header http.Header
	body   []byte
}

func (r resp) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// errCode returns the code of a SPEC error body, failing if the body is not one.
func (r resp) errCode(t testing.TB) string {
	t.Helper()
	var e struct {
		Error struct{ Code, Message string }
	}
	r.decode(t, &e)
	if e.Error.Code == "" || e.Error.Message == "" {
		t.Fatalf("not an error body: %s", r.body)
	}
	return e.Error.Code
}

func (a *app) do(method, path, token, contentType string, body io.Reader) resp {
	a.t.Helper()
	req, err := http.NewRequest(method, a.url+path, body)
	if err != nil {
		a.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{status: res.StatusCode, header: res.Header, body: b}
}

func (a *app) json(method, path, token string, body any) resp {
	a.t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	return a.do(method, path, token, "application/json", r)
}

func (a *app) signup(email string) (coach.User, string) {
	a.t.Helper()
	return a.signupKind(email, "Test Person", coach.KindSeeker)
}

func (a *app) startSession(token string, body map[string]any) coach.Session {
	a.t.Helper()
	r := a.json("POST", "/api/v1/sessions", token, body)
	if r.status != http.StatusCreated {
		a.t.Fatalf("create session: %d %s", r.status, r.body)
	}
	var s coach.Session
	r.decode(a.t, &s)
	return s
}

const strongAnswer = `In my last role at a logistics company our checkout API had a p99 latency of 900 ms during
peak hours and customers were abandoning orders. I owned the investigation. I profiled the service
with pprof, found that each request made twelve sequential database queries, and I rewrote the hot
path to batch them into two queries and added a Redis cache for the product catalogue with a
five-minute TTL. I also added a load test in CI so the regression could not come back. As a result
p99 latency dropped to 180 ms, abandoned checkouts fell by 14 percent over the next month, and the
team adopted the load test for two other services. What I learned is to measure before optimising.`

func TestPracticeLoop(t *testing.T) {
	a := mustApp(t)
	u, token := a.signup("Seeker@Example.com")
	if u.Email != "seeker@example.com" || u.Kind != coach.KindSeeker || u.ID == "" {
		t.Fatalf("user = %+v", u)
	}
	if strings.Contains(string(a.json("GET", "/api/v1/me", token, nil).body), "argon2") {
		t.Fatal("password hash leaked through /me")
	}

	// Log in again with a differently cased email.
	r := a.json("POST", "/api/v1/login", "", map[string]string{"email": "SEEKER@example.com", "password": "correct horse battery"})
	if r.status != http.StatusOK {
		t.Fatalf("login: %d %s", r.status, r.body)
	}

	sess := a.startSession(token, map[string]any{"role": "software-engineer", "track": "user", "seniority": "mid"})
	if len(sess.Questions) != coach.DefaultQuestionCount {
		t.Fatalf("want %d questions, got %d", coach.DefaultQuestionCount, len(sess.Questions))
	}
	cats := map[string]int{}
	for _, q := range sess.Questions {
		if q.Track != coach.TrackUser || (q.Role != "software-engineer" && q.Role != coach.RoleAny) {
			t.Fatalf("question from the wrong bank: %+v", q)
		}
		cats[q.Category]++
	}
	for c, n := range cats {
		if n > 2 {
			t.Fatalf("set is not mixed: %d questions in %s (%v)", n, c, cats)
		}
	}

	q := sess.Questions[0]
	r = a.json("POST", "/api/v1/sessions/"+sess.ID+"/answers", token, map[string]string{"question_id": q.ID, "answer": strongAnswer})
	if r.status != http.StatusCreated {
		t.Fatalf("answer: %d %s", r.status, r.body)
	}
	var ans coach.Answer
	r.decode(t, &ans)
	if ans.QuestionID != q.ID || ans.Text == "" || ans.Evaluation == nil {
		t.Fatalf("answer = %+v", ans)
	}
	ev := ans.Evaluation
	if ev.Scorer != coach.ScorerLocal || ev.Overall < 0 || ev.Overall > 100 || len(ev.Criteria) == 0 || ev.Insights.WordCount < 100 {
		t.Fatalf("evaluation = %+v", ev)
	}

	// The session now carries the answer and its evaluation.
	r = a.json("GET", "/api/v1/sessions/"+sess.ID, token, nil)
	var got coach.Session
	r.decode(t, &got)
	if len(got.Answers) != 1 || got.Answers[0].Evaluation == nil || got.Answers[0].Evaluation.Overall != ev.Overall {
		t.Fatalf("stored session = %+v", got)
	}

	second := a.startSession(token, map[string]any{"role": "software-engineer", "track": "hr", "count": 3})
	r = a.json("GET", "/api/v1/sessions", token, nil)
	var list []coach.Session
	r.decode(t, &list)
	if len(list) != 2 || list[0].ID != second.ID || list[1].ID != sess.ID {
		t.Fatalf("sessions not newest first: %+v", list)
	}
	for _, q := range second.Questions {
		if q.Track != coach.TrackHR {
			t.Fatalf("HR session has a %s question", q.Track)
		}
	}
}

func TestJobDescriptionTailoring(t *testing.T) {
	a := mustApp(t)
	_, token := a.signup("jd@example.com")
	jd := "We need a data analyst fluent in SQL who builds dashboards in Tableau and designs A/B tests with product teams."
	sess := a.startSession(token, map[string]any{"role": "data-analyst", "track": "user", "count": 6, "job_description": jd})
	for _, want := range []string{"SQL", "A/B testing"} {
		found := false
		for _, term := range sess.JobTerms {
			found = found || term == want
		}
		if !found {
			t.Errorf("job terms %v miss %q", sess.JobTerms, want)
		}
	}
	// Without a job description the role's bank is used as is.
	plain := a.startSession(token, map[string]any{"role": "data-analyst", "track": "user"})
	if len(plain.JobTerms) != 0 || len(plain.Questions) == 0 {
		t.Fatalf("plain session: %+v", plain)
	}
}

func TestAuthErrors(t *testing.T) {
	a := mustApp(t, func(s *coach.Service) { s.TokenTTL = time.Second })
	_, token := a.signup("auth@example.com")
	cases := []struct {
		name   string
		body   map[string]string
		status int
		code   string
	}{
		{"duplicate email", map[string]string{"email": "AUTH@example.com", "password": "correct horse battery", "name": "X", "kind": "seeker"}, 409, coach.EConflict},
		{"bad email", map[string]string{"email": "not-an-email", "password": "correct horse battery", "name": "X", "kind": "seeker"}, 400, coach.EInvalid},
		{"short password", map[string]string{"email": "b@example.com", "password": "short", "name": "X", "kind": "seeker"}, 400, coach.EInvalid},
		{"no name", map[string]string{"email": "c@example.com", "password": "correct horse battery", "name": "  ", "kind": "seeker"}, 400, coach.EInvalid},
		{"bad kind", map[string]string{"email": "d@example.com", "password": "correct horse battery", "name": "X", "kind": "admin"}, 400, coach.EInvalid},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := a.json("POST", "/api/v1/signup", "", tc.body)
			if r.status != tc.status || r.errCode(t) != tc.code {
				t.Fatalf("got %d %s", r.status, r.body)
			}
		})
	}
	r := a.json("POST", "/api/v1/login", "", map[string]string{"email": "auth@example.com", "password": "wrong password!"})
	if r.status != 401 || r.errCode(t) != coach.EUnauthorized {
		t.Fatalf("bad password: %d %s", r.status, r.body)
	}
	r = a.json("POST", "/api/v1/login", "", map[string]string{"email": "nobody@example.com", "password": "correct horse battery"})
	if r.status != 401 {
		t.Fatalf("unknown email: %d %s", r.status, r.body)
	}
	for _, tok := range []string{"", "garbage"} {
		r = a.json("GET", "/api/v1/me", tok, nil)
		if r.status != 401 || r.errCode(t) != coach.EUnauthorized {
			t.Fatalf("token %q: %d %s", tok, r.status, r.body)
		}
	}
	if r := a.json("GET", "/api/v1/me", token, nil); r.status != 200 {
		t.Fatalf("fresh token: %d %s", r.status, r.body)
	}
	time.Sleep(1100 * time.Millisecond)
	if r := a.json("GET", "/api/v1/me", token, nil); r.status != 401 {
		t.Fatalf("expired token: %d %s", r.status, r.body)
	}
}

func TestLoginRateLimit(t *testing.T) {
	a := mustApp(t, func(s *coach.Service) { s.LoginLimit = coach.Limit{Count: 3, Period: time.Minute} })
	a.signup("limit@example.com")
	var last resp
	for i := 0; i < 4; i++ {
		last = a.json("POST", "/api/v1/login", "", map[string]string{"email": "limit@example.com", "password": "wrong password!"})
	}
	if last.status != 429 || last.errCode(t) != coach.ERateLimited || last.header.Get("Retry-After") == "" {
		t.Fatalf("4th login: %d %v %s", last.status, last.header, last.body)
	}
}

func TestScoreRateLimit(t *testing.T) {
	a := mustApp(t, func(s *coach.Service) { s.ScoreLimit = coach.Limit{Count: 2, Period: time.Minute} })
	_, token := a.signup("score-limit@example.com")
	sess := a.startSession(token, map[string]any{"role": "software-engineer", "track": "user"})
	var last resp
	for i := 0; i < 3; i++ {
		last = a.json("POST", "/api/v1/sessions/"+sess.ID+"/answers", token, map[string]string{"question_id": sess.Questions[0].ID, "answer": strongAnswer})
	}
	if last.status != 429 || last.header.Get("Retry-After") == "" {
		t.Fatalf("3rd answer: %d %s", last.status, last.body)
	}
	got, _ := a.svc.Store.Session(t.Context(), sess.UserID, sess.ID)
	if len(got.Answers) != 2 {
		t.Fatalf("rate-limited answer was stored: %d answers", len(got.Answers))
	}
}

func TestBadInputKeepsData(t *testing.T) {
	a := mustApp(t)
	_, token := a.signup("bad@example.com")
	_, other := a.signup("other@example.com")
	sess := a.startSession(token, map[string]any{"role": "product-manager", "track": "user"})
	qid := sess.Questions[0].ID
	ok := a.json("POST", "/api/v1/sessions/"+sess.ID+"/answers", token, map[string]string{"question_id": qid, "answer": strongAnswer})
	if ok.status != 201 {
		t.Fatalf("first answer: %d %s", ok.status, ok.body)
	}
	answers := "/api/v1/sessions/" + sess.ID + "/answers"
	huge := strings.Repeat("word ", coach.MaxAnswerWords+1)
	cases := []struct {
		name        string
		method      string
		path, token string
		ctype, body string
		status      int
		code        string
	}{
		{"empty answer", "POST", answers, token, "application/json", `{"question_id":"` + qid + `","answer":""}`, 400, coach.EInvalid},
		{"whitespace answer", "POST", answers, token, "application/json", `{"question_id":"` + qid + `","answer":"   \n\t "}`, 400, coach.EInvalid},
		{"over 5000 words", "POST", answers, token, "application/json", `{"question_id":"` + qid + `","answer":"` + huge[:len(huge)-1] + `"}`, 413, coach.ETooLarge},
		{"question not in session", "POST", answers, token, "application/json", `{"question_id":"hr-salary-001","answer":"An answer."}`, 400, coach.EInvalid},
		{"no question id", "POST", answers, token, "application/json", `{"answer":"An answer."}`, 400, coach.EInvalid},
		{"unknown session", "POST", "/api/v1/sessions/nope/answers", token, "application/json", `{"question_id":"x","answer":"An answer."}`, 404, coach.ENotFound},
		{"someone else's session", "POST", answers, other, "application/json", `{"question_id":"` + qid + `","answer":"An answer."}`, 404, coach.ENotFound},
		{"read someone else's session", "GET", "/api/v1/sessions/" + sess.ID, other, "", "", 404, coach.ENotFound},
		{"malformed JSON", "POST", answers, token, "application/json", `{"question_id":`, 400, coach.EInvalid},
		{"wrong type", "POST", answers, token, "application/json", `{"question_id":7,"answer":"x"}`, 400, coach.EInvalid},
		{"wrong content type", "POST", answers, token, "text/plain", `question_id=x`, 415, "unsupported_media_type"},
		{"body too large", "POST", answers, token, "application/json", `{"answer":"` + strings.Repeat("a", 300<<10) + `"}`, 413, coach.ETooLarge},
		{"no token", "POST", answers, "", "application/json", `{}`, 401, coach.EUnauthorized},
		{"unknown role", "POST", "/api/v1/sessions", token, "application/json", `{"role":"astronaut","track":"user"}`, 400, coach.EInvalid},
		{"unknown track", "POST", "/api/v1/sessions", token, "application/json", `{"role":"product-manager","track":"ceo"}`, 400, coach.EInvalid},
		{"count too high", "POST", "/api/v1/sessions", token, "application/json", `{"role":"product-manager","track":"user","count":21}`, 400, coach.EInvalid},
		{"unknown question id", "POST", "/api/v1/sessions", token, "application/json", `{"role":"product-manager","track":"user","question_ids":["nope"]}`, 400, coach.EInvalid},
		{"job description too long", "POST", "/api/v1/sessions", token, "application/json", `{"role":"product-manager","track":"user","job_description":"` + strings.Repeat("x", coach.MaxJobDescription+1) + `"}`, 413, coach.ETooLarge},
		{"bad question filter", "GET", "/api/v1/questions?track=ceo", "", "", "", 400, coach.EInvalid},
		{"unknown route", "GET", "/api/v1/nothing", "", "", "", 404, coach.ENotFound},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := a.do(tc.method, tc.path, tc.token, tc.ctype, strings.NewReader(tc.body))
			if r.status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.status, tc.status, r.body)
			}
			if code := r.errCode(t); code != tc.code {
				t.Fatalf("code %q, want %q", code, tc.code)
			}
		})
	}
	got, err := a.svc.Session(t.Context(), coach.Identity{UserID: sess.UserID}, sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Answers) != 1 || got.Answers[0].Evaluation == nil {
		t.Fatalf("bad input touched stored data: %+v", got.Answers)
	}
}

func TestQuestionsAndRoles(t *testing.T) {
	a := mustApp(t)
	var roles []coach.RoleSummary
	a.json("GET", "/api/v1/roles", "", nil).decode(t, &roles)
	if len(roles) < 3 {
		t.Fatalf("roles = %+v", roles)
	}
	for _, r := range roles {
		if r.Counts[coach.TrackHR] == 0 || r.Counts[coach.TrackUser] == 0 {
			t.Fatalf("role without questions: %+v", r)
		}
	}
	var qs []coach.Question
	a.json("GET", "/api/v1/questions?role=data-analyst&track=hr&category=salary", "", nil).decode(t, &qs)
	if len(qs) == 0 {
		t.Fatal("no HR salary questions for data analysts")
	}
	for _, q := range qs {
		if q.Track != coach.TrackHR || q.Category != coach.CatSalary {
			t.Fatalf("filter leaked %+v", q)
		}
	}
}

func TestHealthAndMetrics(t *testing.T) {
	a := mustApp(t)
	for _, p := range []string{"/healthz", "/readyz"} {
		if r := a.do("GET", p, "", "", nil); r.status != 200 {
			t.Fatalf("%s: %d %s", p, r.status, r.body)
		}
	}
	a.json("GET", "/api/v1/roles", "", nil)
	r := a.do("GET", "/metrics", "", "", nil)
	if r.status != 200 || !bytes.Contains(r.body, []byte(`coach_http_requests_total{method="GET",route="/api/v1/roles",status="200"} 1`)) {
		t.Fatalf("metrics: %s", r.body)
	}
	a.redis.Stop()
	r = a.do("GET", "/readyz", "", "", nil)
	if r.status != 503 || r.errCode(t) != coach.EUnavailable {
		t.Fatalf("readyz with Redis down: %d %s", r.status, r.body)
	}
	r = a.json("POST", "/api/v1/login", "", map[string]string{"email": "x@example.com", "password": "correct horse battery"})
	if r.status != 503 {
		t.Fatalf("login with Redis down: %d %s", r.status, r.body)
	}
	if r := a.do("GET", "/healthz", "", "", nil); r.status != 200 {
		t.Fatalf("healthz must not depend on Redis: %d", r.status)
	}
}

func TestRequestIDOnErrors(t *testing.T) {
	a := mustApp(t)
	req, _ := http.NewRequest("GET", a.url+"/api/v1/me", nil)
	req.Header.Set("X-Request-ID", "trace-123")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.Header.Get("X-Request-ID") != "trace-123" || !bytes.Contains(body, []byte(`"request_id":"trace-123"`)) {
		t.Fatalf("request id not echoed: %v %s", res.Header, body)
	}
	_ = fmt.Sprint()
}

// TestAnswerIdempotencyKey: an API client that retries a submission with
// the same Idempotency-Key (after a 503 or a lost reply) gets the first
// answer back with a 201, and one answer is stored.
func TestAnswerIdempotencyKey(t *testing.T) {
	a := mustApp(t)
	_, token := a.signup("retry@example.com")
	sess := a.startSession(token, map[string]any{"role": "software-engineer", "track": "user"})
	submit := func(key, questionID, text string) resp {
		t.Helper()
		body, _ := json.Marshal(map[string]string{"question_id": questionID, "answer": text})
		req, err := http.NewRequest("POST", a.url+"/api/v1/sessions/"+sess.ID+"/answers", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Idempotency-Key", key)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return resp{status: res.StatusCode, header: res.Header, body: b}
	}
	q := sess.Questions[0].ID
	var first, second coach.Answer
	r := submit("client-7f3a", q, strongAnswer)
	if r.status != 201 {
		t.Fatalf("first: %d %s", r.status, r.body)
	}
	r.decode(t, &first)
	r = submit("client-7f3a", q, strongAnswer)
	if r.status != 201 {
		t.Fatalf("retry: %d %s", r.status, r.body)
	}
	r.decode(t, &second)
	if second.ID != first.ID || second.Evaluation == nil || second.Evaluation.Overall != first.Evaluation.Overall {
		t.Fatalf("retry gave %+v, want the first answer %s", second, first.ID)
	}
	if r := submit("client-7f3a", q, "A different answer under the same key."); r.status != 409 || !bytes.Contains(r.body, []byte(`"code":"conflict"`)) {
		t.Fatalf("reused key: %d %s, want a 409 conflict", r.status, r.body)
	}
	if r := submit("two words", q, strongAnswer); r.status != 400 {
		t.Fatalf("key with a space: %d %s, want 400", r.status, r.body)
	}
	var got coach.Session
	a.json("GET", "/api/v1/sessions/"+sess.ID, token, nil).decode(t, &got)
	if len(got.Answers) != 1 {
		t.Fatalf("%d answers stored for one submission sent twice", len(got.Answers))
	}
}

// TestSessionListPages: GET /api/v1/sessions stays the whole list without
// parameters; with ?limit= it is paged, newest first, the next page named
// by a Link header whose cursor is a session id. A coach pages a client's
// sessions the same way; bad pages are 400s.
func TestSessionListPages(t *testing.T) {
	a := mustApp(t)
	_, ctok := a.signupKind("pager-coach@example.com", "Pat Coach", coach.KindCoach)
	s, stok := a.signupKind("pager@example.com", "Pia Pager", coach.KindSeeker)
	for range 5 {
		a.startSession(stok, map[string]any{"role": "data-analyst", "track": "hr", "count": 1})
	}
	var all []coach.Session
	r := a.json("GET", "/api/v1/sessions", stok, nil)
	r.decode(t, &all)
	if len(all) != 5 || r.header.Get("Link") != "" {
		t.Fatalf("whole list: %d sessions, Link %q", len(all), r.header.Get("Link"))
	}
	var started []string // newest first (sessions of one millisecond by id)
	for _, s := range all {
		started = append(started, s.ID)
	}
	walk := func(path, token string) []string {
		var got []string
		for path != "" {
			r := a.json("GET", path, token, nil)
			a.want(r, 200, path)
			var page []coach.Session
			r.decode(t, &page)
			if len(page) > 2 {
				t.Fatalf("%s: %d sessions, want at most 2", path, len(page))
			}
			for _, s := range page {
				got = append(got, s.ID)
			}
			path = ""
			if link := r.header.Get("Link"); link != "" {
				next, ok := strings.CutSuffix(strings.TrimPrefix(link, "<"), `>; rel="next"`)
				if !ok {
					t.Fatalf("Link %q", link)
				}
				path = next
			}
		}
		return got
	}
	if got := walk("/api/v1/sessions?limit=2", stok); !slices.Equal(got, started) {
		t.Fatalf("pages gave %v, want %v", got, started)
	}
	for _, bad := range []string{"limit=0", "limit=101", "limit=x", "limit=2&after=" + coach.NewOwnedID(s.ID), "limit=2&after=" + strings.Repeat("a", 65)} {
		a.want(a.json("GET", "/api/v1/sessions?"+bad, stok, nil), 400, bad)
	}

	r = a.json("POST", "/api/v1/invites", ctok, map[string]int{"uses": 1, "expires_in_hours": 48})
	var inv coach.Invite
	r.decode(t, &inv)
	a.want(a.do("POST", "/api/v1/invites/"+inv.Code+"/accept", stok, "", nil), 200, "accept")
	if got := walk("/api/v1/clients/"+s.ID+"/sessions?limit=2", ctok); !slices.Equal(got, started) {
		t.Fatalf("coach's pages gave %v, want %v", got, started)
	}
}
