package web

import (
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"regexp"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/interviewcoach/coach/coach"
)

const (
	ctxRequestID = "request_id"
	ctxIdentity  = "identity"
	ctxToken     = "token"
)

var safeRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// requestID tags every request with an id (the caller's X-Request-ID when it
// is safe to echo, else a new one) for logs and error pages.
func (s *Server) requestID(c *gin.Context) {
	id := c.GetHeader("X-Request-ID")
	if !safeRequestID.MatchString(id) {
		id = coach.NewID()
	}
	c.Set(ctxRequestID, id)
	c.Header("X-Request-ID", id)
	c.Next()
}

func requestIDOf(c *gin.Context) string { return c.GetString(ctxRequestID) }

// recover turns a panic into a logged 500 with the JSON error.
func (s *Server) recover(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.ErrorContext(c.Request.Context(), "panic", "request_id", requestIDOf(c), "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			s.fail(c, fmt.Errorf("panic: %v", v))
		}
	}()
	c.Next()
}

// accessLog writes one structured line per request. It never logs headers
// or bodies, so tokens and passwords cannot reach the logs.
func (s *Server) accessLog(c *gin.Context) {
	start := time.Now()
	c.Next()
	level := slog.LevelInfo
	if c.Writer.Status() >= 500 {
		level = slog.LevelError
	}
	attrs := []slog.Attr{
		slog.String("request_id", requestIDOf(c)),
		slog.String("method", c.Request.Method),
		slog.String("route", routeOf(c)),
		slog.Int("status", c.Writer.Status()),
		slog.Duration("duration", time.Since(start)),
		slog.Int("bytes", c.Writer.Size()),
	}
	if id, ok := identityOf(c); ok {
		attrs = append(attrs, slog.String("user", id.UserID))
	}
	s.log.LogAttrs(c.Request.Context(), level, "http", attrs...)
}

// routeOf is the route pattern (not the raw path, which holds ids).
func routeOf(c *gin.Context) string {
	if r := c.FullPath(); r != "" {
		return r
	}
	return "unmatched"
}

// limitBody caps request bodies; reading past the cap fails and the
// handler answers 413.
func (s *Server) limitBody(n int64) gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.ContentLength > n {
			s.fail(c, coach.Errorf(coach.ETooLarge, "The request body is larger than %d KB.", n>>10))
			return
		}
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, n)
		c.Next()
	}
}

// requireJSON rejects bodies that are not declared as JSON.
func (s *Server) requireJSON(c *gin.Context) {
	mt, _, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if err != nil || mt != "application/json" {
		s.fail(c, coach.Errorf(codeUnsupportedType, "Send a JSON body with Content-Type: application/json."))
		return
	}
	c.Next()
}

// requireToken authenticates the bearer token.
func (s *Server) requireToken(c *gin.Context) {
	auth := c.GetHeader("Authorization")
	token, ok := strings.CutPrefix(auth, "Bearer ")
	if !ok || token == "" {
		c.Header("WWW-Authenticate", `Bearer realm="coach"`)
		s.fail(c, coach.Errorf(coach.EUnauthorized, "Send Authorization: Bearer <token> (from signup or login)."))
		return
	}
	id, err := s.svc.Authenticate(c.Request.Context(), strings.TrimSpace(token))
	if err != nil {
		if coach.ErrorCode(err) == coach.EUnauthorized {
			c.Header("WWW-Authenticate", `Bearer realm="coach", error="invalid_token"`)
		}
		s.fail(c, err)
		return
	}
	c.Set(ctxIdentity, id)
	c.Set(ctxToken, token)
	c.Next()
}

func identityOf(c *gin.Context) (coach.Identity, bool) {
	v, ok := c.Get(ctxIdentity)
	if !ok {
		return coach.Identity{}, false
	}
	id, ok := v.(coach.Identity)
	return id, ok
}

func mustIdentity(c *gin.Context) coach.Identity {
	id, _ := identityOf(c)
	return id
}

// bindJSON decodes the body into v and turns decoding problems into
// messages a person can act on.
func bindJSON(c *gin.Context, v any) error {
	if err := c.ShouldBindJSON(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return coach.Errorf(coach.ETooLarge, "The request body is larger than %d KB.", tooBig.Limit>>10)
		}
		return coach.Errorf(coach.EInvalid, "Malformed JSON body: %s", jsonProblem(err))
	}
	return nil
}
