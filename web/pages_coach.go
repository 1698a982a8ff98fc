package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/gin-gonic/gin/binding"
	"github.com/interviewcoach/coach/coach"
)

// The coach's pages and the seeker's side of coaching (issue 7). Access is
// decided in the domain; a page only shows what the domain returns.

// maxCoachForm caps the coaching forms (a question with its rubric is the largest).
const maxCoachForm = 64 << 10

// inviteView is an invite with the absolute link a coach copies.
type inviteView struct {
	coach.Invite
	URL string
}

// cohortView is one row of the cohort table, rounds spelled out for the template.
type cohortView struct {
	coach.CohortRow
	HR, User *coach.Readiness
}

// sortColumn is a sortable header of the cohort table.
type sortColumn struct {
	Key, Label, Href, AriaSort string
}

type coachPage struct {
	basePage
	User      coach.User
	Invites   []inviteView
	Clients   []coach.Link
	Cohort    []cohortView
	Columns   []sortColumn
	NewInvite string
	Notice    string
	Error     string
	Assigned  int
	ToReview  int
	// MoreToReview says the queue holds more than ToReview (the queue is
	// read one page at a time).
	MoreToReview bool
	MaxUses      int
	MaxHours     int
	DefaultHrs   int
}

// absURL turns a path into a link for people to share: the scheme is
// https when the request came over TLS or cookies are marked secure.
func (s *Server) absURL(c *gin.Context, path string) string {
	scheme := "http"
	if c.Request.TLS != nil || s.secureCookies {
		scheme = "https"
	}
	return scheme + "://" + c.Request.Host + path
}

func (s *Server) coachDashboard(c *gin.Context) {
	s.renderCoachDashboard(c, http.StatusOK, "")
}

