package web_test

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/interviewcoach/coach/web/browsertest"
)

// browser is the one Chromium of this test binary, started by the first
// browser test and stopped by TestMain.
var browser = browsertest.New()

var shotsDir = flag.String("shots", "", "save screenshots of the main pages at 375 and 1280 px wide into this directory")

func TestMain(m *testing.M) {
	code := m.Run()
	browser.Close()
	os.Exit(code)
}

const testPassword = "correct horse battery"

// signUpInBrowser creates an account through the sign-up form and returns
// its email. The page that follows is the practice set-up.
func signUpInBrowser(t *testing.T, tab *browsertest.Tab, base, name string) string {
	t.Helper()
	email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.com"
	tab.Navigate(base + "/signup")
	tab.Fill("#name", name)
	tab.Fill("#email", email)
	tab.Fill("#password", testPassword)
	tab.ClickNav("form button[type=submit]")
	tab.WaitVisible("#role")
	return email
}

func logInInBrowser(t *testing.T, tab *browsertest.Tab, base, email, next string) {
	t.Helper()
	if next != "" {
		next = "?next=" + url.QueryEscape(next)
	}
	tab.Navigate(base + "/login" + next)
	tab.Fill("#email", email)
	tab.Fill("#password", testPassword)
	tab.ClickNav("form button[type=submit]")
	tab.WaitVisible("main h1")
}

func TestBrowserPracticeLoop(t *testing.T) {
	t.Parallel()
	a := mustApp(t)
	tab := browser.NewTab(t)

	email := signUpInBrowser(t, tab, a.url, "Ada Lovelace")
	if got := tab.Text(".notice"); !strings.Contains(got, "account is ready") {
		t.Fatalf("after sign-up: notice %q", got)
	}
	// Log out (a POST with its CSRF token) and back in.
	tab.ClickNav(".site-nav button")
	tab.WaitVisible(".hero")
	tab.WantText(".notice", "logged out")
	logInInBrowser(t, tab, a.url, email, "")
	if h := tab.Text("main h1"); h != "Hello, Ada Lovelace" {
		t.Fatalf("dashboard heading %q", h)
	}
	tab.WantText(".empty", "No sessions yet")

	// Set up a user-interview session for software engineers, 3 questions.
	tab.ClickNav(`a[href="/practice/new"].button`)
	tab.WaitVisible("#role")
	tab.Do(chromedp.SetValue(chromedp.CSS("#role"), "software-engineer"))
	tab.Click(`input[name=track][value=user]`)
	tab.Do(chromedp.SetValue(chromedp.CSS("#seniority"), "mid"))
	tab.Fill("#count", "3")
	tab.ClickNav("form.setup-form button[type=submit]")
	tab.WaitVisible("#answer")
	if got := tab.Text(".progress-count"); got != "Question 1 of 3" {
		t.Fatalf("progress %q", got)
	}
	question := tab.Text("#question-title")

	// The timer and the live word count are running.
	tab.WaitVisible("[data-timer]")
	tab.Fill("#answer", strongAnswer)
	if wc := tab.Text("#word-count"); !strings.Contains(wc, " words") || strings.HasPrefix(wc, "Aim") {
		t.Fatalf("word count did not update: %q", wc)
	}

	// Submit: htmx swaps the evaluation in and pushes its URL.
	tab.Click("form.answer-form button[type=submit]")
	tab.WaitVisible(".evaluation")
	if !strings.Contains(tab.Location(), "/answers/") {
		t.Fatalf("URL after submit: %s", tab.Location())
	}
	score := tab.Text(".evaluation .score-number")
	tab.WantText(".evaluation .scorer", "Scored by the built-in rubric")
	if n := browsertest.Eval[int](tab, `document.querySelectorAll(".criteria meter").length`); n == 0 {
		t.Fatal("no criterion bars")
	}
	if !tab.Focused("#eval-title") {
		t.Error("focus did not move to the evaluation heading")
	}

	// Next question, then the history lists the session with its score.
	tab.ClickNav(".next-actions a.button:not(.ghost)")
	tab.WaitVisible("#answer")
	if got := tab.Text(".progress-count"); got != "Question 2 of 3" {
		t.Fatalf("after next: progress %q", got)
	}
	tab.ClickNav(`.site-nav a[href="/sessions"]`)
	tab.WaitVisible(".session-list")
	item := tab.Text(".session-item")
	if !strings.Contains(item, "Software Engineer") || !strings.Contains(item, "1 of 3 answered") || !strings.Contains(item, score) {
		t.Fatalf("history item %q lacks the session or its score %s", item, score)
	}
	// The summary shows the question and the answer's score.
	tab.ClickNav(".session-title a")
	tab.WaitVisible(".results")
	if got := tab.Text(".result-question"); got != question {
		t.Fatalf("summary question %q, want %q", got, question)
	}
	tab.CheckConsole()
}

