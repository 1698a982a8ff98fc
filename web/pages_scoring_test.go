package web_test

import (
	"bufio"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/coach/llm"
	"github.com/interviewcoach/coach/coach/llm/llmtest"
	"github.com/interviewcoach/coach/coach/rubric"
)

// withLLM makes the app score with the LLM scorer against fake.
func withLLM(fake *llmtest.Server) func(*coach.Service) {
	return func(svc *coach.Service) {
		svc.Scorer = llm.New(llm.Config{APIKey: llmtest.Key, BaseURL: fake.URL(), Model: fake.Model(), Timeout: 10 * time.Second},
			rubric.New(), llm.WithBreaker(1000, time.Second))
	}
}

// event is one Server-Sent Event.
type event struct{ name, data string }

// eventStream reads Server-Sent Events from a live response, one at a time.
type eventStream struct {
	res *http.Response
	sc  *bufio.Scanner
}

func (v *visitor) events(t *testing.T, path string) *eventStream {
	t.Helper()
	req, _ := http.NewRequest("GET", v.a.url+path, nil)
	req.Header.Set("Accept", "text/event-stream")
	res, err := v.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("events: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	return &eventStream{res: res, sc: sc}
}

// next returns the next event, or ok false at the end of the stream.
func (s *eventStream) next() (e event, ok bool) {
	var data []string
	for s.sc.Scan() {
		line := s.sc.Text()
		switch {
		case line == "":
			if e.name != "" || data != nil {
				e.data = strings.Join(data, "\n")
				return e, true
			}
		case strings.HasPrefix(line, "event:"):
			e.name = strings.TrimSpace(strings.TrimPrefix(line, "event:"))
		case strings.HasPrefix(line, "data:"):
			data = append(data, strings.TrimPrefix(line, "data:"))
		}
	}
	return e, false
}

var scoreStream = regexp.MustCompile(`data-score-stream="([^"]+)"`)

// submitWithHTMX answers the first question of a new session the way the
// page does with JavaScript and returns the page fragment.
func submitWithHTMX(t *testing.T, v *visitor) (practiceURL string, p page) {
	t.Helper()
	practiceURL = v.startPractice(t, url.Values{"role": {"data-analyst"}, "track": {"hr"}, "count": {"1"}})
	q := v.get(practiceURL)
	qid := questionInput.FindStringSubmatch(q.body)[1]
	p = v.post(practiceURL+"/answers", url.Values{"csrf": {q.csrf(t)}, "question_id": {qid},
		"answer": {"I want this role because your team builds the reporting that clinics rely on, and I have two years of SQL dashboards behind me."}},
		"HX-Request", "true")
	if p.status != http.StatusCreated {
		t.Fatalf("htmx submit: %d %.500s", p.status, p.body)
	}
	return practiceURL, p
}

// The practice page shows "Scoring…" while the model works, then the
// evaluation, over Server-Sent Events; the answer is stored before.
func TestScoringStreamsProgressThenEvaluation(t *testing.T) {
	fake := llmtest.New(t, "test-model")
	release := make(chan struct{})
	fake.Always(func(w http.ResponseWriter, r *http.Request, s llmtest.Seen) {
		<-release
		fake.Reply(83, 80)(w, r, s)
	})
	a := mustApp(t, withLLM(fake))
	v := signUp(t, a, "stream@example.com")
	practiceURL, p := submitWithHTMX(t, v)
	m := scoreStream.FindStringSubmatch(p.body)
	if m == nil || !strings.Contains(p.body, "Score it now") {
		t.Fatalf("the fragment has no scoring stream and no fallback form: %.800s", p.body)
	}
	if push := p.header.Get("HX-Push-Url"); !strings.HasPrefix(push, practiceURL+"/answers/") {
		t.Errorf("HX-Push-Url = %q", push)
	}
	// Stored, not yet scored.
	sess, _, err := a.svc.Sessions(t.Context(), mustIdentityOf(t, a, "stream@example.com"), coach.SessionPage{})
	if err != nil || len(sess) != 1 || len(sess[0].Answers) != 1 || sess[0].Answers[0].Evaluation != nil {
		t.Fatalf("want the answer stored unscored before scoring: %+v %v", sess, err)
	}

	stream := v.events(t, m[1])
	first, ok := stream.next()
	if !ok || first.name != "progress" || !strings.Contains(first.data, "Scoring") {
		t.Fatalf("first event %+v, want progress", first)
	}
	close(release) // the model answers only after the page said "Scoring…"
	var last event
	for e, ok := stream.next(); ok; e, ok = stream.next() {
		last = e
		if e.name != "progress" {
			break
		}
	}
	if last.name != "evaluation" || !strings.Contains(last.data, `id="practice"`) ||
		!strings.Contains(last.data, "Scored by test-model") || !strings.Contains(last.data, ">83<") ||
		!strings.Contains(last.data, `class="card marked-answer"`) {
		t.Fatalf("last event %s: %.600s", last.name, last.data)
	}
	if _, more := stream.next(); more {
		t.Error("the stream went on after the evaluation")
	}

	// Opening the stream again (a reload) shows the stored evaluation
	// without asking the model again.
	again, _ := v.events(t, m[1]).next()
	if again.name != "evaluation" || !strings.Contains(again.data, "Scored by test-model") {
		t.Errorf("reopened stream: %s %.300s", again.name, again.data)
	}
	if fake.Requests() != 1 {
		t.Errorf("%d model calls, want 1", fake.Requests())
	}
	page := v.get(strings.TrimSuffix(m[1], "/events"))
	if page.status != http.StatusOK || !strings.Contains(page.body, "Scored by test-model") || strings.Contains(page.body, "data-score-stream") {
		t.Errorf("answer page after scoring: %d %.300s", page.status, page.body)
	}

	// Nobody else can follow (or trigger) the scoring of this answer.
	other := signUp(t, a, "other@example.com")
	if got := other.get(m[1]); got.status != http.StatusNotFound {
		t.Errorf("another user's stream: %d", got.status)
	}
}

// A failing model still ends the stream with an evaluation, labelled as
// the built-in rubric's with the reason; the page never shows a 5xx.
func TestScoringStreamFallsBackHonestly(t *testing.T) {
	fake := llmtest.New(t, "test-model")
	fake.Always(llmtest.Status(http.StatusInternalServerError))
	a := mustApp(t, withLLM(fake))
	v := signUp(t, a, "fallback@example.com")
	_, p := submitWithHTMX(t, v)
	stream := v.events(t, scoreStream.FindStringSubmatch(p.body)[1])
	var last event
	for e, ok := stream.next(); ok; e, ok = stream.next() {
		last = e
	}
	if last.name != "evaluation" || !strings.Contains(last.data, "Scored by the built-in rubric") ||
		!strings.Contains(last.data, "The AI scorer was not available") {
		t.Fatalf("last event %s: %.800s", last.name, last.data)
	}
}

// Without JavaScript, an answer left waiting for its score (the scorer
// was down) is scored by a plain form post.
func TestScoreNowWithoutJavaScript(t *testing.T) {
	a := mustApp(t)
	v := signUp(t, a, "nojs@example.com")
	practiceURL := v.startPractice(t, url.Values{"role": {"qa-engineer"}, "track": {"user"}, "count": {"1"}})
	id := mustIdentityOf(t, a, "nojs@example.com")
	sessionID := strings.TrimPrefix(practiceURL, "/practice/")
	sess, err := a.svc.Session(t.Context(), id, sessionID)
	if err != nil {
		t.Fatal(err)
	}
	ans, err := a.svc.SaveAnswer(t.Context(), id, sessionID, coach.Submission{QuestionID: sess.Questions[0].ID, Text: "I would start from the riskiest user flows and automate the checks that failed before."})
	if err != nil {
		t.Fatal(err)
	}
	answerURL := practiceURL + "/answers/" + ans.ID
	waiting := v.get(answerURL)
	if waiting.status != http.StatusOK || !strings.Contains(waiting.body, "Score it now") {
		t.Fatalf("waiting answer page: %d %.300s", waiting.status, waiting.body)
	}
	res := v.post(answerURL+"/score", url.Values{"csrf": {waiting.csrf(t)}})
	if res.status != http.StatusSeeOther || res.header.Get("Location") != answerURL {
		t.Fatalf("score now: %d %v", res.status, res.header)
	}
	done := v.get(answerURL)
	if !strings.Contains(done.body, "Scored by the built-in rubric") || strings.Contains(done.body, "Score it now") {
		t.Fatalf("scored answer page: %.500s", done.body)
	}
	// Without the CSRF token the post is refused.
	if res := v.post(answerURL+"/score", url.Values{}); res.status != http.StatusForbidden {
		t.Errorf("score now without CSRF: %d", res.status)
	}
}

// mustIdentityOf finds the identity of the account with email.
func mustIdentityOf(t *testing.T, a *app, email string) coach.Identity {
	t.Helper()
	u, err := a.svc.Store.UserByEmail(t.Context(), email)
	if err != nil {
		t.Fatal(err)
	}
	return coach.Identity{UserID: u.ID, Kind: u.Kind}
}
