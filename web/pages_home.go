package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/interviewcoach/coach/coach"
)

type landingPage struct {
	basePage
	LoggedOut bool
	Roles     []coach.RoleSummary
}

// landing explains the product and the two rounds; it needs no Redis.
func (s *Server) landing(c *gin.Context) {
	s.renderPage(c, http.StatusOK, "landing", landingPage{
		basePage:  s.base(c, "Practise your HR screening and user interview"),
		LoggedOut: c.Query("logged_out") == "1",
		Roles:     s.bank.Roles(),
	})
}

type dashboardPage struct {
	basePage
	User     coach.User
	Recent   []sessionRow
	Sessions int
	Answers  int
	// Readiness is the domain's reading per role and round practised, the
	// same numbers GET /api/v1/readiness returns.
	Readiness []coach.Readiness
	// Coaching is the seeker's assignments, notifications and coaches
	// (pages_coach.go); nil for coaches or when it could not be read.
	Coaching *seekerCoaching
}

// recentOnDashboard is how many sessions the dashboard lists; the history
// page has them all.
const recentOnDashboard = 5

func (s *Server) dashboard(c *gin.Context) {
	id := mustIdentity(c)
	if id.Kind == coach.KindCoach {
		c.Redirect(http.StatusSeeOther, "/coach")
		return
	}
	u, err := s.svc.Me(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	p := dashboardPage{basePage: s.base(c, "Dashboard"), User: u}
	// The counts come from the indexes and only the recent sessions are
	// read: the dashboard costs the same after a thousand answers.
	if p.Sessions, p.Answers, err = s.svc.Counts(c.Request.Context(), id); err != nil {
		s.fail(c, err)
		return
	}
	err = s.svc.EachSession(c.Request.Context(), id, func(sess coach.Session) error {
		p.Recent = append(p.Recent, summarize(sess))
		if len(p.Recent) == recentOnDashboard {
			return errStopWalk
		}
		return nil
	})
	if err != nil && !errors.Is(err, errStopWalk) {
		s.fail(c, err)
		return
	}
	if p.Readiness, err = s.svc.Readiness(c.Request.Context(), id); err != nil {
		s.fail(c, err)
		return
	}
	p.Coaching = s.seekerCoachingOf(c, id)
	p.Nav = "dashboard"
	s.renderPage(c, http.StatusOK, "dashboard", p)
}
