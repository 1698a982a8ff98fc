package llm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Retry policy. Retries stop at whichever comes first: maxAttempts calls,
// a non-retryable error, or a wait that would not fit in the time left
// before the call's deadline (Config.Timeout covers all attempts).
const (
	maxAttempts   = 4
	backoffBase   = 250 * time.Millisecond
	backoffMax    = 4 * time.Second
	maxRetryAfter = time.Minute
)

// errTimeout is the cause of a call's context when Config.Timeout expires,
// which tells our own deadline apart from a caller that went away.
var errTimeout = errors.New("llm: scoring timed out")

// callError is a failed call to the model, classified.
type callError struct {
	kind      string
	status    int // HTTP status, 0 when there was no response
	retryable bool
	attempts  int
	// callerDeadline marks a timeout set by the caller's context rather
	// than by Config.Timeout.
	callerDeadline bool
	err            error
}

func (e *callError) Error() string {
	if e.status != 0 {
		return fmt.Sprintf("llm: %s (HTTP %d, %d attempts): %v", e.kind, e.status, e.attempts, e.err)
	}
	return fmt.Sprintf("llm: %s (%d attempts): %v", e.kind, e.attempts, e.err)
}

func (e *callError) Unwrap() error { return e.err }

// classify sorts an error from go-openai into a failure kind. go-openai has
// no retries of its own; its *APIError and *RequestError carry the status.
func classify(ctx context.Context, err error, hint *retryHint) *callError {
	if ctx.Err() != nil {
		switch {
		case errors.Is(context.Cause(ctx), errTimeout):
			return &callError{kind: kindTimeout, err: err}
		case errors.Is(ctx.Err(), context.DeadlineExceeded):
			// The caller's own deadline came before ours: too late for the
			// model, but the caller still wants an answer.
			return &callError{kind: kindTimeout, callerDeadline: true, err: err}
		}
		return &callError{kind: kindCanceled, err: err}
	}
	status := 0
	var apiErr *openai.APIError
	var reqErr *openai.RequestError
	switch {
	case errors.As(err, &apiErr):
		status = apiErr.HTTPStatusCode
	case errors.As(err, &reqErr):
		status = reqErr.HTTPStatusCode
	}
	switch {
	case status == http.StatusTooManyRequests && apiErr != nil && (apiErr.Type == "insufficient_quota" || apiErr.Code == "insufficient_quota"):
		// OpenAI's 429 for an account out of credit: no wait will help.
		return &callError{kind: kindQuota, status: status, err: err}
	case status == http.StatusTooManyRequests:
		return &callError{kind: kindRateLimited, status: status, retryable: true, err: err}
	case status >= 500:
		return &callError{kind: kindServer, status: status, retryable: true, err: err}
	case status >= 400:
		// Bad key, unknown model, a request the server will never accept:
		// retrying cannot help.
		return &callError{kind: kindRejected, status: status, err: err}
	}
	var syntaxErr *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &syntaxErr) || errors.As(err, &typeErr) {
		// A 2xx whose body is not a chat completion.
		return &callError{kind: kindBadReply, err: err}
	}
	if (errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)) && hint != nil && hint.gotBody && !hint.bodyCut {
		// The whole body arrived and ended mid-JSON (or was empty): the
		// server's reply is broken, not the connection.
		return &callError{kind: kindBadReply, err: err}
	}
	var netErr net.Error
	if errors.As(err, &netErr) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) {
		return &callError{kind: kindNetwork, retryable: true, err: err}
	}
	// Request validation in go-openai and anything unforeseen.
	return &callError{kind: kindRejected, err: err}
}

// kindCanceled marks a call abandoned because the caller's context ended;
// it is not the model's fault and not a fallback.
const kindCanceled = "canceled"

