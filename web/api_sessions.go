package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/interviewcoach/coach/coach"
)

type createSessionRequest struct {
	Role           string   `json:"role"`
	Track          string   `json:"track"`
	Seniority      string   `json:"seniority"`
	Count          int      `json:"count"`
	Category       string   `json:"category"`
	QuestionIDs    []string `json:"question_ids"`
	JobDescription string   `json:"job_description"`
	AssignmentID   string   `json:"assignment_id"`
}

type answerRequest struct {
	QuestionID string `json:"question_id"`
	Answer     string `json:"answer"`
}

func (s *Server) apiCreateSession(c *gin.Context) {
	var req createSessionRequest
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	sess, err := s.svc.StartSession(c.Request.Context(), mustIdentity(c), coach.StartInput{
		Role: req.Role, Track: coach.Track(req.Track), Seniority: coach.Seniority(req.Seniority), Count: req.Count,
		Category: req.Category, QuestionIDs: req.QuestionIDs, JobDescription: req.JobDescription, AssignmentID: req.AssignmentID,
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, sess)
}

func (s *Server) apiListSessions(c *gin.Context) {
	page, err := sessionPageOf(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	list, more, err := s.svc.Sessions(c.Request.Context(), mustIdentity(c), page)
	if err != nil {
		s.fail(c, err)
		return
	}
	linkNextPage(c, page, list, more)
	c.JSON(http.StatusOK, list)
}

// sessionPageOf reads ?limit= and ?after= of a session list. Without them
// the list is whole, as it always was.
func sessionPageOf(c *gin.Context) (coach.SessionPage, error) {
	page := coach.SessionPage{After: c.Query("after")}
	if v, ok := c.GetQuery("limit"); ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return page, coach.Errorf(coach.EInvalid, "limit must be between 1 and %d.", coach.MaxSessionPage)
		}
		page.Limit = n
	}
	return page, page.Validate()
}

// linkNextPage points a client at the next page of a session list with an
// RFC 8288 Link header, when there is one.
func linkNextPage(c *gin.Context, page coach.SessionPage, list []coach.Session, more bool) {
	if !more || len(list) == 0 {
		return
	}
	q := url.Values{"limit": {strconv.Itoa(page.Limit)}, "after": {list[len(list)-1].ID}}
	c.Header("Link", "<"+c.Request.URL.Path+"?"+q.Encode()+`>; rel="next"`)
}

func (s *Server) apiGetSession(c *gin.Context) {
	sess, err := s.svc.Session(c.Request.Context(), mustIdentity(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, sess)
}

func (s *Server) apiSubmitAnswer(c *gin.Context) {
	var req answerRequest
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	sub := coach.Submission{QuestionID: req.QuestionID, Text: req.Answer, Key: c.GetHeader("Idempotency-Key")}
	a, err := s.svc.SubmitAnswer(c.Request.Context(), mustIdentity(c), c.Param("id"), sub)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.countScored(a.Evaluation)
	c.JSON(http.StatusCreated, a)
}

func (s *Server) countScored(e *coach.Evaluation) {
	if e == nil {
		s.metrics.scored.WithLabelValues("none", "false").Inc()
		return
	}
	fallback := "false"
	if e.FallbackReason != "" {
		fallback = "true"
	}
	s.metrics.scored.WithLabelValues(e.Scorer, fallback).Inc()
}
