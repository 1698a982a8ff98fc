package web_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/interviewcoach/coach/web/browsertest"
)

// TestBrowserCoachReviewLoop drives the whole coaching loop through two
// browsers: the coach invites a client, the client signs up through the
// link and accepts, the coach assigns a drill, the client completes it,
// the coach reviews an answer, and the client sees the review beside the
// AI's evaluation.
func TestBrowserCoachReviewLoop(t *testing.T) {
	t.Parallel()
	a := mustApp(t)
	coachTab := browser.NewTab(t)
	clientTab := browser.NewTab(t)

	// The coach signs up and creates a single-use invite.
	coachTab.Navigate(a.url + "/signup?kind=coach")
	coachTab.Fill("#name", "Grace Coach")
	coachTab.Fill("#email", "grace.coach@example.com")
	coachTab.Fill("#password", testPassword)
	coachTab.ClickNav("form button[type=submit]")
	coachTab.WaitVisible("main h1")
	// A coach's dashboard is the coaching page.
	coachTab.Navigate(a.url + "/dashboard")
	coachTab.WaitVisible(".invite-form")
	if h := coachTab.Text("main h1"); h != "Coaching" {
		t.Fatalf("a coach's dashboard is %q", h)
	}
	coachTab.ClickNav(".invite-form button[type=submit]")
	coachTab.WaitVisible(".new-invite .invite-url")
	link := coachTab.Value(".new-invite .invite-url")
	if !strings.HasPrefix(link, a.url+"/invite/") {
		t.Fatalf("invite link %q", link)
	}
	// The clipboard answers asynchronously; the status line says how it went.
	coachTab.Click(".new-invite [data-copy]")
	coachTab.WaitText(".new-invite [data-copied]")
	if got := coachTab.Text(".new-invite [data-copied]"); !strings.Contains(got, "copy") && !strings.Contains(got, "copied") {
		t.Errorf("the copy button said %q", got)
	}

	// The client opens the link, signs up from it and accepts.
	clientTab.Navigate(link)
	clientTab.WaitVisible(".form-card")
	narrowOK(t, clientTab, "invite", ".form-card")
	clientTab.WantText(".form-card", "Grace Coach invites you")
	clientTab.ClickNav(`.form-card a[href^="/signup"]`)
	clientTab.Fill("#name", "Sam Client")
	clientTab.Fill("#email", "sam.client@example.com")
	clientTab.Fill("#password", testPassword)
	clientTab.ClickNav("form button[type=submit]")
	clientTab.WaitVisible(`form[action$="/accept"] button`)
	clientTab.ClickNav(`form[action$="/accept"] button`)
	clientTab.WaitVisible(".notice")
	clientTab.WantText(".notice", "linked with your coach")

	// The coach writes a question of their own, with its rubric.
	coachTab.Navigate(a.url + "/coach/questions")
	coachTab.WaitVisible(".question-form")
	narrowOK(t, coachTab, "questions", ".question-form")
	coachTab.Do(chromedp.SetValue(chromedp.CSS("#q-role"), "software-engineer"))
	coachTab.Do(chromedp.SetValue(chromedp.CSS("#q-track"), "user"))
	coachTab.Do(chromedp.SetValue(chromedp.CSS("#q-category"), "behavioural"))
	coachTab.Fill("#q-text", "Tell me about a launch you would redo.")
	coachTab.Fill("#q-assesses", "Reflection and ownership.")
	coachTab.Fill("#q-points", "a concrete launch\nwhat you would change and why")
	coachTab.Fill("#q-flags", "blaming others")
	coachTab.ClickNav(".question-form button[type=submit]")
	coachTab.WaitVisible(".question-list")
	coachTab.WantText(".question-list", "Tell me about a launch you would redo.")

	// The coach sees the client and assigns a drill with that question.
	coachTab.Navigate(a.url + "/coach")
	coachTab.WaitVisible("table.cohort")
	narrowOK(t, coachTab, "coach dashboard", "table.cohort")
	coachTab.WantText("table.cohort tbody", "Sam Client")
	coachTab.ClickNav(`.row-actions a[href^="/coach/assign"]`)
	coachTab.WaitVisible(".assign-form")
	narrowOK(t, coachTab, "assign", ".assign-form")
	if !browsertest.Eval[bool](coachTab, `document.querySelector("input[name=client_id]").checked`) {
		t.Error("the client chosen from the cohort table is not pre-selected")
	}
	coachTab.Do(chromedp.SetValue(chromedp.CSS("#role"), "software-engineer"))
	coachTab.Click(`input[name=track][value=user]`)
	coachTab.Click(`input[name=question_id]`)
	coachTab.Do(chromedp.SetValue(chromedp.CSS("#due"), "2099-01-31"))
	coachTab.Fill("#note", "Use a STAR story for each.")
	coachTab.ClickNav(".assign-form button[type=submit]")
	coachTab.WaitVisible(".notice")
	coachTab.WantText(".notice", "1 drill assigned")

	// The client sees it with its due date, starts it and answers both questions.
	clientTab.Navigate(a.url + "/dashboard")
	clientTab.WaitVisible("#assignments")
	drill := clientTab.Text("#assignments")
	if !strings.Contains(drill, "not started") || !strings.Contains(drill, "31 Jan 2099") || !strings.Contains(drill, "Use a STAR story") {
		t.Fatalf("assignment on the dashboard: %q", drill)
	}
	clientTab.WantText("#notifications", "assigned you")
	narrowOK(t, clientTab, "seeker dashboard", "#assignments")
	// Keyboard: the drill's button is reachable with Tab and starts it with Enter.
	clientTab.TabTo("#assignments form button[type=submit]", 40)
	clientTab.PressNav(kb.Enter)
	clientTab.WaitVisible("#answer")
	if got := clientTab.Text("#question-title"); got != "Tell me about a launch you would redo." {
		t.Fatalf("the drill asks %q, not the coach's question", got)
	}
	clientTab.Fill("#answer", strongAnswer)
	clientTab.Click("form.answer-form button[type=submit]")
	clientTab.WaitVisible(".evaluation")
	clientTab.Navigate(a.url + "/dashboard")
	clientTab.WaitVisible("#assignments")
	if got := clientTab.Text("#assignments .status-chip"); got != "done" {
		t.Fatalf("after both answers the drill is %q", got)
	}

	// The coach reviews the newest answer with a score.
	coachTab.Navigate(a.url + "/coach/reviews")
	coachTab.WaitVisible(".queue-list")
	narrowOK(t, coachTab, "review queue", ".queue-list")
	if n := browsertest.Eval[int](coachTab, `document.querySelectorAll(".queue-item").length`); n != 1 {
		t.Fatalf("%d answers to review, want 1", n)
	}
	coachTab.ClickNav(".queue-item a.button")
	coachTab.WaitVisible(".review-form")
	narrowOK(t, coachTab, "review", ".review-form")
	coachTab.WantText(".ai-evaluation", "Scored by the built-in rubric")
	coachTab.Fill("#comment", "Strong numbers. Say what you would do differently.")
	coachTab.Fill("#score", "64")
	coachTab.ClickNav(".review-form button[type=submit]")
	coachTab.WaitVisible(".notice")
	coachTab.WantText(".notice", "Review saved")

	// The client is notified and sees the review, labelled, beside the evaluation.
	clientTab.Navigate(a.url + "/dashboard")
	clientTab.WaitVisible("#notifications")
	clientTab.WantText("#notifications", "Grace Coach reviewed your answer")
	clientTab.ClickNav(`#notifications a[href*="/answers/"]`)
	clientTab.WaitVisible(".coach-review")
	narrowOK(t, clientTab, "answer with review", ".coach-review")
	review := clientTab.Text(".coach-review")
	for _, want := range []string{"Your coach's review", "Grace Coach", "Strong numbers", "64", "readiness uses it"} {
		if !strings.Contains(review, want) {
			t.Errorf("review card lacks %q: %q", want, review)
		}
	}
	clientTab.WantText(".evaluation .scorer", "Scored by the built-in rubric")
	clientTab.CheckConsole()
	coachTab.CheckConsole()
}