func TestBrowserValidationKeepsInput(t *testing.T) {
	t.Parallel()
	a := mustApp(t)
	tab := browser.NewTab(t)

	tab.Navigate(a.url + "/signup")
	tab.Click(`input[name=kind][value=coach]`)
	tab.Fill("#name", "Grace Hopper")
	tab.Fill("#email", "grace@example.com")
	tab.Fill("#password", "short")
	tab.ClickNav("form button[type=submit]")
	tab.WaitVisible(".error-summary")
	if msg := tab.Text(".error-summary"); !strings.Contains(msg, "at least 10 characters") {
		t.Fatalf("error %q", msg)
	}
	if got := tab.Value("#name"); got != "Grace Hopper" {
		t.Errorf("name not kept: %q", got)
	}
	if got := tab.Value("#email"); got != "grace@example.com" {
		t.Errorf("email not kept: %q", got)
	}
	if got := tab.Value("#password"); got != "" {
		t.Errorf("password sent back to the browser: %q", got)
	}
	if !browsertest.Eval[bool](tab, `document.querySelector("input[name=kind][value=coach]").checked`) {
		t.Error("account kind not kept")
	}
	if browsertest.Eval[string](tab, `document.querySelector("#password").getAttribute("aria-invalid")`) != "true" {
		t.Error("the password field is not marked invalid")
	}
	if !tab.Focused(".error-summary") {
		t.Error("focus is not on the error summary")
	}

	// Fixing the password completes the sign-up with what was kept.
	tab.Fill("#password", testPassword)
	tab.ClickNav("form button[type=submit]")
	tab.WaitVisible("#role")

	// The set-up form keeps a pasted job description after an error.
	jd := "We want a senior engineer who knows Go, Kubernetes and PostgreSQL."
	tab.Do(chromedp.SetValue(chromedp.CSS("#role"), "software-engineer"))
	tab.Fill("#count", "99")
	tab.Fill("#job_description", jd)
	tab.ClickNav("form.setup-form button[type=submit]")
	tab.WaitVisible(".error-summary")
	if got := tab.Value("#job_description"); got != jd {
		t.Errorf("job description not kept: %q", got)
	}
	if got := tab.Value("#count"); got != "99" {
		t.Errorf("count not kept: %q", got)
	}
	if got := tab.Value("#role"); got != "software-engineer" {
		t.Errorf("role not kept: %q", got)
	}

	// An empty answer comes back with a message, through htmx.
	tab.Fill("#count", "2")
	tab.ClickNav("form.setup-form button[type=submit]")
	tab.WaitVisible("#answer")
	tab.Fill("#answer", "   ")
	tab.Click("form.answer-form button[type=submit]")
	tab.WaitVisible(".error-summary")
	if msg := tab.Text(".error-summary"); !strings.Contains(msg, "empty") {
		t.Fatalf("empty answer error %q", msg)
	}
	tab.CheckConsole()
}

func TestBrowserLoggedOutRedirectsToLogin(t *testing.T) {
	t.Parallel()
	a := mustApp(t)
	a.signup("returning@example.com")
	tab := browser.NewTab(t)

	for _, path := range []string{"/dashboard", "/sessions", "/practice/new?track=user"} {
		tab.Navigate(a.url + path)
		tab.WaitVisible("#email")
		loc, err := url.Parse(tab.Location())
		if err != nil {
			t.Fatal(err)
		}
		if loc.Path != "/login" || loc.Query().Get("next") != path {
			t.Fatalf("%s: landed on %s, want /login?next=%s", path, loc, path)
		}
	}
	// Logging in goes back to the page that was asked for.
	tab.Fill("#email", "returning@example.com")
	tab.Fill("#password", testPassword)
	tab.ClickNav("form button[type=submit]")
	tab.WaitVisible("#role")
	if loc := tab.Location(); !strings.HasSuffix(loc, "/practice/new?track=user") {
		t.Fatalf("after login: %s", loc)
	}
	if !browsertest.Eval[bool](tab, `document.querySelector("input[name=track][value=user]").checked`) {
		t.Error("?track=user was not preselected")
	}
	tab.CheckConsole()
}