// complete calls the chat-completions endpoint, retrying 429s, 5xx and
// network errors with jittered exponential backoff (or the server's
// Retry-After) within ctx's deadline.
func (s *Scorer) complete(ctx context.Context, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
	for attempt := 1; ; attempt++ {
		hint := new(retryHint)
		start := time.Now()
		resp, err := s.client.CreateChatCompletion(context.WithValue(ctx, retryHintKey{}, hint), req)
		elapsed := time.Since(start).Seconds()
		if err == nil {
			s.metrics.latency.WithLabelValues("ok").Observe(elapsed)
			return resp, nil
		}
		s.metrics.latency.WithLabelValues("error").Observe(elapsed)
		ce := classify(ctx, err, hint)
		ce.attempts = attempt
		if !ce.retryable || attempt == maxAttempts {
			return resp, ce
		}
		wait := s.backoff(attempt)
		if hint.after > 0 {
			wait = hint.after
		}
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
			// The server asked for (or backoff needs) more time than is
			// left: fall back now instead of sleeping into the timeout.
			return resp, ce
		}
		s.metrics.retries.WithLabelValues(ce.kind).Inc()
		s.log.DebugContext(ctx, "llm: retrying", "kind", ce.kind, "status", ce.status, "attempt", attempt, "wait", wait)
		if err := s.sleep(ctx, wait); err != nil {
			ce := classify(ctx, err, nil)
			ce.attempts = attempt
			return resp, ce
		}
	}
}

// backoff is full-jitter exponential backoff: a random wait between half
// and all of base·2^(attempt-1), capped, so that many clients retrying at
// once do not hit the server in step.
func (s *Scorer) backoff(attempt int) time.Duration {
	d := min(backoffBase<<(attempt-1), backoffMax)
	return d/2 + time.Duration(s.jitter()*float64(d/2))
}

// sleepCtx waits for d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// retryHint carries what the transport saw of a response back to the retry
// loop, since go-openai's errors expose neither headers nor how the body
// ended: the Retry-After wait, and whether the body was cut off in transit
// (a network error, worth a retry) or arrived whole (a broken reply, not).
type retryHint struct {
	after   time.Duration
	gotBody bool
	bodyCut bool
}

type retryHintKey struct{}

// hintTransport records Retry-After on the retryHint in the request's
// context. It reads headers only and never touches the request, whose
// Authorization header holds the key.
type hintTransport struct{ base http.RoundTripper }

func (t hintTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(r)
	if err == nil {
		if h, ok := r.Context().Value(retryHintKey{}).(*retryHint); ok {
			h.after = retryAfter(resp.Header, time.Now())
			h.gotBody = true
			resp.Body = &watchedBody{ReadCloser: resp.Body, hint: h}
		}
	}
	return resp, err
}

// watchedBody notes a body that fails before its end.
type watchedBody struct {
	io.ReadCloser
	hint *retryHint
}

func (b *watchedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF {
		b.hint.bodyCut = true
	}
	return n, err
}

// retryAfter reads how long the server asks us to wait: OpenAI's
// retry-after-ms, then the standard Retry-After in seconds or as a date.
// It returns 0 when there is no usable value.
func retryAfter(h http.Header, now time.Time) time.Duration {
	secs := 0.0
	if v := strings.TrimSpace(h.Get("Retry-After-Ms")); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil {
			secs = ms / 1000
		}
	}
	if v := strings.TrimSpace(h.Get("Retry-After")); secs <= 0 && v != "" {
		if n, err := strconv.ParseFloat(v, 64); err == nil {
			secs = n
		} else if at, err := http.ParseTime(v); err == nil {
			secs = at.Sub(now).Seconds()
		}
	}
	// Compare as floats before converting: a huge or NaN value must not
	// overflow time.Duration.
	switch {
	case !(secs > 0):
		return 0
	case secs >= maxRetryAfter.Seconds():
		return maxRetryAfter
	}
	return time.Duration(secs * float64(time.Second))
}

// defaultJitter draws from math/rand: jitter needs spread, not secrecy.
func defaultJitter() float64 { return rand.Float64() }
