package web

import (
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/interviewcoach/coach/coach"
)

// statusOf is the one mapping from domain error codes to HTTP statuses.
var statusOf = map[string]int{
	coach.EInvalid:      http.StatusBadRequest,
	coach.EUnauthorized: http.StatusUnauthorized,
	coach.EForbidden:    http.StatusForbidden,
	coach.ENotFound:     http.StatusNotFound,
	coach.EConflict:     http.StatusConflict,
	coach.ETooLarge:     http.StatusRequestEntityTooLarge,
	coach.ERateLimited:  http.StatusTooManyRequests,
	coach.EUnavailable:  http.StatusServiceUnavailable,
	coach.EInternal:     http.StatusInternalServerError,
	codeUnsupportedType: http.StatusUnsupportedMediaType,
	codeMethod:          http.StatusMethodNotAllowed,
}

// Codes that only exist at the HTTP layer.
const (
	codeUnsupportedType = "unsupported_media_type"
	codeMethod          = "method_not_allowed"
)

type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	RequestID string `json:"request_id,omitempty"`
}

// errorStatus maps err to its HTTP status and code through statusOf. It is
// also where errors are logged (5xx only, with the request id, because
// their causes never reach the client) and where Retry-After is set, so
// pages that re-render a form with the message behave like fail.
func (s *Server) errorStatus(c *gin.Context, err error) (status int, code string) {
	code = coach.ErrorCode(err)
	status, ok := statusOf[code]
	if !ok {
		status = http.StatusInternalServerError
	}
	if status >= 500 {
		s.log.ErrorContext(c.Request.Context(), "request failed", "request_id", requestIDOf(c), "code", code, "err", err)
	}
	var ce *coach.Error
	if errors.As(err, &ce) && ce.RetryAfter > 0 {
		c.Header("Retry-After", strconv.Itoa(int(math.Ceil(ce.RetryAfter.Seconds()))))
	}
	return status, code
}

// fail answers with err and aborts the chain: the SPEC's JSON error on the
// API and the operational endpoints, a readable HTML page (or, for htmx, a
// fragment) everywhere else. Both carry the request id.
func (s *Server) fail(c *gin.Context, err error) {
	status, code := s.errorStatus(c, err)
	if !servesHTML(c) {
		c.AbortWithStatusJSON(status, errorBody{Error: errorDetail{Code: code, Message: coach.ErrorMessage(err), RequestID: requestIDOf(c)}})
		return
	}
	c.Abort()
	s.renderError(c, status, coach.ErrorMessage(err))
}

// servesHTML reports whether a request belongs to the pages rather than to
// the JSON API. It looks at the path, not at Accept, so an API client
// always gets JSON and a browser that mistypes a page URL gets a page.
func servesHTML(c *gin.Context) bool {
	p := c.Request.URL.Path
	switch {
	case p == "/api" || strings.HasPrefix(p, "/api/"):
		return false
	case p == "/healthz" || p == "/readyz" || p == "/metrics":
		return false
	}
	return true
}

// errorPage is the data of the HTML error page.
type errorPage struct {
	basePage
	Status    int
	Heading   string
	Message   string
	RequestID string
}

// errorHeadings titles the error page by status; the message under it is
// the domain's, which is written for people.
var errorHeadings = map[int]string{
	http.StatusBadRequest:            "That request did not work",
	http.StatusUnauthorized:          "Please log in",
	http.StatusForbidden:             "You can't do that here",
	http.StatusNotFound:              "Page not found",
	http.StatusMethodNotAllowed:      "That action is not available here",
	http.StatusConflict:              "That clashes with something that exists",
	http.StatusRequestEntityTooLarge: "That was too much to send",
	http.StatusUnsupportedMediaType:  "That form could not be read",
	http.StatusTooManyRequests:       "Slow down a little",
	http.StatusServiceUnavailable:    "We're briefly unavailable",
}

// renderError writes the HTML error page. If even that fails, a plain text
// line with the request id is the last resort: never a stack trace.
func (s *Server) renderError(c *gin.Context, status int, message string) {
	heading, ok := errorHeadings[status]
	if !ok {
		heading = "Something went wrong on our side"
	}
	data := errorPage{basePage: s.base(c, heading), Status: status, Heading: heading, Message: message, RequestID: requestIDOf(c)}
	if isHTMX(c) {
		s.renderFragment(c, status, "error", "error-box", data)
		return
	}
	s.renderPage(c, status, "error", data)
}

func (s *Server) notFound(c *gin.Context) {
	s.fail(c, coach.Errorf(coach.ENotFound, "No such page or endpoint: %s", c.Request.URL.Path))
}

func (s *Server) methodNotAllowed(c *gin.Context) {
	s.fail(c, coach.Errorf(codeMethod, "Method %s is not allowed here.", c.Request.Method))
}
