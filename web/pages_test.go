package web_test

import (
	"crypto/tls"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/interviewcoach/coach/coach"
)

// visitor is a browser without JavaScript: a cookie jar, no automatic
// redirects, forms posted as application/x-www-form-urlencoded.
type visitor struct {
	a      *app
	client *http.Client
}

func newVisitor(a *app) *visitor {
	jar, _ := cookiejar.New(nil)
	return &visitor{a: a, client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

type page struct {
	status int
	header http.Header
	body   string
}

func (v *visitor) do(req *http.Request) page {
	v.a.t.Helper()
	res, err := v.client.Do(req)
	if err != nil {
		v.a.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return page{status: res.StatusCode, header: res.Header, body: string(b)}
}

func (v *visitor) get(path string) page {
	v.a.t.Helper()
	req, _ := http.NewRequest("GET", v.a.url+path, nil)
	return v.do(req)
}

func (v *visitor) post(path string, form url.Values, headers ...string) page {
	v.a.t.Helper()
	req, _ := http.NewRequest("POST", v.a.url+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return v.do(req)
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf returns the CSRF token of the first form on a page.
func (p page) csrf(t testing.TB) string {
	t.Helper()
	m := csrfInput.FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no CSRF field in %d page: %.300s", p.status, p.body)
	}
	return m[1]
}

// signUp creates an account through the form and returns the visitor,
// logged in.
func signUp(t testing.TB, a *app, email string) *visitor {
	t.Helper()
	v := newVisitor(a)
	token := v.get("/signup").csrf(t)
	p := v.post("/signup", url.Values{"csrf": {token}, "name": {"Page Tester"}, "email": {email}, "password": {testPassword}, "kind": {"seeker"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("sign-up: %d %.500s", p.status, p.body)
	}
	return v
}

// startPractice posts the set-up form and returns the practice page URL.
func (v *visitor) startPractice(t testing.TB, form url.Values) string {
	t.Helper()
	form.Set("csrf", v.get("/practice/new").csrf(t))
	p := v.post("/practice", form)
	if p.status != http.StatusSeeOther || !strings.HasPrefix(p.header.Get("Location"), "/practice/") {
		t.Fatalf("start practice: %d %v %.500s", p.status, p.header, p.body)
	}
	return p.header.Get("Location")
}

var questionInput = regexp.MustCompile(`name="question_id" value="([^"]+)"`)
var submissionInput = regexp.MustCompile(`name="submission" value="([^"]*)"`)

func TestPagesSecurityHeaders(t *testing.T) {
	a := mustApp(t)
	v := newVisitor(a)
	for _, path := range []string{"/", "/login", "/signup", "/no/such/page"} {
		p := v.get(path)
		csp := p.header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		for h, want := range map[string]string{
			"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin",
			"Cache-Control": "no-store", "Content-Type": "text/html; charset=utf-8",
		} {
			if got := p.header.Get(h); got != want {
				t.Errorf("%s: %s = %q, want %q", path, h, got, want)
			}
		}
		if strings.Contains(p.body, "<script>") || strings.Contains(p.body, " style=") || strings.Contains(p.body, " onclick=") {
			t.Errorf("%s: inline script or style in the page", path)
		}
	}
}

func TestPagesSessionCookie(t *testing.T) {
	a := mustApp(t)
	// Over plain HTTP: HttpOnly, SameSite=Lax, Path=/, not Secure.
	v := newVisitor(a)
	token := v.get("/signup").csrf(t)
	req, _ := http.NewRequest("POST", a.url+"/signup", strings.NewReader(url.Values{"csrf": {token}, "name": {"C"}, "email": {"cookie@example.com"}, "password": {testPassword}, "kind": {"seeker"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	p := v.do(req)
	cookie := sessionCookieOf(t, p.header)
	if !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode || cookie.Path != "/" || cookie.Secure || cookie.MaxAge <= 0 {
		t.Fatalf("session cookie over HTTP: %+v", cookie)
	}

	// Over TLS the same cookie is Secure.
	form := url.Values{"email": {"cookie@example.com"}, "password": {testPassword}}
	rec := httptest.NewRecorder()
	get := httptest.NewRequest("GET", "https://coach.example/login", nil)
	get.TLS = &tls.ConnectionState{}
	a.handler.ServeHTTP(rec, get)
	anon := rec.Result().Cookies()[0]
	if !anon.Secure || !anon.HttpOnly {
		t.Fatalf("anonymous CSRF cookie over TLS: %+v", anon)
	}
	form.Set("csrf", csrfInput.FindStringSubmatch(rec.Body.String())[1])
	post := httptest.NewRequest("POST", "https://coach.example/login", strings.NewReader(form.Encode()))
	post.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	post.TLS = &tls.ConnectionState{}
	post.AddCookie(anon)
	rec = httptest.NewRecorder()
	a.handler.ServeHTTP(rec, post)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("TLS login: %d %s", rec.Code, rec.Body)
	}
	if c := sessionCookieOf(t, rec.Result().Header); !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
		t.Fatalf("session cookie over TLS: %+v", c)
	}
	if rec.Result().Header.Get("Strict-Transport-Security") == "" {
		t.Error("no HSTS over TLS")
	}
}

func sessionCookieOf(t *testing.T, h http.Header) *http.Cookie {
	t.Helper()
	for _, c := range (&http.Response{Header: h}).Cookies() {
		if c.Name == "coach_session" {
			return c
		}
	}
	t.Fatalf("no session cookie in %v", h["Set-Cookie"])
	return nil
}

func TestPagesCSRF(t *testing.T) {
	a := mustApp(t)
	a.signup("csrf@example.com")
	login := url.Values{"email": {"csrf@example.com"}, "password": {testPassword}}

	v := newVisitor(a)
	good := v.get("/login").csrf(t)
	cases := []struct {
		name    string
		token   string
		headers []string
	}{
		{"no token", "", nil},
		{"forged token", "AAAA" + good[4:], nil},
		{"token from another browser", newVisitor(a).get("/login").csrf(t), nil},
		{"cross-site request", good, []string{"Sec-Fetch-Site", "cross-site"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			form := url.Values{"csrf": {tc.token}}
			for k, vs := range login {
				form[k] = vs
			}
			p := v.post("/login", form, tc.headers...)
			if p.status != http.StatusForbidden || !strings.Contains(p.body, "request-id") {
				t.Fatalf("got %d %.300s", p.status, p.body)
			}
		})
	}
	login.Set("csrf", good)
	if p := v.post("/login", login); p.status != http.StatusSeeOther {
		t.Fatalf("login with the right token: %d %.300s", p.status, p.body)
	}

	// Logged in, the token is bound to the login: the logged-out token and
	// another user's token no longer work for state changes.
	other := signUp(t, a, "other-csrf@example.com")
	theirs := other.get("/practice/new").csrf(t)
	mine := v.get("/practice/new").csrf(t)
	for name, token := range map[string]string{"another user's token": theirs, "no token": ""} {
		p := v.post("/practice", url.Values{"csrf": {token}, "role": {"sales"}, "track": {"hr"}})
		if p.status != http.StatusForbidden {
			t.Errorf("%s: %d", name, p.status)
		}
	}
	if p := v.post("/logout", url.Values{}); p.status != http.StatusForbidden {
		t.Errorf("logout without a token: %d", p.status)
	}
	if p := v.post("/logout", url.Values{"csrf": {mine}}); p.status != http.StatusSeeOther {
		t.Fatalf("logout: %d %.300s", p.status, p.body)
	}
	// Logout ended the login on the server too.
	if p := v.get("/dashboard"); p.status != http.StatusSeeOther {
		t.Fatalf("dashboard after logout: %d", p.status)
	}
}

func TestPagesLoginRedirects(t *testing.T) {
	a := mustApp(t)
	a.signup("next@example.com")
	v := newVisitor(a)
	for _, path := range []string{"/dashboard", "/practice/new?track=user", "/sessions", "/sessions/whatever"} {
		p := v.get(path)
		if p.status != http.StatusSeeOther || p.header.Get("Location") != "/login?next="+url.QueryEscape(path) {
			t.Errorf("%s: %d Location %q", path, p.status, p.header.Get("Location"))
		}
	}
	// htmx requests are told to move the whole page.
	req, _ := http.NewRequest("GET", a.url+"/sessions", nil)
	req.Header.Set("HX-Request", "true")
	if p := v.do(req); p.header.Get("HX-Redirect") != "/login?next=%2Fsessions" {
		t.Errorf("htmx: %d %v", p.status, p.header)
	}

	for next, want := range map[string]string{
		"/sessions":          "/sessions",
		"/practice/new?q=1":  "/practice/new?q=1",
		"//evil.example":     "/dashboard",
		"/\\evil.example":    "/dashboard",
		"https://evil.com/":  "/dashboard",
		"javascript:alert()": "/dashboard",
		"":                   "/dashboard",
	} {
		v := newVisitor(a)
		token := v.get("/login?next=" + url.QueryEscape(next)).csrf(t)
		p := v.post("/login", url.Values{"csrf": {token}, "email": {"next@example.com"}, "password": {testPassword}, "next": {next}})
		if p.status != http.StatusSeeOther || p.header.Get("Location") != want {
			t.Errorf("next=%q: %d Location %q, want %q", next, p.status, p.header.Get("Location"), want)
		}
	}
}

func TestPagesValidationKeepsInput(t *testing.T) {
	a := mustApp(t)
	v := newVisitor(a)
	token := v.get("/signup").csrf(t)
	secret := "shortpw"
	p := v.post("/signup", url.Values{"csrf": {token}, "name": {`Ada <b>"Bold"</b>`}, "email": {"ada@example.com"}, "password": {secret}, "kind": {"coach"}})
	if p.status != http.StatusBadRequest {
		t.Fatalf("status %d", p.status)
	}
	for _, want := range []string{
		`value="Ada &lt;b&gt;&#34;Bold&#34;&lt;/b&gt;"`, `value="ada@example.com"`, `value="coach" checked`,
		"at least 10 characters", `autocomplete="new-password" minlength="10" maxlength="256" required aria-describedby="password-hint" aria-invalid="true"`,
	} {
		if !strings.Contains(p.body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(p.body, secret) {
		t.Error("the password was sent back")
	}

	// Taken email: 409, the message, the email kept.
	signUp(t, a, "taken@example.com")
	p = v.post("/signup", url.Values{"csrf": {token}, "name": {"X"}, "email": {"taken@example.com"}, "password": {testPassword}, "kind": {"seeker"}})
	if p.status != http.StatusConflict || !strings.Contains(p.body, "already exists") || !strings.Contains(p.body, `value="taken@example.com"`) {
		t.Errorf("taken email: %d", p.status)
	}

	// Wrong password: 401, email kept.
	token = v.get("/login").csrf(t)
	p = v.post("/login", url.Values{"csrf": {token}, "email": {"taken@example.com"}, "password": {"wrong password!"}})
	if p.status != http.StatusUnauthorized || !strings.Contains(p.body, "Wrong email or password") || !strings.Contains(p.body, `value="taken@example.com"`) {
		t.Errorf("wrong password: %d", p.status)
	}

	// Practice set-up: bad count and an over-long job description.
	u := signUp(t, a, "setup@example.com")
	token = u.get("/practice/new").csrf(t)
	p = u.post("/practice", url.Values{"csrf": {token}, "role": {"sales"}, "track": {"user"}, "count": {"0"}, "job_description": {"Sell SaaS."}})
	if p.status != http.StatusBadRequest || !strings.Contains(p.body, "from 1 to 20") || !strings.Contains(p.body, "Sell SaaS.</textarea>") || !strings.Contains(p.body, `value="sales" selected`) {
		t.Errorf("bad count: %d", p.status)
	}
	p = u.post("/practice", url.Values{"csrf": {token}, "role": {"sales"}, "track": {"user"}, "job_description": {strings.Repeat("x", coach.MaxJobDescription+1)}})
	if p.status != http.StatusRequestEntityTooLarge || !strings.Contains(p.body, `id="job_description" name="job_description" rows="6" maxlength="20000" aria-describedby="jd-hint" aria-invalid="true"`) {
		t.Errorf("long job description: %d", p.status)
	}
}

// TestPagesFormSentTwice: the practice form carries a submission key, so a
// double click or a resend of the same form stores one answer and both
// posts lead to it; a fresh form has a fresh key.
func TestPagesFormSentTwice(t *testing.T) {
	a := mustApp(t)
	v := signUp(t, a, "twice@example.com")
	practice := v.startPractice(t, url.Values{"role": {"data-analyst"}, "track": {"hr"}, "count": {"2"}})
	p := v.get(practice)
	qid := questionInput.FindStringSubmatch(p.body)[1]
	key := submissionInput.FindStringSubmatch(p.body)
	if key == nil || key[1] == "" {
		t.Fatalf("the practice form has no submission key: %.600s", p.body)
	}
	form := url.Values{"csrf": {p.csrf(t)}, "question_id": {qid}, "answer": {strongAnswer}, "submission": {key[1]}}
	first := v.post(practice+"/answers", form)
	second := v.post(practice+"/answers", form)
	if first.status != http.StatusSeeOther || second.status != http.StatusSeeOther || first.header.Get("Location") != second.header.Get("Location") {
		t.Fatalf("posts went to %d %q and %d %q, want one answer", first.status, first.header.Get("Location"), second.status, second.header.Get("Location"))
	}
	sess, err := a.svc.Session(t.Context(), mustIdentityOf(t, a, "twice@example.com"), strings.TrimPrefix(practice, "/practice/"))
	if err != nil || len(sess.Answers) != 1 {
		t.Fatalf("%d answers stored for a form sent twice: %v", len(sess.Answers), err)
	}
	if again := submissionInput.FindStringSubmatch(v.get(practice).body); again == nil || again[1] == key[1] {
		t.Fatalf("the next form reuses the key %q", key[1])
	}
}

func TestPagesPracticeWithoutJavaScript(t *testing.T) {
	a := mustApp(t)
	v := signUp(t, a, "nojs@example.com")
	practice := v.startPractice(t, url.Values{"role": {"data-analyst"}, "track": {"hr"}, "count": {"2"}})
	p := v.get(practice)
	qid := questionInput.FindStringSubmatch(p.body)[1]

	// Post/redirect/get to the evaluation page.
	p = v.post(practice+"/answers", url.Values{"csrf": {p.csrf(t)}, "question_id": {qid}, "answer": {strongAnswer}})
	if p.status != http.StatusSeeOther || !strings.Contains(p.header.Get("Location"), "/answers/") {
		t.Fatalf("answer: %d %v", p.status, p.header)
	}
	p = v.get(p.header.Get("Location"))
	if p.status != 200 || !strings.Contains(p.body, "Scored by the built-in rubric") || !strings.Contains(p.body, "<meter") || !strings.Contains(p.body, "Next question") {
		t.Fatalf("evaluation page: %d %.500s", p.status, p.body)
	}

	// Someone else cannot see it.
	other := signUp(t, a, "nosy@example.com")
	if p := other.get(practice); p.status != http.StatusNotFound || !strings.Contains(p.body, "request-id") {
		t.Errorf("another user's session: %d", p.status)
	}
}

func TestPagesHTMXFragments(t *testing.T) {
	a := mustApp(t)
	v := signUp(t, a, "htmx@example.com")
	practice := v.startPractice(t, url.Values{"role": {"software-engineer"}, "track": {"user"}})
	p := v.get(practice)
	qid := questionInput.FindStringSubmatch(p.body)[1]
	token := p.csrf(t)
	form := url.Values{"csrf": {token}, "question_id": {qid}, "answer": {"  "}}

	// An error returns the question fragment with the message.
	p = v.post(practice+"/answers", form, "HX-Request", "true")
	if p.status != http.StatusBadRequest || strings.Contains(p.body, "<html") || !strings.Contains(p.body, `id="practice"`) || !strings.Contains(p.body, "The answer is empty") {
		t.Fatalf("htmx error: %d %.500s", p.status, p.body)
	}
	// Success returns the evaluation fragment, waiting for its score
	// (which streams in, see TestScoringStreamsProgressThenEvaluation),
	// and pushes its URL.
	form.Set("answer", strongAnswer)
	p = v.post(practice+"/answers", form, "HX-Request", "true")
	if p.status != http.StatusCreated || strings.Contains(p.body, "<html") || !strings.Contains(p.body, `class="card evaluation pending"`) ||
		!strings.HasPrefix(p.header.Get("HX-Push-Url"), practice+"/answers/") || !strings.HasPrefix(p.body, "<title>") {
		t.Fatalf("htmx success: %d %v %.300s", p.status, p.header, p.body)
	}
	if p.header.Get("Vary") != "HX-Request" {
		t.Errorf("Vary = %q", p.header.Get("Vary"))
	}
	// The pushed URL renders the whole page.
	if p := v.get(p.header.Get("HX-Push-Url")); p.status != 200 || !strings.Contains(p.body, "<html") {
		t.Fatalf("pushed URL: %d", p.status)
	}
}

func TestPagesErrors(t *testing.T) {
	a := mustApp(t)
	v := signUp(t, a, "errors@example.com")

	p := v.get("/no/such/page")
	if p.status != 404 || !strings.Contains(p.body, "Page not found") || !strings.Contains(p.body, p.header.Get("X-Request-ID")) || !strings.Contains(p.body, `href="/dashboard"`) {
		t.Fatalf("404: %d %.500s", p.status, p.body)
	}
	// The API keeps its JSON errors.
	if p := v.get("/api/v1/nothing"); p.status != 404 || !strings.HasPrefix(p.header.Get("Content-Type"), "application/json") {
		t.Fatalf("API 404: %d %s", p.status, p.header.Get("Content-Type"))
	}
	// A form larger than the limit.
	token := v.get("/practice/new").csrf(t)
	p = v.post("/logout", url.Values{"csrf": {token}, "pad": {strings.Repeat("x", 20<<10)}})
	if p.status != http.StatusRequestEntityTooLarge || !strings.Contains(p.body, "request-id") {
		t.Fatalf("large form: %d %.300s", p.status, p.body)
	}
	// Redis down: a readable 503 with the request id, no internals.
	a.redis.Stop()
	p = v.get("/dashboard")
	if p.status != http.StatusServiceUnavailable || !strings.Contains(p.body, p.header.Get("X-Request-ID")) || !strings.Contains(p.body, "<h1") {
		t.Fatalf("Redis down: %d %.500s", p.status, p.body)
	}
	for _, leak := range []string{"redis", "dial", "goroutine", ".go:"} {
		if strings.Contains(strings.ToLower(p.body), leak) {
			t.Errorf("the error page leaks %q", leak)
		}
	}
	// The landing page still renders.
	if p := v.get("/"); p.status != 200 {
		t.Fatalf("landing with Redis down: %d", p.status)
	}
}

func TestPagesStaticAssets(t *testing.T) {
	a := mustApp(t)
	v := newVisitor(a)
	home := v.get("/")
	refs := regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`).FindAllStringSubmatch(home.body, -1)
	if len(refs) < 4 {
		t.Fatalf("assets referenced: %v", refs)
	}
	for _, ref := range refs {
		path := strings.ReplaceAll(ref[1], "&amp;", "&")
		req, _ := http.NewRequest("GET", a.url+path, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 || res.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
			t.Errorf("%s: %d %q", path, res.StatusCode, res.Header.Get("Cache-Control"))
		}
		if strings.HasSuffix(strings.SplitN(path, "?", 2)[0], ".js") && res.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("%s is not served gzipped", path)
		}
	}
	if p := v.get("/static/app.css"); p.status != 200 || p.header.Get("Cache-Control") != "no-cache" {
		t.Errorf("unversioned asset: %d %q", p.status, p.header.Get("Cache-Control"))
	}
	if p := v.get("/static/nope.js"); p.status != 404 {
		t.Errorf("missing asset: %d", p.status)
	}
}
