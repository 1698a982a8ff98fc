package web

import (
	"bytes"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/coach/redisstore"
	"github.com/interviewcoach/coach/coach/redisstore/redistest"
	"github.com/interviewcoach/coach/coach/rubric"
	"github.com/interviewcoach/coach/questions"
)

// fixtureServer is a Server with the real templates, assets and banks but
// no store: enough to execute every template.
func fixtureServer(tb testing.TB) *Server {
	tb.Helper()
	bank, err := questions.Embedded()
	if err != nil {
		tb.Fatal(err)
	}
	s := &Server{bank: bank, csrfKey: []byte("test key")}
	if s.assets, err = loadAssets(staticFS); err != nil {
		tb.Fatal(err)
	}
	if s.pages, err = parsePages(templateFS, s.templateFuncs()); err != nil {
		tb.Fatal(err)
	}
	return s
}

// fixtureSession is a session with one answer whose evaluation uses every
// field the templates show, and one question left.
func fixtureSession(tb testing.TB, s *Server) coach.Session {
	tb.Helper()
	qs := s.bank.Questions(coach.QuestionFilter{Role: "software-engineer", Track: coach.TrackUser})
	if len(qs) < 3 {
		tb.Fatal("not enough questions in the bank")
	}
	now := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	owner := coach.NewID()
	sess := coach.Session{ID: coach.NewOwnedID(owner), UserID: owner, Role: "software-engineer", Track: coach.TrackUser,
		Seniority: coach.SeniorityMid, JobTerms: []string{"Go", "Kubernetes"}, Questions: qs[:3], CreatedAt: now}
	ev := &coach.Evaluation{
		Overall: 72, Scorer: coach.ScorerLLM, Model: "gpt-4.1-mini", FallbackReason: "",
		Criteria:  []coach.Criterion{{Name: "Structure", Score: 80, Comment: "Clear STAR order."}, {Name: "Evidence", Score: 45, Comment: `Says "it was <b>fast</b>" with no number.`}},
		Strengths: []string{"Owns the actions"}, Improvements: []string{"Quantify the result"}, RedFlags: []string{"Blames the team"},
		Flags: []string{coach.FlagTooShort, "brand_new_flag"}, FollowUp: "What would you do differently?",
		Insights: coach.Insights{WordCount: 120, TargetWords: coach.WordRange{Min: 150, Max: 300}, FillerWords: map[string]int{"um": 2, "like": 1},
			JobTerms: []string{"Go"}, Star: coach.Star{Situation: true, Action: true}, Hedges: []string{"I guess"}, Numbers: 3},
		ScoredAt: now,
	}
	sess.Answers = []coach.Answer{{ID: coach.NewOwnedID(owner), SessionID: sess.ID, UserID: owner, QuestionID: qs[0].ID,
		Text: "My answer,\nwith <script>alert(1)</script> in it.", Evaluation: ev, CreatedAt: now}}
	return sess
}

