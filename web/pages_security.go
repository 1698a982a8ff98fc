package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/interviewcoach/coach/coach"
)

// Cookies and form fields of the pages.
const (
	// sessionCookie carries the login token from Service.Login/Signup, the
	// same token the API takes as a bearer token.
	sessionCookie = "coach_session"
	// anonCookie is the double-submit value that binds the CSRF token of
	// logged-out forms (login, sign up) to this browser.
	anonCookie = "coach_csrf"
	csrfField  = "csrf"
	ctxAnon    = "anon_csrf"
)

// Form body limits. Logging in needs little; an answer may be up to
// coach.MaxAnswerBytes and a job description up to coach.MaxJobDescription
// characters (up to 4 bytes each), plus URL encoding.
const (
	maxAuthForm     = 16 << 10
	maxPracticeForm = 512 << 10
)

// contentSecurityPolicy allows only this origin's own scripts, styles and
// images — no inline script or style, no eval — and no framing.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"

// securityHeaders sets the headers every response carries. They cost
// nothing on JSON, and NoRoute pages get them too.
func (s *Server) securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
	if c.Request.TLS != nil {
		h.Set("Strict-Transport-Security", "max-age=31536000")
	}
	c.Next()
}

// setCookie writes a cookie no script can read (HttpOnly), that other
// sites' forms do not send (SameSite=Lax), and that never travels over
// plain HTTP once the site is served over TLS. maxAge 0 makes a browser
// session cookie, negative deletes it.
func (s *Server) setCookie(c *gin.Context, name, value string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.secureCookies || c.Request.TLS != nil, SameSite: http.SameSiteLaxMode,
	})
}

// startLogin stores a fresh login token in the session cookie, for as long
// as the token lives.
func (s *Server) startLogin(c *gin.Context, token string) {
	ttl := s.svc.TokenTTL
	if ttl <= 0 {
		ttl = coach.DefaultTokenTTL
	}
	s.setCookie(c, sessionCookie, token, int(ttl.Seconds()))
}

// cookieIdentity authenticates the session cookie. EUnauthorized when it
// is missing, unknown or expired (and then the cookie is cleared);
// EUnavailable when Redis cannot say.
func (s *Server) cookieIdentity(c *gin.Context) (coach.Identity, string, error) {
	token, err := c.Cookie(sessionCookie)
	if err != nil || token == "" {
		return coach.Identity{}, "", coach.Errorf(coach.EUnauthorized, "Log in first.")
	}
	id, err := s.svc.Authenticate(c.Request.Context(), token)
	if coach.ErrorCode(err) == coach.EUnauthorized {
		s.setCookie(c, sessionCookie, "", -1)
	}
	return id, token, err
}

// requireLogin guards the private pages: a logged-out visitor is sent to
// the login page, which brings them back afterwards.
func (s *Server) requireLogin(c *gin.Context) {
	id, token, err := s.cookieIdentity(c)
	if coach.ErrorCode(err) == coach.EUnauthorized {
		s.toLogin(c)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Set(ctxIdentity, id)
	c.Set(ctxToken, token)
	c.Next()
}

// optionalLogin notes who is logged in on public pages, so their layout
// can offer the dashboard. Any failure just means "logged out": the
// landing page must render while Redis is down.
func (s *Server) optionalLogin(c *gin.Context) {
	if id, token, err := s.cookieIdentity(c); err == nil {
		c.Set(ctxIdentity, id)
		c.Set(ctxToken, token)
	}
	c.Next()
}

// toLogin redirects to the login page, remembering a GET's URL to return
// to. htmx requests get HX-Redirect so the whole page moves, not a swap.
func (s *Server) toLogin(c *gin.Context) {
	target := "/login"
	if m := c.Request.Method; m == http.MethodGet || m == http.MethodHead {
		target += "?next=" + url.QueryEscape(c.Request.URL.RequestURI())
	}
	if isHTMX(c) {
		c.Header("HX-Redirect", target)
		c.AbortWithStatus(http.StatusUnauthorized)
		return
	}
	c.Redirect(http.StatusSeeOther, target)
	c.Abort()
}

// localPath returns next when it is a path on this site, and "" otherwise,
// so ?next= cannot send a user who just logged in to another site.
// "//host", "/\host" and anything with a scheme or host are refused.
func localPath(next string) string {
	if next == "" || len(next) > 1024 || next[0] != '/' || strings.HasPrefix(next, "//") {
		return ""
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f || r == '\\' {
			return ""
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return ""
	}
	return next
}

// csrfToken is an HMAC of the value a form is bound to, under a key only
// this server knows: an attacker who can plant a cookie still cannot
// compute the matching token.
func (s *Server) csrfToken(kind, value string) string {
	mac := hmac.New(sha256.New, s.csrfKey)
	mac.Write([]byte(kind + ":" + value))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// csrfFor is the token the forms of this response must post back: bound to
// the login token when logged in, else to the anonymous cookie (set here
// when absent — so call it before the body is written).
func (s *Server) csrfFor(c *gin.Context) string {
	if token := c.GetString(ctxToken); token != "" {
		return s.csrfToken("session", token)
	}
	return s.csrfToken("anon", s.anonID(c))
}

func (s *Server) anonID(c *gin.Context) string {
	if v := c.GetString(ctxAnon); v != "" {
		return v
	}
	v, err := c.Cookie(anonCookie)
	if err != nil || len(v) < 32 || len(v) > 64 {
		v = coach.NewToken()
		s.setCookie(c, anonCookie, v, 0)
	}
	c.Set(ctxAnon, v)
	return v
}

// checkCSRF guards every state-changing form. The posted token must match
// the login token or the anonymous cookie of this browser; a browser that
// says the request comes from another site is refused outright.
func (s *Server) checkCSRF(c *gin.Context) {
	if c.GetHeader("Sec-Fetch-Site") == "cross-site" {
		s.fail(c, coach.Errorf(coach.EForbidden, "Forms of this site can only be sent from this site."))
		return
	}
	if err := c.Request.ParseForm(); err != nil {
		s.fail(c, formError(err))
		return
	}
	sent := c.Request.PostForm.Get(csrfField)
	ok := false
	if token := c.GetString(ctxToken); token != "" {
		ok = hmac.Equal([]byte(sent), []byte(s.csrfToken("session", token)))
	}
	if v, err := c.Cookie(anonCookie); !ok && err == nil && v != "" {
		ok = hmac.Equal([]byte(sent), []byte(s.csrfToken("anon", v)))
	}
	if !ok {
		s.fail(c, coach.Errorf(coach.EForbidden, "This form has expired. Go back, reload the page and send it again."))
		return
	}
	c.Next()
}

// formError turns a form parsing failure into a domain error.
func formError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return coach.Errorf(coach.ETooLarge, "The form is larger than %d KB.", tooBig.Limit>>10)
	}
	return coach.Errorf(coach.EInvalid, "The form could not be read.")
}
