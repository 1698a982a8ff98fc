package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/interviewcoach/coach/coach"
)

// seedT0 is when seeded histories start; answers follow a minute apart.
var seedT0 = time.Date(2026, 10, 1, 8, 0, 0, 0, time.UTC)

// seedHistory gives a user n scored answers, alternating the two rounds of
// the data-analyst role in sessions of up to 20 questions. Sessions come
// from Service.StartSession and evaluations from the real local scorer;
// each answer is then stored with Store.SaveScoredAnswer, the write that
// SubmitAnswer ends with, so a thousand answers take a second rather than
// a rate-limited minute. It returns the sessions, oldest first.
func seedHistory(tb testing.TB, a *app, u coach.User, n int) []coach.Session {
	tb.Helper()
	ctx := context.Background()
	id := coach.Identity{UserID: u.ID, Kind: u.Kind}
	role, _ := a.svc.Bank.Role("data-analyst")
	texts := []string{strongAnswer, "Um, I basically think I would, you know, do my best and work hard.",
		"I led a churn analysis in SQL: I split users by cohort, built a Looker dashboard, and as a result churn fell by 3 points."}
	cache := map[string]coach.Evaluation{}
	var out []coach.Session
	for i, k := 0, 0; i < n; k++ {
		track := coach.Tracks[k%2]
		sess, err := a.svc.StartSession(ctx, id, coach.StartInput{Role: role.ID, Track: track, Count: min(20, n-i)})
		if err != nil {
			tb.Fatal(err)
		}
		cats := roundCategories(a, role.ID, track)
		for _, q := range sess.Questions {
			text := texts[i%len(texts)]
			ev, ok := cache[q.ID+text]
			if !ok {
				ev, err = a.svc.Scorer.Score(ctx, coach.ScoreRequest{Question: q, Answer: text, RoleTerms: role.Terms})
				if err != nil {
					tb.Fatal(err)
				}
				cache[q.ID+text] = ev
			}
			at := seedT0.Add(time.Duration(i) * time.Minute)
			ans := coach.Answer{ID: coach.NewOwnedID(u.ID), SessionID: sess.ID, UserID: u.ID, QuestionID: q.ID, Text: text, Evaluation: &ev, CreatedAt: at}
			err := a.svc.Store.SaveScoredAnswer(ctx, ans, coach.ReadinessKey(role.ID, track), func(st *coach.ReadinessState) {
				st.Role, st.Track = role.ID, track
				st.Add(q, ev.Overall, ev.Criteria, at, cats)
			})
			if err != nil {
				tb.Fatal(err)
			}
			sess.Answers = append(sess.Answers, ans)
			i++
		}
		out = append(out, sess)
	}
	return out
}

// roundCategories mirrors the readiness coverage list: the round's
// categories the role has questions in, the follow-up note aside.
func roundCategories(a *app, role string, t coach.Track) []string {
	has := map[string]bool{}
	for _, q := range a.svc.Bank.Questions(coach.QuestionFilter{Role: role, Track: t}) {
		has[q.Category] = true
	}
	var out []string
	for _, c := range coach.Categories[t] {
		if has[c] && c != coach.CatFollowUp {
			out = append(out, c)
		}
	}
	return out
}

// exportHistory gives a user a small history through the public API,
// with answers that stress the formats: commas, quotes, line breaks,
// Markdown and HTML, non-ASCII, and a second attempt at one question.
func exportHistory(t *testing.T, a *app) (coach.User, string) {
	t.Helper()
	u, token := a.signup("export@example.com")
	tricky := []string{
		strongAnswer,
		"I said \"no\", then yes; costs fell 12,5 % — naïve? <b>not</b> really.\n\n# Not a heading\n> nor a quote",
		"Um, basically I would, you know, work hard.",
	}
	for i, track := range []string{"user", "hr"} {
		sess := a.startSession(token, map[string]any{"role": "data-analyst", "track": track, "count": 3})
		for j, q := range sess.Questions {
			r := a.json("POST", "/api/v1/sessions/"+sess.ID+"/answers", token, map[string]string{"question_id": q.ID, "answer": tricky[(i+j)%len(tricky)]})
			if r.status != http.StatusCreated {
				t.Fatalf("answer: %d %s", r.status, r.body)
			}
		}
		// A second attempt at the first question.
		if r := a.json("POST", "/api/v1/sessions/"+sess.ID+"/answers", token, map[string]string{"question_id": sess.Questions[0].ID, "answer": tricky[1]}); r.status != http.StatusCreated {
			t.Fatalf("second attempt: %d %s", r.status, r.body)
		}
	}
	return u, token
}