// TestTemplatesRender executes every page, and every fragment htmx asks
// for, with data that reaches each branch. Parsing alone cannot catch a
// misspelt field: html/template resolves fields when it executes.
func TestTemplatesRender(t *testing.T) {
	s := fixtureServer(t)
	sess := fixtureSession(t, s)
	base := basePage{Title: "Fixture", LoggedIn: true, CSRF: "token"}
	row := summarize(sess)
	latest, attempts := latestAnswers(sess)
	var results []questionResult
	for i, q := range sess.Questions {
		results = append(results, questionResult{Index: i + 1, Question: q, Latest: latest[q.ID], Attempts: attempts[q.ID]})
	}
	view := practiceView{basePage: base, Session: sess, Question: sess.Questions[1], Index: 2, Total: 3, Answered: 1,
		Steps:  []step{{1, sess.Questions[0].ID, true, false}, {2, sess.Questions[1].ID, false, true}, {3, sess.Questions[2].ID, false, false}},
		Answer: "kept <answer>", Error: "The answer is empty.", SkipTo: sess.Questions[2].ID, Attempts: 1, NextQuestionID: sess.Questions[1].ID}
	scored := view
	scored.Result = &sess.Answers[0]
	local := *sess.Answers[0].Evaluation
	local.Scorer, local.Model, local.FallbackReason = coach.ScorerLocal, "", "the model timed out"
	fallback := view
	fallback.Result = &coach.Answer{ID: "x", SessionID: sess.ID, QuestionID: sess.Questions[0].ID, Text: "t", Evaluation: &local}
	unscored := view
	unscored.Result = &coach.Answer{ID: "y", SessionID: sess.ID, QuestionID: sess.Questions[0].ID, Text: "t"}
	loggedOut := basePage{Title: "Fixture", CSRF: "token"}
	reviewed := sess.Answers[0]
	coachScore := 64
	reviewed.Review = &coach.Review{CoachName: "Grace", Comment: "Tighten the result.", Score: &coachScore}

	cases := []struct {
		page, block string
		data        any
		want        []string
	}{
		{"landing", "layout", landingPage{basePage: loggedOut, LoggedOut: true, Roles: s.bank.Roles()}, []string{"HR screening", "User interview", "How to prepare", "You are logged out"}},
		{"signup", "layout", authPage{basePage: loggedOut, Name: "A", Email: "a@example.com", Kind: "coach", Next: "/sessions", Error: "Bad", Field: "email"}, []string{`value="coach" checked`, `name="next" value="/sessions"`, `role="alert"`}},
		{"login", "layout", authPage{basePage: loggedOut, Email: "a@example.com", Error: "Wrong email or password.", Field: "password"}, []string{`value="a@example.com"`, "Wrong email"}},
		{"dashboard", "layout", dashboardPage{basePage: base, User: coach.User{Name: "Ada"}, Recent: []sessionRow{row}, Sessions: 7, Answers: 9,
			Readiness: []coach.Readiness{{Role: "sales", Track: coach.TrackHR, Score: 58, Verdict: coach.VerdictGetting, Answers: 4, Streak: 3,
				Reasons: []string{"Recent answers average 61/100."}, Next: []string{"Work on Structure."}}}},
			[]string{"Hello, Ada", "All 7 sessions", "Sales · HR screening", "getting there", "3-day streak", "Work on Structure.", "role=sales&amp;track=hr"}},
		{"dashboard", "layout", dashboardPage{basePage: base, User: coach.User{Name: "New"}}, []string{"No sessions yet"}},
		{"setup", "layout", setupPage{basePage: base, Form: setupForm{Role: "sales", Track: "user", Seniority: "mid", Count: "0", JobDescription: "JD"}, Roles: s.bank.Roles(), Seniorities: coach.Seniorities, MaxCount: 20, MaxJobDescription: 20000, Error: "Bad count", Field: "count", Welcome: true}, []string{`value="sales" selected`, `value="mid" selected`, `value="user" checked`, "20,000", "JD</textarea>"}},
		{"practice", "layout", view, []string{"Question 2 of 3", "kept &lt;answer&gt;</textarea>", "The answer is empty.", `aria-current="step"`, "Skip for now", "data-timer"}},
		{"practice", "practice-swap", view, []string{"<title>", `id="practice"`}},
		{"answer", "layout", scored, []string{"Scored by gpt-4.1-mini", "<meter", "Owns the actions", "Quantify the result", "Blames the team", flagLabels[coach.FlagTooShort], "Brand new flag", "What would you do differently?", "&lt;script&gt;", "Next question", "it was &lt;b&gt;fast&lt;/b&gt;"}},
		{"answer", "evaluation-swap", fallback, []string{"Scored by the built-in rubric", "the model timed out"}},
		{"answer", "layout", unscored, []string{"Your answer is saved"}},
		{"history", "layout", historyPage{basePage: base, Roles: s.bank.Roles(), Matched: 1, PageNo: 1, Next: "/sessions?page=2",
			Sessions: []historySession{{sessionRow: row, Items: []historyAnswer{{Answer: reviewed, Question: sess.Questions[0],
				Marked: s.markInList(sess, &sess.Answers[0]), Attempts: 2, Change: -4, HasChange: true,
				Retry: retryForm{CSRF: "token", QuestionID: sess.Questions[0].ID, Role: "software-engineer", Track: coach.TrackUser}}}}}},
			[]string{"Software Engineer", "1 of 3 answered", "Continue", "−4 since the previous attempt", "Compare 2 attempts", "Retry this question",
				"Your coach, Grace (score 64/100, used for readiness):", "Tighten the result.", "Older sessions", "&lt;script&gt;", "/export?format=csv"}},
		{"history", "layout", historyPage{basePage: base}, []string{"Nothing here yet"}},
		{"history", "layout", historyPage{basePage: base, Filtered: true, Error: "Bad date", Field: "from", Form: historyForm{From: "nope"}},
			[]string{"No sessions match", "Bad date", `value="nope" aria-invalid="true"`, "Clear filters"}},
		{"compare", "layout", comparePage{basePage: base, Question: sess.Questions[0]}, []string{"not answered this question yet", "Retry this question"}},
		{"browse", "layout", browsePage{basePage: base, Roles: s.bank.Roles(), Groups: []categoryGroup{{coach.TrackHR, coach.Categories[coach.TrackHR]}},
			Seniorities: coach.Seniorities, Questions: sess.Questions, Total: 3, From: 1, To: 3, CanStartSet: true, MaxCount: 20,
			Form: browseForm{Role: "software-engineer", Track: "user"}},
			[]string{"Questions 1–3 of 3", "Practise this set", "Practise this question", "What the interviewer assesses", "Red flags", "Target length"}},
		{"browse", "layout", browsePage{basePage: loggedOut, Error: "Unknown role"}, []string{"Unknown role"}},
		{"roles", "layout", rolesPage{basePage: loggedOut, Roles: s.bank.Roles()}, []string{"Software Engineer", "role=software-engineer&amp;track=user"}},
		{"summary", "layout", summaryPage{basePage: base, Row: row, Results: results}, []string{"72", "Answer this question", "Go, Kubernetes", "Continue where you left off"}},
		{"error", "layout", errorPage{basePage: loggedOut, Status: 503, Heading: "Down", Message: "Redis is not reachable.", RequestID: "req-1"}, []string{"Error 503", "req-1", `href="/"`}},
		{"error", "error-box", errorPage{basePage: base, Status: 404, Heading: "Gone", Message: "m", RequestID: "req-2"}, []string{"req-2", `href="/dashboard"`}},
	}
	for _, tc := range cases {
		t.Run(tc.page+"/"+tc.block, func(t *testing.T) {
			var buf bytes.Buffer
			if err := s.pages[tc.page].ExecuteTemplate(&buf, tc.block, tc.data); err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(buf.String(), w) {
					t.Errorf("output lacks %q", w)
				}
			}
			if strings.Contains(buf.String(), "<script>alert") {
				t.Error("user text is not escaped")
			}
		})
	}
	if len(s.pages) != 13+coachPages {
		t.Errorf("%d pages parsed; update this test when adding one", len(s.pages))
	}
}

