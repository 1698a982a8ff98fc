package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/interviewcoach/coach/coach"
)

// testClock is a settable clock for Service.Now, so sessions get the dates
// the date filters are tested with.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

const weakAnswer = "Um, basically I would, you know, work hard."

// answerPage posts an answer without JavaScript and returns the
// evaluation page's path.
func (v *visitor) answer(t testing.TB, practice, qid, text string) string {
	t.Helper()
	p := v.get(practice + "?q=" + qid)
	p = v.post(practice+"/answers", url.Values{"csrf": {p.csrf(t)}, "question_id": {qid}, "answer": {text}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("answer: %d %.300s", p.status, p.body)
	}
	return p.header.Get("Location")
}

// questionsOf returns the question ids of a practice session, in order.
func (v *visitor) questionsOf(t testing.TB, practice string) []string {
	t.Helper()
	var ids []string
	for _, m := range regexp.MustCompile(`<li class="step[^"]*"><a href="`+regexp.QuoteMeta(practice)+`\?q=([^"]+)"`).FindAllStringSubmatch(v.get(practice).body, -1) {
		ids = append(ids, m[1])
	}
	if len(ids) == 0 {
		t.Fatalf("no questions on %s", practice)
	}
	return ids
}

// historyFixture is three sessions on three dates:
//
//	1 Oct  data-analyst HR      strong, weak
//	10 Oct sales user           strong
//	20 Oct data-analyst user    weak, then strong on the same question
type historyFixture struct {
	v        *visitor
	retryQID string
}

func newHistoryFixture(t *testing.T) (*app, historyFixture) {
	t.Helper()
	clock := &testClock{t: time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)}
	a := mustApp(t, func(svc *coach.Service) { svc.Now = clock.Now; svc.ScoreLimit = coach.Limit{} })
	v := signUp(t, a, "history@example.com")
	p1 := v.startPractice(t, url.Values{"role": {"data-analyst"}, "track": {"hr"}, "count": {"2"}})
	q1 := v.questionsOf(t, p1)
	v.answer(t, p1, q1[0], strongAnswer)
	v.answer(t, p1, q1[1], weakAnswer)
	clock.Set(time.Date(2026, 10, 10, 9, 0, 0, 0, time.UTC))
	p2 := v.startPractice(t, url.Values{"role": {"sales"}, "track": {"user"}, "count": {"1"}})
	v.answer(t, p2, v.questionsOf(t, p2)[0], strongAnswer)
	clock.Set(time.Date(2026, 10, 20, 9, 0, 0, 0, time.UTC))
	p3 := v.startPractice(t, url.Values{"role": {"data-analyst"}, "track": {"user"}, "count": {"1"}})
	q3 := v.questionsOf(t, p3)[0]
	v.answer(t, p3, q3, weakAnswer)
	clock.Set(time.Date(2026, 10, 20, 9, 5, 0, 0, time.UTC))
	v.answer(t, p3, q3, strongAnswer)
	return a, historyFixture{v: v, retryQID: q3}
}

var (
	sessionCard = regexp.MustCompile(`<li class="card history-session">[\s\S]*?<h2 class="session-title"><a href="/sessions/[^"]+">([^<]+)</a>`)
	answerScore = regexp.MustCompile(`<li class="history-answer" data-question="[^"]+" data-score="(\d+)">`)
)