func storedSessions(t testing.TB, a *app, u coach.User) []coach.Session {
	t.Helper()
	list, _, err := a.svc.Sessions(context.Background(), coach.Identity{UserID: u.ID, Kind: u.Kind}, coach.SessionPage{})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func TestExportCSVRoundTrip(t *testing.T) {
	a := mustApp(t)
	u, token := exportHistory(t, a)
	r := a.do("GET", "/api/v1/export?format=csv", token, "", nil)
	if r.status != 200 || r.header.Get("Content-Type") != "text/csv; charset=utf-8" ||
		!regexp.MustCompile(`^attachment; filename="interview-coach-\d{4}-\d{2}-\d{2}\.csv"$`).MatchString(r.header.Get("Content-Disposition")) {
		t.Fatalf("%d %v", r.status, r.header)
	}
	rows, err := csv.NewReader(bytes.NewReader(r.body)).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v", err)
	}
	header := rows[0]
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	for _, want := range []string{"session_id", "role", "track", "question_id", "question", "answer_id", "answered_at", "answer", "overall", "scorer", "criteria", "word_count"} {
		if _, ok := col[want]; !ok {
			t.Errorf("no %s column in %v", want, header)
		}
	}
	// One row per stored answer, with the stored values.
	byID := map[string][]string{}
	for _, row := range rows[1:] {
		if len(row) != len(header) {
			t.Fatalf("row has %d fields, header %d", len(row), len(header))
		}
		byID[row[col["answer_id"]]] = row
	}
	stored := 0
	for _, sess := range storedSessions(t, a, u) {
		for _, ans := range sess.Answers {
			stored++
			row, ok := byID[ans.ID]
			if !ok {
				t.Errorf("answer %s is not in the CSV", ans.ID)
				continue
			}
			q, _ := sess.Question(ans.QuestionID)
			want := map[string]string{
				"session_id": sess.ID, "role": sess.Role, "track": string(sess.Track), "question_id": ans.QuestionID,
				"question": asSheetCell(q.Text), "answer": asSheetCell(ans.Text), "answered_at": ans.CreatedAt.Format(time.RFC3339),
				"overall": strconv.Itoa(ans.Evaluation.Overall), "scorer": ans.Evaluation.Scorer,
				"word_count": strconv.Itoa(ans.Evaluation.Insights.WordCount),
			}
			for k, v := range want {
				if row[col[k]] != v {
					t.Errorf("answer %s: %s = %q, stored %q", ans.ID, k, row[col[k]], v)
				}
			}
			if c := ans.Evaluation.Criteria[0]; !strings.Contains(row[col["criteria"]], c.Name+": "+strconv.Itoa(c.Score)) {
				t.Errorf("criteria %q lack %s", row[col["criteria"]], c.Name)
			}
		}
	}
	if stored != 8 || len(rows)-1 != stored {
		t.Fatalf("%d CSV rows for %d stored answers (want 8)", len(rows)-1, stored)
	}
}

