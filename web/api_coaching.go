package web

import (
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/interviewcoach/coach/coach"
)

// The coaching API (issue 7). Who may call what is decided in the domain
// (coach/authz.go); these handlers only bind, call and render.

type inviteRequest struct {
	Uses           int `json:"uses"`
	ExpiresInHours int `json:"expires_in_hours"`
}

type assignmentRequest struct {
	ClientID    string   `json:"client_id"`
	ClientIDs   []string `json:"client_ids"`
	Role        string   `json:"role"`
	Track       string   `json:"track"`
	Seniority   string   `json:"seniority"`
	Count       int      `json:"count"`
	QuestionIDs []string `json:"question_ids"`
	Due         string   `json:"due"`
	Note        string   `json:"note"`
}

type questionRequest struct {
	Role          string   `json:"role"`
	Track         string   `json:"track"`
	Category      string   `json:"category"`
	Seniority     string   `json:"seniority"`
	Text          string   `json:"text"`
	Assesses      string   `json:"assesses"`
	TalkingPoints []string `json:"talking_points"`
	RedFlags      []string `json:"red_flags"`
	TargetWords   struct {
		Min int `json:"min"`
		Max int `json:"max"`
	} `json:"target_words"`
	FollowUps []string `json:"follow_ups"`
}

func (r questionRequest) question(id string) coach.Question {
	return coach.Question{ID: id, Role: r.Role, Track: coach.Track(r.Track), Category: r.Category, Seniority: coach.Seniority(r.Seniority),
		Text: r.Text, Assesses: r.Assesses, TalkingPoints: r.TalkingPoints, RedFlags: r.RedFlags,
		TargetWords: coach.WordRange{Min: r.TargetWords.Min, Max: r.TargetWords.Max}, FollowUps: r.FollowUps}
}

type reviewRequest struct {
	Comment string `json:"comment"`
	Score   *int   `json:"score"`
}

type acceptResponse struct {
	Coach coach.Link `json:"coach"`
}

// bindOptionalJSON binds a JSON body if there is one: an empty body keeps
// the defaults.
func bindOptionalJSON(c *gin.Context, v any) error {
	if c.Request.ContentLength == 0 {
		return nil
	}
	mt, _, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if err != nil || mt != "application/json" {
		return coach.Errorf(codeUnsupportedType, "Send a JSON body with Content-Type: application/json.")
	}
	return bindJSON(c, v)
}

// parseDue reads a due date: RFC 3339, or a day (YYYY-MM-DD), which means
// the end of that day in UTC. Empty means no due date.
func parseDue(s string) (*time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return &t, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		t = t.Add(24*time.Hour - time.Second)
		return &t, nil
	}
	return nil, coach.Errorf(coach.EInvalid, "due must be a date (2026-12-31) or an RFC 3339 time.")
}

func (s *Server) apiCreateInvite(c *gin.Context) {
	var req inviteRequest
	if err := bindOptionalJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	inv, err := s.svc.CreateInvite(c.Request.Context(), mustIdentity(c), coach.CreateInviteInput{Uses: req.Uses, ExpiresInHours: req.ExpiresInHours})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, inv)
}

