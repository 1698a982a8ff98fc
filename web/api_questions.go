package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/interviewcoach/coach/coach"
)

func (s *Server) apiRoles(c *gin.Context) {
	c.JSON(http.StatusOK, s.bank.Roles())
}

// questionFilter reads and checks the browse filters shared by the API and
// the pages.
func (s *Server) questionFilter(c *gin.Context) (coach.QuestionFilter, error) {
	f := coach.QuestionFilter{
		Role:      c.Query("role"),
		Track:     coach.Track(c.Query("track")),
		Category:  c.Query("category"),
		Seniority: coach.Seniority(c.Query("seniority")),
		Query:     c.Query("q"),
	}
	if f.Role != "" {
		if _, ok := s.bank.Role(f.Role); !ok {
			return f, coach.Errorf(coach.EInvalid, "Unknown role %q; see GET /api/v1/roles.", f.Role)
		}
	}
	if f.Track != "" && !f.Track.Valid() {
		return f, coach.Errorf(coach.EInvalid, "Track must be \"hr\" or \"user\".")
	}
	if f.Seniority != "" && !f.Seniority.Valid() {
		return f, coach.Errorf(coach.EInvalid, "Seniority must be junior, mid or senior.")
	}
	if f.Category != "" && !coach.ValidCategory(coach.TrackHR, f.Category) && !coach.ValidCategory(coach.TrackUser, f.Category) {
		return f, coach.Errorf(coach.EInvalid, "Unknown category %q.", f.Category)
	}
	if len(f.Query) > 200 {
		return f, coach.Errorf(coach.EInvalid, "The search text is longer than 200 characters.")
	}
	return f, nil
}

func (s *Server) apiQuestions(c *gin.Context) {
	f, err := s.questionFilter(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	body, err := s.questionsJSON.get(s.bank, f)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", body)
}
