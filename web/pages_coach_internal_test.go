package web

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/interviewcoach/coach/coach"
)

// coachPages is how many pages pages_coach.go adds (TestTemplatesRender
// counts every page).
const coachPages = 7

// TestCoachTemplatesRender executes the coaching pages, and the seeker's
// pages that show coaching, with data reaching their branches.
func TestCoachTemplatesRender(t *testing.T) {
	s := fixtureServer(t)
	sess := fixtureSession(t, s)
	base := basePage{Title: "Fixture", LoggedIn: true, CSRF: "token", Coach: true}
	seeker := basePage{Title: "Fixture", LoggedIn: true, CSRF: "token"}
	now := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	score := 41
	review := &coach.Review{CoachID: "c", CoachName: "Grace <Coach>", Comment: "Say the <number>.", Score: &score, CreatedAt: now}
	reviewed := sess.Answers[0]
	reviewed.Review = review
	client := coach.Link{UserID: coach.NewID(), Name: "Sam Client", Email: "sam@example.com", Since: now}
	hr := coach.Readiness{Score: 61, Verdict: coach.VerdictGetting}
	inv := coach.Invite{Code: "abcdefghijklmnop", Uses: 3, UsesLeft: 2, ExpiresAt: now.Add(time.Hour), Link: "/invite/abcdefghijklmnop"}
	due := now.Add(48 * time.Hour)
	assignments := []coach.Assignment{
		{ID: "a1", Role: "sales", Track: coach.TrackHR, Due: &due, Note: "Focus <here>", Progress: coach.AssignmentProgress{Status: coach.ProgressNotStarted, Total: 3}},
		{ID: "a2", Role: "sales", Track: coach.TrackUser, Progress: coach.AssignmentProgress{Status: coach.ProgressInProgress, SessionID: "s2", Answered: 1, Total: 3}},
		{ID: "a3", Role: "sales", Track: coach.TrackUser, Progress: coach.AssignmentProgress{Status: coach.ProgressDone, SessionID: "s3", Answered: 3, Total: 3}},
	}
	scoredView := practiceView{basePage: seeker, Session: sess, Question: sess.Questions[0], Index: 1, Total: 3, Answered: 1, Result: &reviewed}
	results := []questionResult{{Index: 1, Question: sess.Questions[0], Latest: &reviewed, Attempts: 1}}

	cases := []struct {
		page string
		data any
		want []string
	}{
		{"coach_dashboard", coachPage{basePage: base, User: coach.User{Name: "Grace"}, Invites: []inviteView{{Invite: inv, URL: "http://h/invite/abcdefghijklmnop"}},
			Clients: []coach.Link{client}, Cohort: []cohortView{{CohortRow: coach.CohortRow{Client: client, Overdue: 2, Open: 3, LastPractice: &now}, HR: &hr}},
			Columns: []sortColumn{{Key: "name", Label: "Client", Href: "/coach?sort=name&order=desc#cohort", AriaSort: "ascending"}}, NewInvite: inv.Code,
			Notice: "Done.", Assigned: 2, ToReview: 5, MaxUses: 100, MaxHours: 720, DefaultHrs: 168},
			[]string{"Sam Client", `aria-sort="ascending"`, "http://h/invite/abcdefghijklmnop", `data-copy="invite-abcdefghijklmnop"`, "2 drills assigned", "Review queue (5)", "getting there", `href="/coach"`, "Coaching</a>"}},
		{"coach_dashboard", coachPage{basePage: base, User: coach.User{Name: "Grace"}, Error: "Too many requests"}, []string{"No clients yet", "Too many requests"}},
		{"coach_dashboard", coachPage{basePage: base, User: coach.User{Name: "Grace"}, ToReview: 50, MoreToReview: true}, []string{"50+ answers to review", "Review queue (50+)"}},
		{"coach_invite", invitePage{basePage: seeker, Code: inv.Code, CoachName: "Grace", Viewer: coach.KindSeeker}, []string{"Grace", "Accept the invite", `action="/invite/abcdefghijklmnop/accept"`}},
		{"coach_invite", invitePage{basePage: basePage{Title: "x", CSRF: "t"}, Code: inv.Code, CoachName: "Grace", Next: "/invite/abcdefghijklmnop"}, []string{"next=%2finvite%2fabcdefghijklmnop", "Sign up to accept"}},
		{"coach_invite", invitePage{basePage: seeker, Error: "This invite has expired."}, []string{"has expired", `role="alert"`}},
		{"coach_assign", assignPage{basePage: base, Clients: []option{{Value: client.UserID, Label: "Sam", Checked: true}}, Questions: []option{{Value: "q1", Label: "Q one"}},
			Roles: s.bank.Roles(), Seniorities: coach.Seniorities, MaxCount: 20, MaxNote: 2000, Form: assignForm{Role: "sales", Track: "hr", Count: "3", Due: "2026-12-01"}, Error: "Bad due"},
			[]string{`value="` + client.UserID + `" checked`, `value="sales" selected`, `value="hr" checked`, "Q one", `value="2026-12-01"`, "Bad due"}},
		{"coach_assign", assignPage{basePage: base}, []string{"No clients yet"}},
		{"coach_questions", questionsPage{basePage: base, Questions: []coach.Question{{ID: "q1", Track: coach.TrackUser, Category: coach.CatTechnical, Role: "any", Text: "Debug <this>"}},
			Form: formOf(coach.Question{Role: "sales", Track: coach.TrackHR, Category: coach.CatSalary, TalkingPoints: []string{"a", "b"}}), EditID: "q1",
			Roles: s.bank.Roles(), Categories: []categoryOptions{{Label: "HR screening", Options: []option{{Value: coach.CatSalary, Label: "Salary", Checked: true}}}}, Notice: "Question saved."},
			[]string{"Debug &lt;this&gt;", "Edit question", `action="/coach/questions/q1"`, `value="salary" selected`, "a\nb</textarea>", "Question saved."}},
		{"coach_reviews", queuePage{basePage: base, Items: []coach.QueueItem{{Answer: sess.Answers[0], Client: client, Session: coach.SessionInfo{ID: sess.ID, Role: sess.Role, Track: sess.Track}, Question: sess.Questions[0]}}}, []string{"Sam Client", "To review", `href="/coach/reviews/` + sess.Answers[0].ID + `"`}},
		{"coach_client", clientPage{basePage: base, Client: client, Readiness: []coach.Readiness{hr},
			Sessions: []clientSession{{Session: sess, Answers: []clientAnswer{{Answer: reviewed, Question: sess.Questions[0]}}}, {Session: coach.Session{Role: "sales"}}}},
			[]string{"Sam Client", "getting there", "Edit review", "(41)", "No answers yet", "readiness uses your score"}},
		{"coach_reviews", queuePage{basePage: base, Reviewed: true}, []string{"No reviewed answers yet"}},
		{"coach_review", reviewPage{basePage: base, Answer: reviewed, Session: coach.SessionInfo{Role: sess.Role, Track: sess.Track}, Question: sess.Questions[0], Client: "Sam", Form: reviewForm{Comment: "Good <b>", Score: "41"}, Error: "Bad score"},
			[]string{"AI evaluation", "Scored by gpt-4.1-mini", "Good &lt;b&gt;</textarea>", `value="41"`, "Bad score", "readiness uses it"}},
		{"dashboard", dashboardPage{basePage: seeker, User: coach.User{Name: "Sam"}, Coaching: &seekerCoaching{CSRF: "token", Linked: true, Unread: 1,
			Notifications: []coach.Notification{{Text: "Grace reviewed <your> answer.", Link: "/practice/x/answers/y", At: now, Unread: true}},
			Assignments:   assignments, Coaches: []coach.Link{{UserID: "c1", Name: "Grace", Since: now}}}},
			[]string{"Grace reviewed &lt;your&gt; answer.", "Mark all as read", "Start drill", `action="/assignments/a1/start"`, `href="/practice/s2"`, `href="/sessions/s3"`, "Focus &lt;here&gt;", "End coaching", "uses the coach", "linked with your coach"}},
		{"answer", scoredView, []string{"Your coach's review", "Grace &lt;Coach&gt;", "Say the &lt;number&gt;.", "Coach's score", "Scored by gpt-4.1-mini"}},
		{"summary", summaryPage{basePage: seeker, Row: summarize(sess), Results: results}, []string{"Your coach, Grace &lt;Coach&gt; (score 41/100)"}},
	}
	for _, tc := range cases {
		t.Run(tc.page, func(t *testing.T) {
			var buf bytes.Buffer
			if err := s.pages[tc.page].ExecuteTemplate(&buf, "layout", tc.data); err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(buf.String(), w) {
					t.Errorf("output lacks %q", w)
				}
			}
		})
	}
}