func (s *Server) apiListInvites(c *gin.Context) {
	list, err := s.svc.Invites(c.Request.Context(), mustIdentity(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, list)
}

func (s *Server) apiDeleteInvite(c *gin.Context) {
	if err := s.svc.DeleteInvite(c.Request.Context(), mustIdentity(c), c.Param("code")); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) apiAcceptInvite(c *gin.Context) {
	link, err := s.svc.AcceptInvite(c.Request.Context(), mustIdentity(c), c.Param("code"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, acceptResponse{Coach: link})
}

func (s *Server) apiClients(c *gin.Context) {
	list, err := s.svc.Clients(c.Request.Context(), mustIdentity(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, list)
}

func (s *Server) apiEndClient(c *gin.Context) {
	if err := s.svc.EndClient(c.Request.Context(), mustIdentity(c), c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) apiClientSessions(c *gin.Context) {
	page, err := sessionPageOf(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	list, more, err := s.svc.ClientSessions(c.Request.Context(), mustIdentity(c), c.Param("id"), page)
	if err != nil {
		s.fail(c, err)
		return
	}
	linkNextPage(c, page, list, more)
	c.JSON(http.StatusOK, list)
}

func (s *Server) apiClientReadiness(c *gin.Context) {
	list, err := s.svc.ClientReadiness(c.Request.Context(), mustIdentity(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, list)
}

func (s *Server) apiCoaches(c *gin.Context) {
	list, err := s.svc.Coaches(c.Request.Context(), mustIdentity(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, list)
}

func (s *Server) apiLeaveCoach(c *gin.Context) {
	if err := s.svc.LeaveCoach(c.Request.Context(), mustIdentity(c), c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// apiCreateAssignment answers one assignment for client_id, or an array
// for client_ids (a group).
func (s *Server) apiCreateAssignment(c *gin.Context) {
	var req assignmentRequest
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	due, err := parseDue(req.Due)
	if err != nil {
		s.fail(c, err)
		return
	}
	ids := req.ClientIDs
	if req.ClientID != "" {
		ids = append([]string{req.ClientID}, ids...)
	}
	list, err := s.svc.CreateAssignments(c.Request.Context(), mustIdentity(c), coach.AssignInput{
		ClientIDs: ids, Role: req.Role, Track: coach.Track(req.Track), Seniority: coach.Seniority(req.Seniority),
		Count: req.Count, QuestionIDs: req.QuestionIDs, Due: due, Note: req.Note,
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	if req.ClientIDs == nil {
		c.JSON(http.StatusCreated, list[0])
		return
	}
	c.JSON(http.StatusCreated, list)
}

func (s *Server) apiAssignments(c *gin.Context) {
	list, err := s.svc.Assignments(c.Request.Context(), mustIdentity(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, list)
}

func (s *Server) apiAssignment(c *gin.Context) {
	a, err := s.svc.Assignment(c.Request.Context(), mustIdentity(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, a)
}

func (s *Server) apiDeleteAssignment(c *gin.Context) {
	if err := s.svc.DeleteAssignment(c.Request.Context(), mustIdentity(c), c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) apiCoachQuestions(c *gin.Context) {
	list, err := s.svc.CoachQuestions(c.Request.Context(), mustIdentity(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, list)
}

func (s *Server) apiCoachQuestion(c *gin.Context) {
	q, err := s.svc.CoachQuestion(c.Request.Context(), mustIdentity(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, q)
}

func (s *Server) apiSaveCoachQuestion(c *gin.Context) {
	var req questionRequest
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	q, err := s.svc.SaveCoachQuestion(c.Request.Context(), mustIdentity(c), req.question(c.Param("id")))
	if err != nil {
		s.fail(c, err)
		return
	}
	status := http.StatusOK
	if c.Request.Method == http.MethodPost {
		status = http.StatusCreated
	}
	c.JSON(status, q)
}

func (s *Server) apiDeleteCoachQuestion(c *gin.Context) {
	if err := s.svc.DeleteCoachQuestion(c.Request.Context(), mustIdentity(c), c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// apiReviewQueue is the coach's queue: ?status=to_review (default) or
// reviewed, ?limit= up to 200.
func (s *Server) apiReviewQueue(c *gin.Context) {
	reviewed, err := queueStatus(c.Query("status"))
	if err != nil {
		s.fail(c, err)
		return
	}
	limit, _ := strconv.Atoi(c.Query("limit"))
	list, err := s.svc.ReviewQueue(c.Request.Context(), mustIdentity(c), reviewed, limit)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, list)
}

func queueStatus(v string) (reviewed bool, err error) {
	switch v {
	case "", "to_review":
		return false, nil
	case "reviewed":
		return true, nil
	}
	return false, coach.Errorf(coach.EInvalid, "status must be to_review or reviewed.")
}

func (s *Server) apiGetAnswer(c *gin.Context) {
	got, err := s.svc.Answer(c.Request.Context(), mustIdentity(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, got)
}

// apiReview answers 201 with the answer, which carries the review beside
// the AI's evaluation.
func (s *Server) apiReview(c *gin.Context) {
	var req reviewRequest
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	a, err := s.svc.ReviewAnswer(c.Request.Context(), mustIdentity(c), c.Param("id"), coach.ReviewInput{Comment: req.Comment, Score: req.Score})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, a)
}

// apiCohort is the cohort dashboard: ?sort=name|hr|user|last|overdue and
// ?order=asc|desc.
func (s *Server) apiCohort(c *gin.Context) {
	sortBy, desc, err := cohortOrder(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	rows, err := s.svc.Cohort(c.Request.Context(), mustIdentity(c), sortBy, desc)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, rows)
}

func cohortOrder(c *gin.Context) (sortBy string, desc bool, err error) {
	sortBy = c.DefaultQuery("sort", "name")
	ok := false
	for _, v := range coach.CohortSorts {
		ok = ok || v == sortBy
	}
	if !ok {
		return "", false, coach.Errorf(coach.EInvalid, "sort must be one of %s.", strings.Join(coach.CohortSorts, ", "))
	}
	switch c.Query("order") {
	case "", "asc":
	case "desc":
		desc = true
	default:
		return "", false, coach.Errorf(coach.EInvalid, "order must be asc or desc.")
	}
	return sortBy, desc, nil
}

func (s *Server) apiNotifications(c *gin.Context) {
	list, err := s.svc.Notifications(c.Request.Context(), mustIdentity(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, list)
}

func (s *Server) apiNotificationsRead(c *gin.Context) {
	if err := s.svc.MarkNotificationsRead(c.Request.Context(), mustIdentity(c)); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
