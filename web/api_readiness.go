package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

func (s *Server) apiReadiness(c *gin.Context) {
	r, err := s.svc.Readiness(c.Request.Context(), mustIdentity(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, r)
}
