package web

import (
	"net/http"

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
	list, err := s.svc.Sessions(c.Request.Context(), mustIdentity(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, list)
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