func TestExportJSONValidates(t *testing.T) {
	a := mustApp(t)
	u, token := exportHistory(t, a)
	r := a.do("GET", "/api/v1/export?format=json", token, "", nil)
	if r.status != 200 || r.header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Fatalf("%d %v", r.status, r.header)
	}
	// Typed: every field decodes into the domain types, none unknown.
	dec := json.NewDecoder(bytes.NewReader(r.body))
	dec.DisallowUnknownFields()
	var got []coach.Session
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("the export does not decode into []coach.Session: %v", err)
	}
	// Present: the SPEC fields are there by name, not just zero values.
	var raw []map[string]any
	if err := json.Unmarshal(r.body, &raw); err != nil {
		t.Fatal(err)
	}
	for _, s := range raw {
		for _, k := range []string{"id", "role", "track", "questions", "answers", "created_at"} {
			if _, ok := s[k]; !ok {
				t.Errorf("session lacks %q", k)
			}
		}
		for _, ans := range s["answers"].([]any) {
			ev := ans.(map[string]any)["evaluation"].(map[string]any)
			for _, k := range []string{"overall", "scorer", "fallback_reason", "criteria", "strengths", "improvements", "red_flags", "flags", "insights"} {
				if _, ok := ev[k]; !ok {
					t.Errorf("evaluation lacks %q", k)
				}
			}
			for _, k := range []string{"word_count", "filler_words", "job_terms", "most_used_words", "star"} {
				if _, ok := ev["insights"].(map[string]any)[k]; !ok {
					t.Errorf("insights lack %q", k)
				}
			}
		}
	}
	// Equal: the same sessions as stored, newest first.
	want, _ := json.Marshal(storedSessions(t, a, u))
	have, _ := json.Marshal(got)
	if !bytes.Equal(want, have) {
		t.Fatalf("export differs from the store:\n got %.400s\nwant %.400s", have, want)
	}
}

func TestExportMarkdownStudySheet(t *testing.T) {
	a := mustApp(t)
	u, token := exportHistory(t, a)
	r := a.do("GET", "/api/v1/export?format=markdown", token, "", nil)
	if r.status != 200 || r.header.Get("Content-Type") != "text/markdown; charset=utf-8" {
		t.Fatalf("%d %v", r.status, r.header)
	}
	md := string(r.body)
	lines := strings.Split(md, "\n")
	var h1, h2, h3 []string
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "# "):
			h1 = append(h1, l)
		case strings.HasPrefix(l, "## "):
			h2 = append(h2, l)
		case strings.HasPrefix(l, "### "):
			h3 = append(h3, l)
		}
	}
	sessions := storedSessions(t, a, u)
	if len(h1) != 1 || h1[0] != "# Interview practice history" {
		t.Errorf("title headings %q", h1)
	}
	if len(h2) != len(sessions) || !strings.HasPrefix(h2[0], "## Data Analyst · HR screening · ") {
		t.Errorf("session headings %q, want one per session, newest (HR) first", h2)
	}
	if len(h3) != 8 {
		t.Errorf("%d question headings, want one per answer (8): %q", len(h3), h3)
	}
	q, _ := sessions[0].Question(sessions[0].Answers[0].QuestionID)
	for _, want := range []string{"### " + q.Text, "**Score: ", "**A strong answer covers**", "> # Not a heading", "> > nor a quote"} {
		if !strings.Contains(md, want) {
			t.Errorf("study sheet lacks %q", want)
		}
	}
	// The user's "# Not a heading" stays inside the quote: no stray heading.
	for _, l := range lines {
		if strings.HasPrefix(l, "# Not") {
			t.Error("answer text became a heading")
		}
	}
}

// progressWriter is a ResponseWriter that notes each write to the client
// and each Redis round trip in one timeline, to show the export is sent
// while it is still being read.
type progressWriter struct {
	header http.Header
	status int
	buf    bytes.Buffer

	mu       sync.Mutex
	events   []string // "w" for a write, "r" for a Redis round trip
	maxWrite int
}

func (p *progressWriter) Header() http.Header { return p.header }
func (p *progressWriter) WriteHeader(s int)   { p.status = s }
func (p *progressWriter) Write(b []byte) (int, error) {
	p.mu.Lock()
	p.events = append(p.events, "w")
	p.maxWrite = max(p.maxWrite, len(b))
	p.mu.Unlock()
	return p.buf.Write(b)
}