func sessionTitles(body string) []string {
	var out []string
	for _, m := range sessionCard.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

func answerScores(t *testing.T, body string) []int {
	t.Helper()
	var out []int
	for _, m := range answerScore.FindAllStringSubmatch(body, -1) {
		n, _ := strconv.Atoi(m[1])
		out = append(out, n)
	}
	return out
}

func TestHistoryPageFilters(t *testing.T) {
	_, f := newHistoryFixture(t)
	v := f.v
	all := v.get("/sessions")
	if all.status != 200 {
		t.Fatalf("%d", all.status)
	}
	if got := strings.Join(sessionTitles(all.body), " | "); got != "Data Analyst · User interview | Sales · User interview | Data Analyst · HR screening" {
		t.Fatalf("sessions %q, want all three newest first", got)
	}
	scores := answerScores(t, all.body)
	if len(scores) != 5 {
		t.Fatalf("%d answers listed, want 5", len(scores))
	}
	for _, want := range []string{"Compare 2 attempts", "since the previous attempt", "Retry this question",
		`class="card marked-answer"`, "mk mk-filler", "STAR: "} {
		if !strings.Contains(all.body, want) {
			t.Errorf("history lacks %q", want)
		}
	}

	cases := []struct {
		query string
		want  string // session titles
	}{
		{"role=sales", "Sales · User interview"},
		{"track=hr", "Data Analyst · HR screening"},
		{"role=data-analyst&track=user", "Data Analyst · User interview"},
		{"from=2026-10-05&to=2026-10-15", "Sales · User interview"},
		{"from=2026-10-10", "Data Analyst · User interview | Sales · User interview"},
		{"to=2026-10-01", "Data Analyst · HR screening"},
	}
	for _, tc := range cases {
		t.Run(tc.query, func(t *testing.T) {
			p := v.get("/sessions?" + tc.query)
			if got := strings.Join(sessionTitles(p.body), " | "); p.status != 200 || got != tc.want {
				t.Fatalf("%d: sessions %q, want %q", p.status, got, tc.want)
			}
			if !strings.Contains(p.body, "Clear filters") {
				t.Error("no way to clear the filters")
			}
		})
	}

	// Score bounds filter the answers, and sessions left with none go.
	lowest := 100
	for _, s := range scores {
		lowest = min(lowest, s)
	}
	low := v.get("/sessions?max=" + strconv.Itoa(lowest))
	for _, s := range answerScores(t, low.body) {
		if s > lowest {
			t.Errorf("max=%d shows a score of %d", lowest, s)
		}
	}
	if n := len(answerScores(t, low.body)); n == 0 || n >= len(scores) {
		t.Errorf("max=%d shows %d of %d answers", lowest, n, len(scores))
	}
	high := v.get("/sessions?min=" + strconv.Itoa(lowest+1))
	if n := len(answerScores(t, high.body)) + len(answerScores(t, low.body)); n != len(scores) {
		t.Errorf("min and max split %d answers into %d", len(scores), n)
	}
	for _, s := range answerScores(t, high.body) {
		if s <= lowest {
			t.Errorf("min=%d shows %d", lowest+1, s)
		}
	}

	// Bad input: the form comes back with the message and what was typed.
	for q, want := range map[string]string{
		"from=yesterday":                "YYYY-MM-DD",
		"min=80&max=20":                 "highest score is below the lowest",
		"min=101":                       "from 0 to 100",
		"from=2026-10-10&to=2026-10-01": "end date is before the start date",
		"role=astronaut":                "Unknown role",
	} {
		p := v.get("/sessions?" + q)
		if p.status != http.StatusBadRequest || !strings.Contains(p.body, want) || !strings.Contains(p.body, `aria-invalid="true"`) {
			t.Errorf("%s: %d, lacks %q", q, p.status, want)
		}
	}
	if p := v.get("/sessions?role=sales&page=2"); p.status != 200 || len(sessionTitles(p.body)) != 0 {
		t.Errorf("page past the end: %d %v", p.status, sessionTitles(p.body))
	}
}

func TestHistoryPaging(t *testing.T) {
	a := mustApp(t)
	v := signUp(t, a, "paging@example.com")
	for i := 0; i < 12; i++ {
		v.startPractice(t, url.Values{"role": {"sales"}, "track": {"hr"}, "count": {"1"}})
	}
	p := v.get("/sessions")
	if n := len(sessionTitles(p.body)); n != 10 || !strings.Contains(p.body, `href="/sessions?page=2" rel="next"`) {
		t.Fatalf("first page: %d sessions, next link missing", n)
	}
	p = v.get("/sessions?page=2")
	if n := len(sessionTitles(p.body)); n != 2 || !strings.Contains(p.body, `rel="prev"`) || strings.Contains(p.body, `rel="next"`) {
		t.Fatalf("second page: %d sessions", n)
	}
	// Filters survive paging.
	if p := v.get("/sessions?track=hr"); !strings.Contains(p.body, `href="/sessions?page=2&amp;track=hr"`) {
		t.Error("the next link drops the filter")
	}
}

func TestComparePageAndRetry(t *testing.T) {
	a, f := newHistoryFixture(t)
	v := f.v
	p := v.get("/questions/" + f.retryQID + "/attempts")
	if p.status != 200 {
		t.Fatalf("%d %.300s", p.status, p.body)
	}
	// html/template writes "+" as "&#43;".
	change := regexp.MustCompile(`Score change: <strong>(&#43;|[+−±])\d+</strong>`).FindStringSubmatch(p.body)
	if change == nil || change[1] != "&#43;" {
		t.Fatalf("no positive score change from the weak to the strong attempt: %v", change)
	}
	for _, want := range []string{`data-attempt="1"`, `data-attempt="2"`, "<caption>Rubric lines, attempt 1 against attempt 2</caption>", "Every attempt", "Retry this question"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("compare page lacks %q", want)
		}
	}
	// Picking the same attempt twice shows one column and no change.
	ids := regexp.MustCompile(`<option value="([^"]+)"`).FindAllStringSubmatch(p.body, -1)
	if one := v.get("/questions/" + f.retryQID + "/attempts?a=" + ids[1][1] + "&b=" + ids[1][1]); strings.Contains(one.body, `data-attempt="1"`) || strings.Contains(one.body, "Score change") {
		t.Error("the same attempt twice is still compared")
	}

	// Retry posts a new session with just that question.
	retry := regexp.MustCompile(`<form method="post" action="/practice/questions" class="inline-form retry-form">[\s\S]*?</form>`).FindString(p.body)
	form := url.Values{}
	for _, m := range regexp.MustCompile(`name="([a-z_]+)" value="([^"]*)"`).FindAllStringSubmatch(retry, -1) {
		form.Set(m[1], m[2])
	}
	if form.Get("question_id") != f.retryQID || form.Get("role") != "data-analyst" || form.Get("track") != "user" || form.Get("csrf") == "" {
		t.Fatalf("retry form %v", form)
	}
	r := v.post("/practice/questions", form)
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/practice/") {
		t.Fatalf("retry: %d %v", r.status, r.header)
	}
	if qs := v.questionsOf(t, r.header.Get("Location")); len(qs) != 1 || qs[0] != f.retryQID {
		t.Fatalf("retry session asks %v", qs)
	}
	if r := v.post("/practice/questions", url.Values{"question_id": {f.retryQID}}); r.status != http.StatusForbidden {
		t.Errorf("retry without CSRF: %d", r.status)
	}

	// Nobody else sees these attempts; unknown questions are 404.
	other := signUp(t, a, "other-compare@example.com")
	if p := other.get("/questions/" + f.retryQID + "/attempts"); p.status != 200 || !strings.Contains(p.body, "not answered this question yet") || strings.Contains(p.body, "data-attempt") {
		t.Errorf("another user's compare page: %d", p.status)
	}
	if p := v.get("/questions/no-such-question/attempts"); p.status != http.StatusNotFound {
		t.Errorf("unknown question: %d", p.status)
	}
}

