package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/gin-gonic/gin/binding"
	"github.com/interviewcoach/coach/coach"
)

// signupForm is what the sign-up page posts. The password is never sent
// back to the browser, not even when the form is shown again.
type signupForm struct {
	Name     string `form:"name"`
	Email    string `form:"email"`
	Password string `form:"password"`
	Kind     string `form:"kind"`
	Next     string `form:"next"`
}

type loginForm struct {
	Email    string `form:"email"`
	Password string `form:"password"`
	Next     string `form:"next"`
}

// authPage is the data of the login and sign-up pages.
type authPage struct {
	basePage
	Name, Email, Kind string
	Next              string
	Error             string
	// Field names the input the error is about, for aria-invalid and focus.
	Field string
}

func (s *Server) signupPage(c *gin.Context) {
	if _, ok := identityOf(c); ok {
		c.Redirect(http.StatusSeeOther, "/dashboard")
		return
	}
	kind := c.Query("kind")
	if kind != string(coach.KindCoach) {
		kind = string(coach.KindSeeker)
	}
	p := authPage{basePage: s.base(c, "Create your account"), Kind: kind, Next: localPath(c.Query("next"))}
	p.Nav = "signup"
	s.renderPage(c, http.StatusOK, "signup", p)
}

func (s *Server) signup(c *gin.Context) {
	var f signupForm
	if err := c.ShouldBindWith(&f, binding.Form); err != nil {
		s.fail(c, formError(err))
		return
	}
	_, token, err := s.svc.Signup(c.Request.Context(), coach.SignupInput{Email: f.Email, Password: f.Password, Name: f.Name, Kind: coach.UserKind(f.Kind)})
	if err != nil {
		status, _ := s.errorStatus(c, err)
		s.renderPage(c, status, "signup", authPage{basePage: s.base(c, "Create your account"),
			Name: f.Name, Email: f.Email, Kind: f.Kind, Next: localPath(f.Next), Error: coach.ErrorMessage(err), Field: signupField(f, err)})
		return
	}
	s.startLogin(c, token)
	next := localPath(f.Next)
	if next == "" {
		next = "/practice/new?welcome=1"
	}
	c.Redirect(http.StatusSeeOther, next)
}

// signupField finds which input a sign-up error is about by asking the
// domain's own validation about each field alone, so the page does not
// keep a second copy of the rules.
func signupField(f signupForm, err error) string {
	if coach.ErrorCode(err) == coach.EConflict {
		return "email"
	}
	const okEmail, okPassword, okName = "someone@example.com", "a long enough password", "Name"
	switch {
	case coach.ValidateSignup(okEmail, okPassword, okName, coach.UserKind(f.Kind)) != nil:
		return "kind"
	case coach.ValidateSignup(coach.NormalizeEmail(f.Email), okPassword, okName, coach.KindSeeker) != nil:
		return "email"
	case coach.ValidateSignup(okEmail, f.Password, okName, coach.KindSeeker) != nil:
		return "password"
	case coach.ValidateSignup(okEmail, okPassword, f.Name, coach.KindSeeker) != nil:
		return "name"
	}
	return ""
}

func (s *Server) loginPage(c *gin.Context) {
	next := localPath(c.Query("next"))
	if _, ok := identityOf(c); ok {
		if next == "" {
			next = "/dashboard"
		}
		c.Redirect(http.StatusSeeOther, next)
		return
	}
	p := authPage{basePage: s.base(c, "Log in"), Next: next}
	p.Nav = "login"
	s.renderPage(c, http.StatusOK, "login", p)
}

func (s *Server) login(c *gin.Context) {
	var f loginForm
	if err := c.ShouldBindWith(&f, binding.Form); err != nil {
		s.fail(c, formError(err))
		return
	}
	_, token, err := s.svc.Login(c.Request.Context(), f.Email, f.Password, c.ClientIP())
	if err != nil {
		status, _ := s.errorStatus(c, err)
		field := "password"
		if f.Email == "" {
			field = "email"
		}
		s.renderPage(c, status, "login", authPage{basePage: s.base(c, "Log in"),
			Email: f.Email, Next: localPath(f.Next), Error: coach.ErrorMessage(err), Field: field})
		return
	}
	s.startLogin(c, token)
	next := localPath(f.Next)
	if next == "" {
		next = "/dashboard"
	}
	c.Redirect(http.StatusSeeOther, next)
}

// logout ends the login on the server too, not only in this browser, so a
// copied cookie stops working.
func (s *Server) logout(c *gin.Context) {
	if err := s.svc.Logout(c.Request.Context(), c.GetString(ctxToken)); err != nil {
		s.fail(c, err)
		return
	}
	s.setCookie(c, sessionCookie, "", -1)
	c.Redirect(http.StatusSeeOther, "/?logged_out=1")
}
