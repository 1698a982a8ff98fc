package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/interviewcoach/coach/coach"
)

type signupRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	Name     string `json:"name"`
	Kind     string `json:"kind"`
}

type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

type authResponse struct {
	User  coach.User `json:"user"`
	Token string     `json:"token"`
}

func (s *Server) apiSignup(c *gin.Context) {
	var req signupRequest
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	u, token, err := s.svc.Signup(c.Request.Context(), coach.SignupInput{Email: req.Email, Password: req.Password, Name: req.Name, Kind: coach.UserKind(req.Kind)})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, authResponse{User: u, Token: token})
}

func (s *Server) apiLogin(c *gin.Context) {
	var req loginRequest
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	u, token, err := s.svc.Login(c.Request.Context(), req.Email, req.Password, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, authResponse{User: u, Token: token})
}

func (s *Server) apiLogout(c *gin.Context) {
	if err := s.svc.Logout(c.Request.Context(), c.GetString(ctxToken)); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) apiMe(c *gin.Context) {
	u, err := s.svc.Me(c.Request.Context(), mustIdentity(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, u)
}
