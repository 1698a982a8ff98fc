package web_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/interviewcoach/coach/web/browsertest"
)

// answerInBrowser types an answer to the current question and submits it
// through htmx, waiting for the evaluation.
func answerInBrowser(t *testing.T, tab *browsertest.Tab, text string) {
	t.Helper()
	tab.WaitVisible("#answer")
	tab.Fill("#answer", text)
	tab.Click("form.answer-form button[type=submit]")
	tab.WaitVisible(".evaluation")
}

// shootPage saves the current page at 375 and 1280 px into -shots, and
// checks nothing overflows sideways at either width.
func shootPage(t *testing.T, tab *browsertest.Tab, name, wait string) {
	t.Helper()
	for _, w := range []int64{375, 1280} {
		tab.Do(chromedp.EmulateViewport(w, 900))
		tab.WaitVisible(wait)
		if over := browsertest.Eval[int](tab, "document.documentElement.scrollWidth - window.innerWidth"); over > 0 {
			t.Errorf("%s at %d px: %d px of horizontal overflow", name, w, over)
		}
		if *shotsDir != "" {
			if err := os.MkdirAll(*shotsDir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(*shotsDir, fmt.Sprintf("%s-%d.png", name, w)), tab.Screenshot(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	tab.Do(chromedp.EmulateViewport(1280, 900))
}

// TestBrowserHistoryCompareRetry answers one question twice, then uses the
// history's filters, the side-by-side comparison and "retry this question".
func TestBrowserHistoryCompareRetry(t *testing.T) {
	t.Parallel()
	a := mustApp(t)
	tab := browser.NewTab(t)
	signUpInBrowser(t, tab, a.url, "History Browser")
	tab.Do(chromedp.SetValue(chromedp.CSS("#role"), "data-analyst"))
	tab.Click(`input[name=track][value=user]`)
	tab.Fill("#count", "2")
	tab.ClickNav("form.setup-form button[type=submit]")
	question := tab.Text("#question-title")
	answerInBrowser(t, tab, weakAnswer)
	// The marked-up answer is on the evaluation page once it is loaded
	// as a page (htmx swapped in only the evaluation).
	tab.Navigate(tab.Location())
	tab.WaitVisible(".marked-answer")
	if n := browsertest.Eval[int](tab, `document.querySelectorAll(".marked-answer mark.mk-filler").length`); n == 0 {
		t.Error("no filler highlighted in the marked-up answer")
	}
	shootPage(t, tab, "answer-marked", ".marked-answer")
	tab.ClickNav(".next-actions a.button.ghost") // try this question again
	answerInBrowser(t, tab, strongAnswer)

	// A second session in the other round, for the filters.
	tab.Navigate(a.url + "/practice/new")
	tab.Do(chromedp.SetValue(chromedp.CSS("#role"), "sales"))
	tab.Click(`input[name=track][value=hr]`)
	tab.Fill("#count", "1")
	tab.ClickNav("form.setup-form button[type=submit]")
	answerInBrowser(t, tab, strongAnswer)

	tab.ClickNav(`.site-nav a[href="/sessions"]`)
	tab.WaitVisible(".history-list")
	if n := browsertest.Eval[int](tab, `document.querySelectorAll(".history-session").length`); n != 2 {
		t.Fatalf("%d sessions in the history, want 2", n)
	}
	shootPage(t, tab, "history-full", ".history-list")
	// Filter to the user interview with the form (a GET, no script needed).
	tab.Do(chromedp.SetValue(chromedp.CSS("#f-track"), "user"))
	tab.ClickNav(".filter-form button[type=submit]")
	tab.WaitVisible(".history-list")
	if !strings.Contains(tab.Location(), "track=user") {
		t.Fatalf("filter URL %s", tab.Location())
	}
	if got := browsertest.Eval[string](tab, `[...document.querySelectorAll(".history-session .session-title")].map(e => e.textContent.trim()).join("|")`); got != "Data Analyst · User interview" {
		t.Fatalf("filtered sessions %q", got)
	}
	if tab.Value("#f-track") != "user" {
		t.Error("the filter form forgot its value")
	}
	// A score range with nothing in it says so.
	tab.Fill("#f-min", "100")
	tab.ClickNav(".filter-form button[type=submit]")
	tab.WaitVisible(".empty")
	tab.ClickNav(`.empty a[href="/sessions"]`)
	tab.WaitVisible(".history-list")

	// Compare the two attempts.
	tab.ClickNav(`a[href$="/attempts"]`)
	tab.WaitVisible(".compare-grid")
	if got := tab.Text("h1"); got != question {
		t.Fatalf("compare page for %q, want %q", got, question)
	}
	if n := browsertest.Eval[int](tab, `document.querySelectorAll(".compare-grid .attempt").length`); n != 2 {
		t.Fatalf("%d attempts side by side", n)
	}
	if change := tab.Text(".score-change strong"); !strings.HasPrefix(change, "+") {
		t.Errorf("score change %q, want a rise", change)
	}
	if n := browsertest.Eval[int](tab, `document.querySelectorAll(".crit-table tbody tr").length`); n == 0 {
		t.Error("no criterion comparison")
	}
	shootPage(t, tab, "compare", ".compare-grid")

	// Retry starts a session with that question.
	tab.ClickNav(".page-head .retry-form button")
	tab.WaitVisible("#answer")
	if got := tab.Text("#question-title"); got != question {
		t.Fatalf("retry asks %q, want %q", got, question)
	}
	if got := tab.Text(".progress-count"); got != "Question 1 of 1" {
		t.Fatalf("retry session: %q", got)
	}
	tab.CheckConsole()
}

// TestBrowserBrowseStartPractice browses the bank by role and round, reads
// a rubric and starts practice from one question, with the keyboard.
func TestBrowserBrowseStartPractice(t *testing.T) {
	t.Parallel()
	a := mustApp(t)
	tab := browser.NewTab(t)
	signUpInBrowser(t, tab, a.url, "Bank Browser")
	tab.ClickNav(`.site-nav a[href="/questions"]`)
	tab.WaitVisible(".question-list")
	tab.Navigate(a.url + "/roles")
	tab.WaitVisible(".role-grid")
	shootPage(t, tab, "roles", ".role-grid")
	tab.ClickNav(`a[href="/questions?role=product-manager&track=user"]`)
	tab.WaitVisible(".question-list")
	if tab.Value("#b-role") != "product-manager" || tab.Value("#b-track") != "user" {
		t.Fatalf("filters not shown: %s %s", tab.Value("#b-role"), tab.Value("#b-track"))
	}
	// Narrow with the form.
	tab.Do(chromedp.SetValue(chromedp.CSS("#b-category"), "user-research"))
	tab.ClickNav(".filter-form button[type=submit]")
	tab.WaitVisible(".question-list")
	cats := browsertest.Eval[string](tab, `[...document.querySelectorAll(".bank-question .question-meta")].map(e => e.querySelector(".tag.subtle").textContent).join("|")`)
	for _, c := range strings.Split(cats, "|") {
		if c != "User research" {
			t.Fatalf("category filter shows %q", cats)
		}
	}
	// The rubric opens like any details element.
	tab.Click(".bank-question details.rubric summary")
	tab.WaitVisible(".bank-question .rubric-list")
	tab.WantText(".bank-question .rubric-list", "Red flags")
	shootPage(t, tab, "browse", ".question-list")
	question := tab.Text(".bank-question .result-question")
	// Keyboard: reach the first "Practise this question" and press Enter.
	tab.Do(chromedp.Focus(chromedp.CSS(".bank-question details.rubric summary")))
	tab.TabTo(".bank-question .start-one button", 10)
	tab.PressNav("\r")
	tab.WaitVisible("#answer")
	if got := tab.Text("#question-title"); got != question {
		t.Fatalf("practising %q, want %q", got, question)
	}
	// A set from the filter.
	tab.Navigate(a.url + "/questions?role=product-manager&track=user&category=user-research")
	tab.Fill("#set-count", "2")
	tab.ClickNav(".start-set button")
	tab.WaitVisible("#answer")
	if got := tab.Text(".progress-count"); got != "Question 1 of 2" {
		t.Fatalf("set: %q", got)
	}
	tab.CheckConsole()
}

// TestBrowserDashboardReadiness answers two questions and checks the
// dashboard draws readiness bars and the trend chart, then practises next.
func TestBrowserDashboardReadiness(t *testing.T) {
	t.Parallel()
	a := mustApp(t)
	tab := browser.NewTab(t)
	signUpInBrowser(t, tab, a.url, "Ready Player")
	tab.Do(chromedp.SetValue(chromedp.CSS("#role"), "software-engineer"))
	tab.Click(`input[name=track][value=user]`)
	tab.Fill("#count", "2")
	tab.ClickNav("form.setup-form button[type=submit]")
	answerInBrowser(t, tab, weakAnswer)
	tab.ClickNav(".next-actions a.button:not(.ghost)")
	answerInBrowser(t, tab, strongAnswer)

	tab.Navigate(a.url + "/dashboard")
	tab.WaitVisible(".readiness")
	if got := tab.Text(".readiness .session-title"); got != "Software Engineer · User interview" {
		t.Fatalf("readiness card %q", got)
	}
	// The bar's width is the score; the trend has a point per answer.
	score := tab.Text(".readiness .score-pill")
	width := browsertest.Eval[string](tab, `document.querySelector(".readiness .score-bar .bar-fill").getAttribute("width")`)
	if !strings.HasPrefix(score, width) {
		t.Errorf("bar width %s for score %q", width, score)
	}
	if n := browsertest.Eval[int](tab, `document.querySelectorAll(".trend-chart svg circle.trend-dot").length`); n != 2 {
		t.Errorf("%d trend points, want 2", n)
	}
	if h := browsertest.Eval[float64](tab, `document.querySelector(".trend-chart svg").getBoundingClientRect().height`); h < 50 {
		t.Errorf("trend chart is %v px high", h)
	}
	label := browsertest.Eval[string](tab, `document.querySelector(".trend-chart svg").getAttribute("aria-label")`)
	if !strings.Contains(label, "Readiness over your last 2 answers") {
		t.Errorf("chart label %q", label)
	}
	tab.WantText(".readiness .streak", "1-day streak")
	shootPage(t, tab, "dashboard-readiness", ".readiness")

	// Practise next retries the weak answer first.
	tab.ClickNav(`.readiness form[action="/practice/next"] button`)
	tab.WaitVisible("#answer")
	if got := tab.Text(".progress-count"); got != "Question 1 of 5" {
		t.Fatalf("practise next: %q", got)
	}
	tab.CheckConsole()
}