// TestParsePagesFailsFast checks that a broken or incomplete template is
// reported at start-up, naming the page.
func TestParsePagesFailsFast(t *testing.T) {
	layout := `{{define "layout"}}<main>{{template "main" .}}</main>{{end}}`
	cases := map[string]fstest.MapFS{
		"syntax error": {
			"templates/layout.html":     {Data: []byte(layout)},
			"templates/pages/home.html": {Data: []byte(`{{define "title"}}x{{end}}{{define "main"}}{{if}}{{end}}`)},
		},
		"unknown function": {
			"templates/layout.html":     {Data: []byte(layout)},
			"templates/pages/home.html": {Data: []byte(`{{define "title"}}x{{end}}{{define "main"}}{{nope .}}{{end}}`)},
		},
		"no main block": {
			"templates/layout.html":     {Data: []byte(layout)},
			"templates/pages/home.html": {Data: []byte(`{{define "title"}}x{{end}}`)},
		},
		"no pages": {"templates/layout.html": {Data: []byte(layout)}},
	}
	for name, fsys := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := parsePages(fsys, template.FuncMap{}); err == nil {
				t.Fatal("no error")
			}
		})
	}
}

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{
		"/dashboard":                    "/dashboard",
		"/practice/abc?q=x#frag":        "/practice/abc?q=x#frag",
		"":                              "",
		"dashboard":                     "",
		"//evil.example/x":              "",
		"/\\evil.example":               "",
		"https://evil.example/":         "",
		"/ok\r\nSet-Cookie: a=b":        "",
		"/%0d%0aX: y":                   "/%0d%0aX: y",
		"javascript:alert(1)":           "",
		"/" + strings.Repeat("a", 2000): "",
	} {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 20000: "20,000", 1234567: "1,234,567", -4500: "-4,500"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// BenchmarkRenderPracticePage measures the server time of the practice
// screen: "template" is the page render alone, "request" the whole GET
// through the router with cookie authentication and the session read
// from a real Redis.
func BenchmarkRenderPracticePage(b *testing.B) {
	s := fixtureServer(b)
	sess := fixtureSession(b, s)
	b.Run("template", func(b *testing.B) {
		view := practiceView{basePage: basePage{Title: "Practice", LoggedIn: true, CSRF: "token"}, Session: sess, Question: sess.Questions[1], Index: 2, Total: 3}
		var buf bytes.Buffer
		b.ReportAllocs()
		for b.Loop() {
			buf.Reset()
			if err := s.pages["practice"].ExecuteTemplate(&buf, "layout", view); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(buf.Len()), "html-bytes")
	})
	b.Run("request", func(b *testing.B) {
		rdb := redistest.MustClient(b)
		svc := &coach.Service{Store: redisstore.New(rdb), Bank: s.bank, Scorer: rubric.New()}
		srv, err := New(Config{Service: svc, Bank: s.bank, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			b.Fatal(err)
		}
		u, token, err := svc.Signup(b.Context(), coach.SignupInput{Email: "bench@example.com", Password: "correct horse battery", Name: "Bench", Kind: coach.KindSeeker})
		if err != nil {
			b.Fatal(err)
		}
		started, err := svc.StartSession(b.Context(), coach.Identity{UserID: u.ID, Kind: u.Kind}, coach.StartInput{Role: "software-engineer", Track: coach.TrackUser})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			req := httptest.NewRequest("GET", "/practice/"+started.ID, nil)
			req.AddCookie(&http.Cookie{Name: sessionCookie, Value: token})
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Fatalf("status %d", rec.Code)
			}
		}
	})
}