// TestExportStreams exports 1,000 answers and checks the body goes out in
// bounded pieces while sessions are still being read from Redis: the
// handler never builds the whole file in memory.
func TestExportStreams(t *testing.T) {
	a, rt := mustCountingApp(t)
	u, token := a.signup("big@example.com")
	seeded := seedHistory(t, a, u, 1000)
	// The exporter buffers 32 KB and writes a session at a time, so no
	// write should exceed the buffer plus the largest session (in JSON,
	// the most verbose format).
	largest := 0
	for _, sess := range storedSessions(t, a, u) {
		b, _ := json.Marshal(sess)
		largest = max(largest, len(b))
	}
	bound := 32<<10 + largest

	for _, format := range []string{"csv", "json", "markdown"} {
		t.Run(format, func(t *testing.T) {
			w := &progressWriter{header: http.Header{}}
			req := httptest.NewRequest("GET", "/api/v1/export?format="+format, nil)
			req.Header.Set("Authorization", "Bearer "+token)
			rt.Reset()
			a.handler.ServeHTTP(w, req)
			if w.status != 200 && w.status != 0 {
				t.Fatalf("status %d", w.status)
			}
			trips := len(rt.Trips())
			writes := strings.Count(strings.Join(w.events, ""), "w")
			if writes < 5 || w.maxWrite > bound {
				t.Errorf("%d writes, largest %d bytes: want many writes of at most %d bytes for a %d-byte body", writes, w.maxWrite, bound, w.buf.Len())
			}
			if w.buf.Len() < 10*w.maxWrite {
				t.Errorf("body of %d bytes is not much larger than the largest write (%d)", w.buf.Len(), w.maxWrite)
			}
			t.Logf("%s: %d bytes in %d writes of at most %d bytes, %d Redis round trips", format, w.buf.Len(), writes, w.maxWrite, trips)
			// Sessions are read a page at a time: more than one list read.
			if trips < 4 {
				t.Errorf("%d Redis round trips for %d sessions: the export did not page through them: %s", trips, len(seeded), rt)
			}
			switch format {
			case "csv":
				rows, err := csv.NewReader(&w.buf).ReadAll()
				if err != nil || len(rows) != 1001 {
					t.Errorf("%d rows, %v", len(rows), err)
				}
			case "json":
				var got []coach.Session
				if err := json.Unmarshal(w.buf.Bytes(), &got); err != nil || len(got) != len(seeded) {
					t.Errorf("%d sessions, %v", len(got), err)
				}
			case "markdown":
				if n := strings.Count(w.buf.String(), "\n### "); n != 1000 {
					t.Errorf("%d question headings", n)
				}
			}
		})
	}
	t.Run("interleaved", func(t *testing.T) {
		// Reads and writes on one timeline: the first write must come
		// before the last read of the history.
		w := &progressWriter{header: http.Header{}}
		req := httptest.NewRequest("GET", "/api/v1/export?format=csv", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		rt.OnTrip(func([]string) {
			w.mu.Lock()
			w.events = append(w.events, "r")
			w.mu.Unlock()
		})
		defer rt.OnTrip(nil)
		a.handler.ServeHTTP(w, req)
		timeline := strings.Join(w.events, "")
		lastRead := strings.LastIndex(timeline, "r")
		firstWrite := strings.Index(timeline, "w")
		if firstWrite < 0 || lastRead < 0 || firstWrite > lastRead {
			t.Fatalf("no write before the last Redis read: %s", timeline)
		}
		t.Logf("timeline (r = Redis round trip, w = write to the client): %s", timeline)
	})
}

func TestExportFromPages(t *testing.T) {
	a := mustApp(t)
	v := signUp(t, a, "pages-export@example.com")
	practice := v.startPractice(t, map[string][]string{"role": {"sales"}, "track": {"hr"}, "count": {"1"}})
	p := v.get(practice)
	qid := questionInput.FindStringSubmatch(p.body)[1]
	v.post(practice+"/answers", map[string][]string{"csrf": {p.csrf(t)}, "question_id": {qid}, "answer": {strongAnswer}})
	for _, page := range []string{"/dashboard", "/sessions"} {
		if body := v.get(page).body; !strings.Contains(body, `href="/export?format=csv" download`) || !strings.Contains(body, `href="/export?format=markdown" download`) {
			t.Errorf("%s has no download links", page)
		}
	}
	// The page route uses the login cookie, no bearer token.
	r := v.get("/export?format=csv")
	rows, err := csv.NewReader(strings.NewReader(r.body)).ReadAll()
	if r.status != 200 || err != nil || len(rows) != 2 || !strings.HasPrefix(r.header.Get("Content-Disposition"), "attachment;") {
		t.Fatalf("%d %v %d rows %v", r.status, err, len(rows), r.header)
	}
	if p := v.get("/export?format=pdf"); p.status != http.StatusBadRequest || !strings.Contains(p.body, "csv, json or markdown") {
		t.Errorf("bad format: %d %.200s", p.status, p.body)
	}
	if p := newVisitor(a).get("/export?format=csv"); p.status != http.StatusSeeOther {
		t.Errorf("logged out: %d", p.status)
	}
}

// TestReadinessOneRoundTrip holds GET /api/v1/readiness to one Redis round
// trip for the readiness read, however long the history: 1,000 answers.
func TestReadinessOneRoundTrip(t *testing.T) {
	a, rt := mustCountingApp(t)
	u, token := a.signup("ready@example.com")
	seedHistory(t, a, u, 1000)

	rt.Reset()
	r := a.json("GET", "/api/v1/readiness", token, nil)
	if r.status != 200 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	trips := rt.Trips()
	// The bearer token costs one read; the readiness itself one more.
	if len(trips) != 2 || fmt.Sprint(trips[0]) != "[get]" {
		t.Fatalf("round trips %s, want the token read and one readiness read", rt)
	}
	if fmt.Sprint(trips[1]) != "[hgetall]" {
		t.Fatalf("readiness read %v, want a single HGETALL", trips[1])
	}
	var got []coach.Readiness
	r.decode(t, &got)
	total := 0
	for _, rd := range got {
		total += rd.Answers
		if rd.Role != "data-analyst" || len(rd.Trend) != 60 || rd.Score < 1 || rd.Verdict == "" || len(rd.Next) == 0 {
			t.Errorf("readiness %s/%s: score %d, %d trend points, next %v", rd.Role, rd.Track, rd.Score, len(rd.Trend), rd.Next)
		}
	}
	if len(got) != 2 || total != 1000 {
		t.Fatalf("%d readings over %d answers, want 2 over 1000", len(got), total)
	}
}

// BenchmarkReadinessAPI measures the server time of GET /api/v1/readiness
// for a user with 1,000 answers (handler, auth, Redis and JSON; no network
// client), and reports the Redis round trips per request.
func BenchmarkReadinessAPI(b *testing.B) {
	a, rt := mustCountingApp(b)
	u, token := a.signup("bench@example.com")
	seedHistory(b, a, u, 1000)
	req := httptest.NewRequest("GET", "/api/v1/readiness", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	rt.Reset()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		w := httptest.NewRecorder()
		a.handler.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatalf("%d %s", w.Code, w.Body)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(len(rt.Trips()))/float64(b.N), "roundtrips/op")
}

// benchPage measures the server time of a page for a user with 1,000
// answers in 50 sessions.
func benchPage(b *testing.B, path string) {
	a := mustApp(b)
	u, token := a.signup("page-bench@example.com")
	sessions := seedHistory(b, a, u, 1000)
	if path == "attempts" {
		path = "/questions/" + sessions[0].Questions[0].ID + "/attempts"
	}
	req := httptest.NewRequest("GET", path, nil)
	req.AddCookie(&http.Cookie{Name: "coach_session", Value: token})
	b.ReportAllocs()
	b.ResetTimer()
	var size int
	for b.Loop() {
		w := httptest.NewRecorder()
		a.handler.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatalf("%d %.300s", w.Code, w.Body)
		}
		size = w.Body.Len()
	}
	b.ReportMetric(float64(size), "bytes/page")
}

func BenchmarkHistoryPage(b *testing.B)   { benchPage(b, "/sessions") }
func BenchmarkDashboardPage(b *testing.B) { benchPage(b, "/dashboard") }
func BenchmarkComparePage(b *testing.B)   { benchPage(b, "attempts") }