// narrowOK checks a page at a 375 px phone width has no horizontal
// overflow (wide tables scroll in their own region), then goes back to
// the desktop width.
func narrowOK(t *testing.T, tab *browsertest.Tab, name, wait string) {
	t.Helper()
	tab.Do(chromedp.EmulateViewport(375, 900))
	tab.WaitVisible(wait)
	if over := browsertest.Eval[int](tab, "document.documentElement.scrollWidth - window.innerWidth"); over > 0 {
		wide := browsertest.Eval[string](tab, `[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > innerWidth + 1).slice(0, 3).map(e => e.tagName + "." + e.className).join(" ")`)
		t.Errorf("%s at 375 px: %d px of horizontal overflow (%s)", name, over, wide)
	}
	saveShot(t, tab, name+"-375")
	tab.Do(chromedp.EmulateViewport(1280, 900))
	tab.WaitVisible(wait)
	saveShot(t, tab, name+"-1280")
}

// saveShot writes a screenshot into the -shots directory, if one is set.
func saveShot(t *testing.T, tab *browsertest.Tab, name string) {
	t.Helper()
	if *shotsDir == "" {
		return
	}
	if err := os.MkdirAll(*shotsDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*shotsDir, name+".png"), tab.Screenshot(), 0o644); err != nil {
		t.Fatal(err)
	}
}