func (s *Server) renderCoachDashboard(c *gin.Context, status int, errMsg string) {
	ctx, id := c.Request.Context(), mustIdentity(c)
	if id.Kind != coach.KindCoach {
		s.fail(c, coach.Errorf(coach.EForbidden, "The coaching pages are for coach accounts."))
		return
	}
	sortBy, desc, err := cohortOrder(c)
	if err != nil {
		sortBy, desc = "name", false
	}
	u, err := s.svc.Me(ctx, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	invites, err := s.svc.Invites(ctx, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	rows, queue, err := s.svc.CoachOverview(ctx, id, sortBy, desc)
	if err != nil {
		s.fail(c, err)
		return
	}
	p := coachPage{basePage: s.base(c, "Coaching"), User: u, Error: errMsg, ToReview: len(queue),
		MoreToReview: len(queue) == coach.DefaultQueueSize,
		MaxUses:      coach.MaxInviteUses, MaxHours: coach.MaxInviteHours, DefaultHrs: coach.DefaultInviteHours}
	p.Nav = "coach"
	p.NewInvite = c.Query("invite")
	p.Assigned, _ = strconv.Atoi(c.Query("assigned"))
	switch c.Query("done") {
	case "ended":
		p.Notice = "The link has ended. That client's data is no longer visible to you."
	case "withdrawn":
		p.Notice = "The invite was withdrawn; its link no longer works."
	}
	for _, inv := range invites {
		p.Invites = append(p.Invites, inviteView{Invite: inv, URL: s.absURL(c, inv.Link)})
	}
	for _, r := range rows {
		v := cohortView{CohortRow: r}
		if x, ok := r.Rounds[coach.TrackHR]; ok {
			v.HR = &x
		}
		if x, ok := r.Rounds[coach.TrackUser]; ok {
			v.User = &x
		}
		p.Cohort = append(p.Cohort, v)
		p.Clients = append(p.Clients, r.Client)
	}
	labels := map[string]string{"name": "Client", "hr": "HR screening", "user": "User interview", "last": "Last practice", "overdue": "Overdue drills"}
	for _, key := range coach.CohortSorts {
		col := sortColumn{Key: key, Label: labels[key], AriaSort: "none"}
		order := "asc"
		if key == sortBy {
			col.AriaSort = "ascending"
			if desc {
				col.AriaSort = "descending"
			} else {
				order = "desc"
			}
		}
		col.Href = "/coach?sort=" + key + "&order=" + order + "#cohort"
		p.Columns = append(p.Columns, col)
	}
	s.renderPage(c, status, "coach_dashboard", p)
}

type inviteForm struct {
	Uses  string `form:"uses"`
	Hours string `form:"expires_in_hours"`
}

func formInt(v string) (int, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, true
	}
	n, err := strconv.Atoi(v)
	return n, err == nil
}

func (s *Server) createInvitePage(c *gin.Context) {
	var f inviteForm
	if err := c.ShouldBindWith(&f, binding.Form); err != nil {
		s.fail(c, formError(err))
		return
	}
	uses, ok1 := formInt(f.Uses)
	hours, ok2 := formInt(f.Hours)
	if !ok1 || !ok2 {
		s.renderCoachDashboard(c, http.StatusBadRequest, "Uses and hours must be whole numbers.")
		return
	}
	inv, err := s.svc.CreateInvite(c.Request.Context(), mustIdentity(c), coach.CreateInviteInput{Uses: uses, ExpiresInHours: hours})
	if err != nil {
		status, _ := s.errorStatus(c, err)
		s.renderCoachDashboard(c, status, coach.ErrorMessage(err))
		return
	}
	c.Redirect(http.StatusSeeOther, "/coach?invite="+inv.Code+"#invites")
}

func (s *Server) deleteInvitePage(c *gin.Context) {
	if err := s.svc.DeleteInvite(c.Request.Context(), mustIdentity(c), c.Param("code")); err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/coach?done=withdrawn#invites")
}

func (s *Server) endClientPage(c *gin.Context) {
	if err := s.svc.EndClient(c.Request.Context(), mustIdentity(c), c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/coach?done=ended")
}

type invitePage struct {
	basePage
	Code      string
	CoachName string
	Viewer    coach.UserKind
	Error     string
	Next      string
}

// invitePageGet shows who invites the visitor and how to accept: log in
// or sign up first (coming back here), then one button.
func (s *Server) invitePageGet(c *gin.Context) {
	code := c.Param("code")
	p := invitePage{basePage: s.base(c, "Coaching invite"), Code: code, Next: "/invite/" + code}
	if id, ok := identityOf(c); ok {
		p.Viewer = id.Kind
	}
	link, err := s.svc.InviteCoach(c.Request.Context(), code)
	if err != nil {
		status, _ := s.errorStatus(c, err)
		p.Error = coach.ErrorMessage(err)
		s.renderPage(c, status, "coach_invite", p)
		return
	}
	p.CoachName = link.Name
	s.renderPage(c, http.StatusOK, "coach_invite", p)
}

func (s *Server) acceptInvitePage(c *gin.Context) {
	if _, err := s.svc.AcceptInvite(c.Request.Context(), mustIdentity(c), c.Param("code")); err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/dashboard?coached=1")
}

// option is a choice in a form, with whether it is selected.
type option struct {
	Value, Label string
	Checked      bool
}

type assignForm struct {
	ClientIDs   []string `form:"client_id"`
	Role        string   `form:"role"`
	Track       string   `form:"track"`
	Seniority   string   `form:"seniority"`
	Count       string   `form:"count"`
	QuestionIDs []string `form:"question_id"`
	Due         string   `form:"due"`
	Note        string   `form:"note"`
}

type assignPage struct {
	basePage
	Clients     []option
	Questions   []option
	Roles       []coach.RoleSummary
	Seniorities []coach.Seniority
	MaxCount    int
	MaxNote     int
	Form        assignForm
	Error       string
}

func (s *Server) assignPageGet(c *gin.Context) {
	s.renderAssign(c, http.StatusOK, assignForm{ClientIDs: c.QueryArray("client"), Count: "5"}, "")
}

func (s *Server) renderAssign(c *gin.Context, status int, f assignForm, errMsg string) {
	ctx, id := c.Request.Context(), mustIdentity(c)
	clients, err := s.svc.Clients(ctx, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	qs, err := s.svc.CoachQuestions(ctx, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	p := assignPage{basePage: s.base(c, "Assign a drill"), Roles: s.bank.Roles(), Seniorities: coach.Seniorities,
		MaxCount: coach.MaxQuestionCount, MaxNote: coach.MaxNoteLen, Form: f, Error: errMsg}
	p.Nav = "coach"
	for _, cl := range clients {
		p.Clients = append(p.Clients, option{Value: cl.UserID, Label: cl.Name + " (" + cl.Email + ")", Checked: slices.Contains(f.ClientIDs, cl.UserID)})
	}
	for _, q := range qs {
		p.Questions = append(p.Questions, option{Value: q.ID, Label: q.Track.Label() + " · " + q.Text, Checked: slices.Contains(f.QuestionIDs, q.ID)})
	}
	s.renderPage(c, status, "coach_assign", p)
}

func (s *Server) createAssignmentPage(c *gin.Context) {
	var f assignForm
	if err := c.ShouldBindWith(&f, binding.Form); err != nil {
		s.fail(c, formError(err))
		return
	}
	fail := func(err error) {
		status, _ := s.errorStatus(c, err)
		s.renderAssign(c, status, f, coach.ErrorMessage(err))
	}
	count, err := parseCount(f.Count)
	if err != nil {
		fail(err)
		return
	}
	due, err := parseDue(f.Due)
	if err != nil {
		fail(err)
		return
	}
	list, err := s.svc.CreateAssignments(c.Request.Context(), mustIdentity(c), coach.AssignInput{
		ClientIDs: f.ClientIDs, Role: f.Role, Track: coach.Track(f.Track), Seniority: coach.Seniority(f.Seniority),
		Count: count, QuestionIDs: f.QuestionIDs, Due: due, Note: f.Note,
	})
	if err != nil {
		fail(err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/coach?assigned="+strconv.Itoa(len(list)))
}

type questionForm struct {
	Role          string `form:"role"`
	Track         string `form:"track"`
	Category      string `form:"category"`
	Seniority     string `form:"seniority"`
	Text          string `form:"text"`
	Assesses      string `form:"assesses"`
	TalkingPoints string `form:"talking_points"`
	RedFlags      string `form:"red_flags"`
	FollowUps     string `form:"follow_ups"`
	MinWords      string `form:"min_words"`
	MaxWords      string `form:"max_words"`
}

func lines(v string) []string {
	var out []string
	for _, l := range strings.Split(v, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func (f questionForm) question(id string) coach.Question {
	minW, _ := strconv.Atoi(strings.TrimSpace(f.MinWords))
	maxW, _ := strconv.Atoi(strings.TrimSpace(f.MaxWords))
	return coach.Question{ID: id, Role: f.Role, Track: coach.Track(f.Track), Category: f.Category, Seniority: coach.Seniority(f.Seniority),
		Text: f.Text, Assesses: f.Assesses, TalkingPoints: lines(f.TalkingPoints), RedFlags: lines(f.RedFlags), FollowUps: lines(f.FollowUps),
		TargetWords: coach.WordRange{Min: minW, Max: maxW}}
}

func formOf(q coach.Question) questionForm {
	return questionForm{Role: q.Role, Track: string(q.Track), Category: q.Category, Seniority: string(q.Seniority), Text: q.Text, Assesses: q.Assesses,
		TalkingPoints: strings.Join(q.TalkingPoints, "\n"), RedFlags: strings.Join(q.RedFlags, "\n"), FollowUps: strings.Join(q.FollowUps, "\n"),
		MinWords: strconv.Itoa(q.TargetWords.Min), MaxWords: strconv.Itoa(q.TargetWords.Max)}
}

type categoryOptions struct {
	Label   string
	Options []option
}

type questionsPage struct {
	basePage
	Questions   []coach.Question
	Form        questionForm
	EditID      string
	Roles       []coach.RoleSummary
	Categories  []categoryOptions
	Seniorities []coach.Seniority
	Error       string
	Notice      string
}

func (s *Server) questionsPageGet(c *gin.Context) {
	f := questionForm{Role: coach.RoleAny, Track: string(coach.TrackUser), MinWords: "80", MaxWords: "250"}
	editID := c.Query("edit")
	if editID != "" {
		q, err := s.svc.CoachQuestion(c.Request.Context(), mustIdentity(c), editID)
		if err != nil {
			s.fail(c, err)
			return
		}
		f = formOf(q)
	}
	s.renderQuestions(c, http.StatusOK, f, editID, "")
}

func (s *Server) renderQuestions(c *gin.Context, status int, f questionForm, editID, errMsg string) {
	id := mustIdentity(c)
	if id.Kind != coach.KindCoach {
		s.fail(c, coach.Errorf(coach.EForbidden, "The coaching pages are for coach accounts."))
		return
	}
	qs, err := s.svc.CoachQuestions(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	p := questionsPage{basePage: s.base(c, "Your questions"), Questions: qs, Form: f, EditID: editID, Roles: s.bank.Roles(),
		Seniorities: coach.Seniorities, Error: errMsg}
	p.Nav = "coach"
	switch c.Query("done") {
	case "saved":
		p.Notice = "Question saved. You can use it in drills."
	case "deleted":
		p.Notice = "Question deleted. Sessions that asked it keep their copy."
	}
	for _, t := range coach.Tracks {
		g := categoryOptions{Label: t.Label()}
		for _, cat := range coach.Categories[t] {
			g.Options = append(g.Options, option{Value: cat, Label: categoryLabel(cat), Checked: cat == f.Category})
		}
		p.Categories = append(p.Categories, g)
	}
	s.renderPage(c, status, "coach_questions", p)
}

func (s *Server) saveQuestionPage(c *gin.Context) {
	var f questionForm
	if err := c.ShouldBindWith(&f, binding.Form); err != nil {
		s.fail(c, formError(err))
		return
	}
	editID := c.Param("id")
	if _, err := s.svc.SaveCoachQuestion(c.Request.Context(), mustIdentity(c), f.question(editID)); err != nil {
		status, _ := s.errorStatus(c, err)
		s.renderQuestions(c, status, f, editID, coach.ErrorMessage(err))
		return
	}
	c.Redirect(http.StatusSeeOther, "/coach/questions?done=saved")
}

func (s *Server) deleteQuestionPage(c *gin.Context) {
	if err := s.svc.DeleteCoachQuestion(c.Request.Context(), mustIdentity(c), c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/coach/questions?done=deleted")
}

type queuePage struct {
	basePage
	Reviewed bool
	Items    []coach.QueueItem
	Notice   string
}

func (s *Server) reviewQueuePage(c *gin.Context) {
	reviewed, err := queueStatus(c.Query("status"))
	if err != nil {
		s.fail(c, err)
		return
	}
	items, err := s.svc.ReviewQueue(c.Request.Context(), mustIdentity(c), reviewed, 0)
	if err != nil {
		s.fail(c, err)
		return
	}
	p := queuePage{basePage: s.base(c, "Review queue"), Reviewed: reviewed, Items: items}
	p.Nav = "coach"
	if c.Query("done") == "reviewed" {
		p.Notice = "Review saved. Your client has been notified."
	}
	s.renderPage(c, http.StatusOK, "coach_reviews", p)
}

type reviewForm struct {
	Comment string `form:"comment"`
	Score   string `form:"score"`
}

type reviewPage struct {
	basePage
	Answer   coach.Answer
	Session  coach.SessionInfo
	Question coach.Question
	Client   string
	Form     reviewForm
	Error    string
}

func (s *Server) reviewPageGet(c *gin.Context) {
	f := reviewForm{}
	s.renderReview(c, http.StatusOK, &f, "")
}

func (s *Server) renderReview(c *gin.Context, status int, f *reviewForm, errMsg string) {
	ctx, id := c.Request.Context(), mustIdentity(c)
	if err := requireCoachPage(id); err != nil {
		s.fail(c, err)
		return
	}
	got, err := s.svc.Answer(ctx, id, c.Param("answer"))
	if err != nil {
		s.fail(c, err)
		return
	}
	p := reviewPage{basePage: s.base(c, "Review an answer"), Answer: got.Answer, Session: got.Session, Question: got.Question, Form: *f, Error: errMsg}
	p.Nav = "coach"
	if r := got.Answer.Review; r != nil && f.Comment == "" && errMsg == "" {
		p.Form.Comment = r.Comment
		if r.Score != nil {
			p.Form.Score = strconv.Itoa(*r.Score)
		}
	}
	if clients, err := s.svc.Clients(ctx, id); err == nil {
		for _, cl := range clients {
			if cl.UserID == got.Answer.UserID {
				p.Client = cl.Name
			}
		}
	}
	s.renderPage(c, status, "coach_review", p)
}

func requireCoachPage(id coach.Identity) error {
	if id.Kind != coach.KindCoach {
		return coach.Errorf(coach.EForbidden, "The coaching pages are for coach accounts.")
	}
	return nil
}

func (s *Server) reviewPagePost(c *gin.Context) {
	var f reviewForm
	if err := c.ShouldBindWith(&f, binding.Form); err != nil {
		s.fail(c, formError(err))
		return
	}
	var score *int
	if v := strings.TrimSpace(f.Score); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			s.renderReview(c, http.StatusBadRequest, &f, "The score must be a whole number from 0 to 100, or left empty.")
			return
		}
		score = &n
	}
	if _, err := s.svc.ReviewAnswer(c.Request.Context(), mustIdentity(c), c.Param("answer"), coach.ReviewInput{Comment: f.Comment, Score: score}); err != nil {
		status, _ := s.errorStatus(c, err)
		s.renderReview(c, status, &f, coach.ErrorMessage(err))
		return
	}
	c.Redirect(http.StatusSeeOther, "/coach/reviews?done=reviewed")
}

// notesOnDashboard is how many read notifications the dashboard keeps listing.
const notesOnDashboard = 5

// seekerCoaching is the coaching part of a seeker's dashboard.
type seekerCoaching struct {
	CSRF          string
	Notifications []coach.Notification
	Unread        int
	Assignments   []coach.Assignment
	Coaches       []coach.Link
	Linked        bool
}

// seekerCoachingOf reads what the dashboard shows of coaching. Errors are
// logged and the section left out: the dashboard must not fail over it.
func (s *Server) seekerCoachingOf(c *gin.Context, id coach.Identity) *seekerCoaching {
	if id.Kind != coach.KindSeeker {
		return nil
	}
	ctx := c.Request.Context()
	sc := &seekerCoaching{CSRF: s.csrfFor(c), Linked: c.Query("coached") == "1"}
	var err error
	if sc.Notifications, err = s.svc.Notifications(ctx, id); err == nil {
		if sc.Assignments, err = s.svc.Assignments(ctx, id); err == nil {
			sc.Coaches, err = s.svc.Coaches(ctx, id)
		}
	}
	if err != nil {
		s.log.WarnContext(ctx, "dashboard: coaching section left out", "request_id", requestIDOf(c), "err", err)
		return nil
	}
	for _, n := range sc.Notifications {
		if n.Unread {
			sc.Unread++
		}
	}
	// The dashboard lists the unread ones, and at least the newest few.
	sc.Notifications = sc.Notifications[:min(len(sc.Notifications), max(sc.Unread, notesOnDashboard))]
	return sc
}

func (s *Server) startAssignmentPage(c *gin.Context) {
	sess, err := s.svc.StartSession(c.Request.Context(), mustIdentity(c), coach.StartInput{AssignmentID: c.Param("id")})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/practice/"+sess.ID)
}

func (s *Server) leaveCoachPage(c *gin.Context) {
	if err := s.svc.LeaveCoach(c.Request.Context(), mustIdentity(c), c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/dashboard")
}

func (s *Server) notificationsReadPage(c *gin.Context) {
	if err := s.svc.MarkNotificationsRead(c.Request.Context(), mustIdentity(c)); err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/dashboard#notifications")
}

// clientAnswer is one answer on a client's page, with its question.
type clientAnswer struct {
	Answer   coach.Answer
	Question coach.Question
}

// clientSession is one of a client's sessions on their coach's page.
type clientSession struct {
	Session coach.Session
	Answers []clientAnswer
}

type clientPage struct {
	basePage
	Client    coach.Link
	Readiness []coach.Readiness
	Sessions  []clientSession
	// Older is true past the first page; Next links to the page after.
	Older bool
	Next  string
}

// clientSessionsPage is how many sessions a page of a client's shows: a
// client who practised for months must not make their coach's page huge.
const clientSessionsPage = 20

// clientPageGet shows a current client's readiness and a page of their
// sessions to their coach (?after= a session id for older ones), each
// answer linking to its review.
func (s *Server) clientPageGet(c *gin.Context) {
	ctx, id := c.Request.Context(), mustIdentity(c)
	clientID := c.Param("id")
	page := coach.SessionPage{After: c.Query("after"), Limit: clientSessionsPage}
	sessions, more, err := s.svc.ClientSessions(ctx, id, clientID, page)
	if err != nil {
		s.fail(c, err)
		return
	}
	ready, err := s.svc.ClientReadiness(ctx, id, clientID)
	if err != nil {
		s.fail(c, err)
		return
	}
	p := clientPage{basePage: s.base(c, "Client"), Readiness: ready, Older: page.After != ""}
	if more && len(sessions) > 0 {
		p.Next = "/coach/clients/" + url.PathEscape(clientID) + "?after=" + url.QueryEscape(sessions[len(sessions)-1].ID)
	}
	p.Nav = "coach"
	if clients, err := s.svc.Clients(ctx, id); err == nil {
		for _, cl := range clients {
			if cl.UserID == clientID {
				p.Client = cl
			}
		}
	}
	p.Title = p.Client.Name
	for _, sess := range sessions {
		cs := clientSession{Session: sess}
		for i := len(sess.Answers) - 1; i >= 0; i-- {
			q, _ := sess.Question(sess.Answers[i].QuestionID)
			cs.Answers = append(cs.Answers, clientAnswer{Answer: sess.Answers[i], Question: q})
		}
		p.Sessions = append(p.Sessions, cs)
	}
	s.renderPage(c, http.StatusOK, "coach_client", p)
}
