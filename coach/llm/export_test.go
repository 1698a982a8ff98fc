package llm

import (
	"context"
	"time"

	"github.com/interviewcoach/coach/coach"

	"github.com/interviewcoach/coach/prompts"
	"github.com/sashabaranov/go-openai/jsonschema"
)

// Seams for the black-box tests in package llm_test.

// SetClock replaces the clock the circuit breaker and ScoredAt read.
func SetClock(s *Scorer, now func() time.Time) { s.now = now }

// SetSleep replaces the wait between retries, so tests can record the waits
// the policy asks for instead of spending them.
func SetSleep(s *Scorer, sleep func(context.Context, time.Duration) error) { s.sleep = sleep }

// SetJitter fixes the backoff's random draw.
func SetJitter(s *Scorer, f func() float64) { s.jitter = f }

// Reply is the parsed reply, for the fuzz test's invariants.
type Reply = reply

// ParseReply is parseReply.
func ParseReply(kind prompts.Kind, content string) (Reply, error) { return parseReply(kind, content) }

// SchemaJSON is the reply schema sent for kind.
func SchemaJSON(kind prompts.Kind) []byte { return schemas[kind].wire }

// SchemaDefinition is the schema replies for kind are validated against.
func SchemaDefinition(kind prompts.Kind) jsonschema.Definition { return schemas[kind].def }

// RetryAfter is retryAfter.
var RetryAfter = retryAfter

// Limits on what a reply may put in an evaluation.
const (
	MaxListItems = maxListItems
	MaxItemRunes = maxItemRunes
	MaxTextRunes = maxTextRunes
	InjectionCap = injectionCap
	MaxAttempts  = maxAttempts
)

// ModelFlags are the flags a reply may carry.
var ModelFlags = modelFlags

// Waiting is how many calls wait for an identical one in flight.
func Waiting(s *Scorer, req coach.ScoreRequest) int { return s.flights.waiters(s.CacheKey(req)) }
