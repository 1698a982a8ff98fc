package web

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/interviewcoach/coach/coach"
)

// healthz says the process is up; it checks nothing else on purpose, so a
// Redis outage does not get the process restarted.
func (s *Server) healthz(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

// readyz says whether the app can serve: Redis must answer within 2 s.
func (s *Server) readyz(c *gin.Context) {
	if s.ready != nil {
		ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
		defer cancel()
		if err := s.ready(ctx); err != nil {
			s.log.WarnContext(ctx, "not ready", "err", err)
			s.fail(c, coach.Errorf(coach.EUnavailable, "Redis is not reachable."))
			return
		}
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready"})
}