// TestBrowserKeyboardOnly does the whole loop with Tab, typing, arrows and
// Enter: no clicks at all.
func TestBrowserKeyboardOnly(t *testing.T) {
	t.Parallel()
	a := mustApp(t)
	tab := browser.NewTab(t)

	tab.Navigate(a.url + "/signup")
	// The first Tab reaches the skip link, which is visible when focused.
	tab.Press(kb.Tab)
	if !tab.Focused("a.skip") {
		t.Fatal("the first Tab does not reach the skip link")
	}
	tab.TabTo("#name", 15)
	tab.Type("Keyboard User")
	tab.Press(kb.Tab)
	tab.Type("keys@example.com")
	tab.Press(kb.Tab)
	tab.Type(testPassword)
	tab.PressNav(kb.Enter)
	tab.WaitVisible("#role")

	tab.TabTo("#role", 20)
	tab.Press(kb.ArrowDown) // the first role
	tab.TabTo("#count", 10)
	tab.PressNav(kb.Enter)
	tab.WaitVisible("#answer")

	tab.TabTo("#answer", 30)
	tab.Type("I led the migration of our billing service to Go. I measured latency first, then I rewrote the hot path, and p99 fell from 900 ms to 180 ms.")
	tab.TabTo("form.answer-form button[type=submit]", 5)
	tab.Press(kb.Enter)
	tab.WaitVisible(".evaluation")
	if !tab.Focused("#eval-title") {
		t.Fatal("after submitting, focus is not on the evaluation")
	}
	tab.TabTo(".next-actions a.button:not(.ghost)", 40)
	tab.PressNav(kb.Enter)
	tab.WaitVisible("#answer")
	if got := tab.Text(".progress-count"); got != "Question 2 of 5" {
		t.Fatalf("progress %q", got)
	}
	tab.CheckConsole()
}

// TestBrowserWorksWithoutJavaScript submits an answer with scripts off:
// the form posts, the server redirects to the evaluation page.
func TestBrowserWorksWithoutJavaScript(t *testing.T) {
	t.Parallel()
	a := mustApp(t)
	tab := browser.NewTab(t)
	tab.Do(chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
		_, err := cdp.Call(ctx, tgt, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	signUpInBrowser(t, tab, a.url, "No Script")
	tab.Do(chromedp.SetValue(chromedp.CSS("#role"), "data-analyst"))
	tab.ClickNav("form.setup-form button[type=submit]")
	tab.WaitVisible("#answer")
	tab.Fill("#answer", strongAnswer)
	tab.ClickNav("form.answer-form button[type=submit]")
	tab.WaitVisible(".evaluation")
	if !strings.Contains(tab.Location(), "/answers/") {
		t.Fatalf("no redirect to the evaluation page: %s", tab.Location())
	}
	if tab.Text(".evaluation .scorer") != "Scored by the built-in rubric" {
		t.Fatalf("scorer line %q", tab.Text(".evaluation .scorer"))
	}
}

// TestBrowserResponsiveLayout opens the main pages at a 375 px phone width
// and a 1280 px desktop width and checks nothing overflows sideways. With
// -shots DIR it also saves every screenshot there.
func TestBrowserResponsiveLayout(t *testing.T) {
	t.Parallel()
	a := mustApp(t)
	tab := browser.NewTab(t)
	pages := []struct{ name, path, wait string }{{"landing", "/", ".hero"}, {"signup", "/signup", "#name"}, {"login", "/login", "#email"}}
	shoot := func(name, wait string) {
		t.Helper()
		for _, w := range []int64{375, 1280} {
			tab.Do(chromedp.EmulateViewport(w, 900))
			tab.WaitVisible(wait)
			if over := browsertest.Eval[int](tab, "document.documentElement.scrollWidth - window.innerWidth"); over > 0 {
				t.Errorf("%s at %d px: %d px of horizontal overflow", name, w, over)
			}
			if *shotsDir != "" {
				if err := os.WriteFile(filepath.Join(*shotsDir, fmt.Sprintf("%s-%d.png", name, w)), tab.Screenshot(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	if *shotsDir != "" {
		if err := os.MkdirAll(*shotsDir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range pages {
		tab.Navigate(a.url + p.path)
		shoot(p.name, p.wait)
	}
	// Validation error state of the sign-up form.
	tab.Navigate(a.url + "/signup")
	tab.Fill("#name", "Phone User")
	tab.Fill("#email", "not-an-email")
	tab.ClickNav("form button[type=submit]")
	tab.WaitVisible(".error-summary")
	shoot("signup-error", ".error-summary")

	signUpInBrowser(t, tab, a.url, "Layout Tester")
	shoot("setup", "#role")
	tab.Do(chromedp.SetValue(chromedp.CSS("#role"), "product-manager"))
	tab.Click(`input[name=track][value=user]`)
	tab.ClickNav("form.setup-form button[type=submit]")
	tab.WaitVisible("#answer")
	tab.Fill("#answer", strongAnswer)
	shoot("practice", "#answer")
	tab.Fill("#answer", strongAnswer)
	tab.Click("form.answer-form button[type=submit]")
	tab.WaitVisible(".evaluation")
	tab.Do(chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("details").forEach(d => d.open = true)`))
	shoot("evaluation", ".evaluation")
	tab.Navigate(a.url + "/dashboard")
	shoot("dashboard", ".session-list")
	tab.Navigate(a.url + "/sessions")
	shoot("history", ".session-list")
	tab.ClickNav(".session-title a")
	shoot("summary", ".results")
	tab.Navigate(a.url + "/no/such/page")
	shoot("error", ".error-card")
	tab.CheckConsole()
}