func TestBrowsePages(t *testing.T) {
	a := mustApp(t)
	anon := newVisitor(a)
	roles := anon.get("/roles")
	if roles.status != 200 || !strings.Contains(roles.body, `href="/questions?role=sales&amp;track=user"`) || !strings.Contains(roles.body, "HR screening: ") {
		t.Fatalf("roles: %d", roles.status)
	}
	p := anon.get("/questions?role=sales&track=user&category=technical")
	if p.status != 200 || !strings.Contains(p.body, "What the interviewer assesses") || !strings.Contains(p.body, "Likely follow-ups") ||
		!strings.Contains(p.body, `href="/login?next=/questions"`) || strings.Contains(p.body, `name="question_id"`) {
		t.Fatalf("logged-out browse: %d", p.status)
	}
	tags := regexp.MustCompile(`<span class="tag subtle">([^<]+)</span>`).FindAllStringSubmatch(p.body, -1)
	if len(tags) == 0 {
		t.Error("no question tags on the filtered browse page")
	}
	for _, tag := range tags {
		if tag[1] != "Technical" && tag[1] != "Sales" && tag[1] != "every role" && tag[1] != "junior" && tag[1] != "mid" && tag[1] != "senior" {
			t.Errorf("category filter let through %q", tag[1])
		}
	}
	if p := anon.get("/questions?q=salary&track=hr"); !strings.Contains(strings.ToLower(p.body), "salary") || !strings.Contains(p.body, "Questions 1–") {
		t.Errorf("text search: %d", p.status)
	}
	if p := anon.get("/questions?role=astronaut"); p.status != http.StatusBadRequest || !strings.Contains(p.body, "Unknown role") {
		t.Errorf("bad role: %d", p.status)
	}
	all := anon.get("/questions")
	if !strings.Contains(all.body, `rel="next"`) || strings.Count(all.body, `class="card bank-question"`) != 25 {
		t.Errorf("unfiltered list is not paged by 25")
	}

	v := signUp(t, a, "browser@example.com")
	p = v.get("/questions?role=sales&track=user&category=technical")
	if !strings.Contains(p.body, "Practise this set") || !strings.Contains(p.body, "Practise this question") {
		t.Fatal("no practice forms when logged in")
	}
	// A set from the filter.
	r := v.post("/practice/questions", url.Values{"csrf": {p.csrf(t)}, "role": {"sales"}, "track": {"user"}, "category": {"technical"}, "count": {"2"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("set from filter: %d %.300s", r.status, r.body)
	}
	set := v.questionsOf(t, r.header.Get("Location"))
	if len(set) != 2 {
		t.Fatalf("set of %d", len(set))
	}
	for _, id := range set {
		if q, err := a.svc.Bank.Question(id); err != nil || q.Category != coach.CatTechnical {
			t.Errorf("question %s is not technical", id)
		}
	}
	// One question, its role and round from the bank.
	qid := regexp.MustCompile(`data-question="([^"]+)"`).FindStringSubmatch(p.body)[1]
	r = v.post("/practice/questions", url.Values{"csrf": {p.csrf(t)}, "question_id": {qid}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("one question: %d %.300s", r.status, r.body)
	}
	if got := v.questionsOf(t, r.header.Get("Location")); len(got) != 1 || got[0] != qid {
		t.Fatalf("session asks %v, want %s", got, qid)
	}
	// A blank question id is a clear 400, not a crash.
	if r := v.post("/practice/questions", url.Values{"csrf": {p.csrf(t)}, "question_id": {"  "}}); r.status != http.StatusBadRequest || !strings.Contains(r.body, "Choose a question") {
		t.Errorf("blank question id: %d", r.status)
	}
	// A shared question needs a role.
	shared := v.get("/questions?track=hr&category=salary")
	if !strings.Contains(shared.body, "Practise as") {
		t.Error("a shared question offers no role choice without a role filter")
	}
	sq := a.svc.Bank.Questions(coach.QuestionFilter{Track: coach.TrackHR, Category: coach.CatSalary})[0]
	if r := v.post("/practice/questions", url.Values{"csrf": {p.csrf(t)}, "question_id": {sq.ID}}); r.status != http.StatusBadRequest || !strings.Contains(r.body, "Choose the role") {
		t.Errorf("shared question without a role: %d", r.status)
	}
	if r := v.post("/practice/questions", url.Values{"csrf": {p.csrf(t)}, "question_id": {sq.ID}, "role": {"marketing"}}); r.status != http.StatusSeeOther {
		t.Errorf("shared question with a role: %d %.300s", r.status, r.body)
	}
	if r := v.post("/practice/questions", url.Values{"csrf": {p.csrf(t)}, "role": {"sales"}, "track": {"user"}, "count": {"99"}}); r.status != http.StatusBadRequest {
		t.Errorf("count 99: %d", r.status)
	}
}

func TestDashboardReadinessAndPractiseNext(t *testing.T) {
	a := mustApp(t)
	v := signUp(t, a, "next@example.com")
	practice := v.startPractice(t, url.Values{"role": {"data-analyst"}, "track": {"user"}, "count": {"2"}})
	qs := v.questionsOf(t, practice)
	eval := v.answer(t, practice, qs[0], weakAnswer)
	v.answer(t, practice, qs[1], strongAnswer)

	// The answer page shows the marked-up answer.
	p := v.get(eval)
	if !strings.Contains(p.body, `class="card marked-answer"`) || !strings.Contains(p.body, `<mark class="mk mk-filler">Um`) {
		t.Errorf("answer page lacks the marked-up answer")
	}

	d := v.get("/dashboard")
	for _, want := range []string{`class="score-bar"`, `class="trend-line"`, `class="trend-dot"`, "Practise next", "1-day streak",
		`action="/practice/next"`, "Questions to retry", "Recent average", "Data Analyst · User interview"} {
		if !strings.Contains(d.body, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
	r := v.post("/practice/next", url.Values{"csrf": {d.csrf(t)}, "role": {"data-analyst"}, "track": {"user"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("practise next: %d %.300s", r.status, r.body)
	}
	next := v.questionsOf(t, r.header.Get("Location"))
	if next[0] != qs[0] || len(next) != coach.DefaultQuestionCount {
		t.Fatalf("practise next asks %v; want the weak answer's question %s first", next, qs[0])
	}
	// The first question says why the set is what it is. The strong
	// answer may also score under 60 on some of the role's questions
	// (drawn at random), and then both are retried.
	retry := regexp.MustCompile(`<li>Retry (a question|2 questions) you scored under 60\.</li>`)
	if p := v.get(r.header.Get("Location")); !strings.Contains(p.body, "Why these questions") || !retry.MatchString(p.body) {
		t.Errorf("practise-next page lacks its reasons")
	}
	if r := v.post("/practice/next", url.Values{"csrf": {d.csrf(t)}, "role": {"astronaut"}, "track": {"user"}}); r.status != http.StatusBadRequest {
		t.Errorf("unknown role: %d", r.status)
	}
}
