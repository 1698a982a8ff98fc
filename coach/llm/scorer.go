// Package llm is the coach.Scorer on a chat model behind the OpenAI
// chat-completions API (OpenAI itself, or Ollama, vLLM and other servers
// that speak it) through go-openai. It is the only package that imports
// go-openai.
//
// The model is an improvement over the built-in rubric, never a dependency:
// on any failure (timeout, rate limit, outage, refusal, a reply that does
// not match the schema, the circuit breaker open, the user's daily budget
// spent) the fallback scorer answers, and the evaluation says so in
// FallbackReason. Score fails only for a request nobody could judge, or
// when the caller's context ends.
package llm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/coach/rubric"
	"github.com/interviewcoach/coach/prompts"
	openai "github.com/sashabaranov/go-openai"
)

// injectionCap is the highest overall (and criterion) score an answer that
// addresses the grader can get, whatever the model says: an instruction to
// the grader is not an answer.
const injectionCap = 20

// Scorer scores answers with a chat model and falls back to a local scorer.
// It is safe for concurrent use.
type Scorer struct {
	cfg      Config
	client   *openai.Client
	fallback coach.Scorer
	cache    Cache
	budget   Budget
	log      *slog.Logger
	breaker  *breaker
	metrics  *metrics
	flights  flights
	// Seams for tests: the clock the breaker and ScoredAt read, the sleep
	// between retries and the jitter draw.
	now    func() time.Time
	sleep  func(context.Context, time.Duration) error
	jitter func() float64
}

var _ coach.Scorer = (*Scorer)(nil)

// Option customises a Scorer.
type Option func(*options)

type options struct {
	cache      Cache
	budget     Budget
	log        *slog.Logger
	httpClient *http.Client
	failures   int
	cooldown   time.Duration
}

// WithCache makes identical requests cost one model call (see Cache).
func WithCache(c Cache) Option { return func(o *options) { o.cache = c } }

// WithBudget enforces Config.DailyLimit per user (see Budget). Requests
// without a user id (the CLI) are not counted.
func WithBudget(b Budget) Option { return func(o *options) { o.budget = b } }

// WithLogger sets where failures and fallbacks are logged; the default is
// slog.Default(). Neither answers nor the API key are ever logged.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.log = l } }

// WithHTTPClient sets the HTTP client, for a proxy or custom TLS. The
// client is copied, not changed. Its Timeout should stay zero:
// Config.Timeout already bounds each call, retries included.
func WithHTTPClient(c *http.Client) Option { return func(o *options) { o.httpClient = c } }

// WithBreaker tunes the circuit breaker: it opens after failures
// consecutive failed calls and stays open for cooldown before one probe
// call is let through. Zero keeps DefaultBreakerFailures and
// DefaultBreakerCooldown.
func WithBreaker(failures int, cooldown time.Duration) Option {
	return func(o *options) { o.failures, o.cooldown = failures, cooldown }
}

// New returns a Scorer for cfg (zero fields take their defaults) that uses
// fallback whenever the model cannot answer; a nil fallback means the
// built-in rubric (rubric.New()).
func New(cfg Config, fallback coach.Scorer, opts ...Option) *Scorer {
	cfg = cfg.withDefaults()
	o := options{log: slog.Default(), failures: DefaultBreakerFailures, cooldown: DefaultBreakerCooldown}
	for _, opt := range opts {
		opt(&o)
	}
	if o.failures <= 0 {
		o.failures = DefaultBreakerFailures
	}
	if o.cooldown <= 0 {
		o.cooldown = DefaultBreakerCooldown
	}
	if fallback == nil {
		fallback = rubric.New()
	}
	s := &Scorer{
		cfg:      cfg,
		fallback: fallback,
		cache:    o.cache,
		budget:   o.budget,
		log:      o.log,
		breaker:  &breaker{threshold: o.failures, cooldown: o.cooldown},
		metrics:  newMetrics(),
		now:      time.Now,
		sleep:    sleepCtx,
		jitter:   defaultJitter,
	}
	s.breaker.onChange = func(open bool) {
		if open {
			s.metrics.circuitOpen.Set(1)
		} else {
			s.metrics.circuitOpen.Set(0)
		}
	}
	hc := &http.Client{}
	if o.httpClient != nil {
		*hc = *o.httpClient
	}
	base := hc.Transport
	if base == nil {
		// Concurrent scoring calls go to one host; net/http keeps only two
		// idle connections per host by default, so a burst would pay a TLS
		// handshake per call. The clone keeps the proxy and dial settings.
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = 32
		base = t
	}
	hc.Transport = hintTransport{base: base}
	oc := openai.DefaultConfig(cfg.APIKey)
	if cfg.BaseURL != "" {
		oc.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	}
	oc.HTTPClient = hc
	s.client = openai.NewClientWithConfig(oc)
	return s
}

// Model returns the model name evaluations are stamped with.
func (s *Scorer) Model() string { return s.cfg.Model }

// Score judges one answer with the model, or with the fallback scorer when
// the model cannot (the evaluation then has Scorer "local" and a
// FallbackReason a person can read). Whoever scores, the Insights come
// from rubric.Analyze, and an answer that addresses the grader keeps the
// prompt_injection flag with its score capped.
//
// Errors: EInvalid or ETooLarge for an answer no scorer would judge, the
// fallback scorer's own errors, and EUnavailable when ctx ends first.
func (s *Scorer) Score(ctx context.Context, req coach.ScoreRequest) (coach.Evaluation, error) {
	if err := coach.ValidateAnswer(req.Answer); err != nil {
		return coach.Evaluation{}, err
	}
	// The same checks as the built-in rubric, before any money is spent on
	// a question that neither scorer could judge.
	if !req.Question.Track.Valid() {
		return coach.Evaluation{}, coach.Errorf(coach.EInvalid, "Unknown track %q: want hr or user.", req.Question.Track)
	}
	if strings.TrimSpace(req.Question.Text) == "" {
		return coach.Evaluation{}, coach.Errorf(coach.EInvalid, "The question has no text to score the answer against.")
	}
	if err := ctx.Err(); err != nil {
		return coach.Evaluation{}, canceled(err)
	}
	injected := rubric.DetectInjection(req.Answer)

	key := s.CacheKey(req)
	if s.cache != nil {
		ev, ok, err := s.cache.Get(ctx, key)
		switch {
		case err != nil:
			s.metrics.cache.WithLabelValues("error").Inc()
			s.log.WarnContext(ctx, "llm: cache lookup failed; scoring anew", "err", err)
		case ok && ev.Scorer == coach.ScorerLLM:
			s.metrics.cache.WithLabelValues("hit").Inc()
			// Recomputed, not trusted: the insights follow the current
			// lexicon and the injection guard the current detector.
			ev.Insights = rubric.Analyze(req.Question, req.Answer, req.RoleTerms, req.JobTerms)
			if injected {
				guardInjection(&ev)
			}
			return ev, nil
		default:
			s.metrics.cache.WithLabelValues("miss").Inc()
		}
	}

	f, leader := s.flights.join(key)
	if !leader {
		select {
		case <-f.done:
		case <-ctx.Done():
			return coach.Evaluation{}, canceled(ctx.Err())
		}
		if !f.shared {
			// The leader fell back or failed: this request tries itself.
			return s.Score(ctx, req)
		}
		return s.shared(f.ev, req, injected)
	}
	ev, err := s.lead(ctx, req, key, injected)
	s.flights.land(key, f, ev, err)
	return ev, err
}

// shared is the leader's model evaluation for a follower: its own copy,
// with the insights and the injection guard of its own request, as a
// cache hit has them.
func (s *Scorer) shared(ev coach.Evaluation, req coach.ScoreRequest, injected bool) (coach.Evaluation, error) {
	data, err := json.Marshal(ev)
	if err != nil {
		return coach.Evaluation{}, err
	}
	var own coach.Evaluation
	if err := json.Unmarshal(data, &own); err != nil {
		return coach.Evaluation{}, err
	}
	own.Insights = rubric.Analyze(req.Question, req.Answer, req.RoleTerms, req.JobTerms)
	if injected {
		guardInjection(&own)
	}
	return own, nil
}

// lead scores a request with the model (or falls back), as the leader of
// its flight: the breaker, the daily budget, the call, the cache.
func (s *Scorer) lead(ctx context.Context, req coach.ScoreRequest, key string, injected bool) (coach.Evaluation, error) {
	if !s.breaker.allow(s.now()) {
		return s.fallBack(ctx, req, kindCircuitOpen, nil)
	}
	budgeted := s.budget != nil && req.UserID != "" && s.cfg.DailyLimit > 0
	if budgeted {
		ok, err := s.budget.Take(ctx, req.UserID, s.cfg.DailyLimit)
		if err != nil || !ok {
			s.breaker.done(s.now(), neutral)
			if ctx.Err() != nil {
				return coach.Evaluation{}, canceled(ctx.Err())
			}
			if err != nil {
				return s.fallBack(ctx, req, kindBudgetError, err)
			}
			return s.fallBack(ctx, req, kindBudget, nil)
		}
	}

	ev, err := s.scoreWithModel(ctx, req, injected)
	if err != nil {
		var ce *callError
		if !errors.As(err, &ce) {
			ce = &callError{kind: kindPrompt, err: err}
		}
		switch {
		case ce.kind == kindCanceled:
			s.breaker.done(s.now(), neutral)
			return coach.Evaluation{}, canceled(err)
		case ce.kind == kindRefusal, ce.kind == kindPrompt, ce.callerDeadline:
			// About this answer, our own prompt or a caller in a hurry,
			// not the model's health.
			s.breaker.done(s.now(), neutral)
		default:
			s.breaker.done(s.now(), failure)
		}
		s.metrics.failures.WithLabelValues(ce.kind).Inc()
		if budgeted && unbilled(ce.kind) {
			if err := s.budget.Refund(context.WithoutCancel(ctx), req.UserID); err != nil {
				s.log.WarnContext(ctx, "llm: budget refund failed", "err", err)
			}
		}
		return s.fallBack(ctx, req, ce.kind, ce)
	}
	s.breaker.done(s.now(), success)
	if s.cache != nil {
		// The evaluation is paid for: store it even if the caller has just
		// gone, so that a retry of the same answer is free.
		if err := s.cache.Put(context.WithoutCancel(ctx), key, ev); err != nil {
			s.log.WarnContext(ctx, "llm: cache store failed", "err", err)
		}
	}
	return ev, nil
}

// unbilled reports whether a failed call of this kind did no work the
// provider charges for: it was refused at the door (rate limit, quota, a
// 4xx), failed on the provider's side (5xx) or never got there (network,
// our prompt). A timeout, a refusal or an unusable reply may have been
// generated and billed, so those still count against the daily budget.
func unbilled(kind string) bool {
	switch kind {
	case kindRateLimited, kindQuota, kindServer, kindNetwork, kindRejected, kindPrompt:
		return true
	}
	return false
}

// scoreWithModel renders the prompt, calls the model within Config.Timeout
// and turns a valid reply into an evaluation.
func (s *Scorer) scoreWithModel(ctx context.Context, req coach.ScoreRequest, injected bool) (coach.Evaluation, error) {
	insights := rubric.Analyze(req.Question, req.Answer, req.RoleTerms, req.JobTerms)
	delim := prompts.NewDelimiter()
	for strings.Contains(req.Answer, delim) {
		delim = prompts.NewDelimiter()
	}
	p, err := prompts.Render(prompts.Input{
		Question:  req.Question,
		Answer:    req.Answer,
		Delimiter: delim,
		JobTerms:  req.JobTerms,
		WordCount: insights.WordCount,
	})
	if err != nil {
		return coach.Evaluation{}, &callError{kind: kindPrompt, err: err}
	}

	ctx, cancel := context.WithTimeoutCause(ctx, s.cfg.Timeout, errTimeout)
	defer cancel()
	resp, err := s.complete(ctx, s.request(p))
	if err != nil {
		return coach.Evaluation{}, err
	}
	s.metrics.tokens.WithLabelValues("in").Add(float64(resp.Usage.PromptTokens))
	s.metrics.tokens.WithLabelValues("out").Add(float64(resp.Usage.CompletionTokens))
	if resp.Usage.PromptTokens > 0 {
		s.metrics.promptTokens.Observe(float64(resp.Usage.PromptTokens))
	}

	if len(resp.Choices) == 0 {
		return coach.Evaluation{}, &callError{kind: kindBadReply, attempts: 1, err: errors.New("reply has no choices")}
	}
	msg, finish := resp.Choices[0].Message, resp.Choices[0].FinishReason
	switch {
	case strings.TrimSpace(msg.Refusal) != "":
		return coach.Evaluation{}, &callError{kind: kindRefusal, err: fmt.Errorf("model refused: %.200s", msg.Refusal)}
	case finish == openai.FinishReasonContentFilter:
		return coach.Evaluation{}, &callError{kind: kindRefusal, err: errors.New("reply withheld by the content filter")}
	case finish == openai.FinishReasonLength:
		return coach.Evaluation{}, &callError{kind: kindBadReply, err: fmt.Errorf("reply cut off at %d tokens (COACH_LLM_MAX_TOKENS)", s.cfg.MaxTokens)}
	}
	r, err := parseReply(p.Kind, msg.Content)
	if err != nil {
		return coach.Evaluation{}, &callError{kind: kindBadReply, err: err}
	}

	ev := coach.Evaluation{
		Overall:        r.Overall,
		Scorer:         coach.ScorerLLM,
		Model:          s.cfg.Model,
		FallbackReason: "",
		Criteria:       r.Criteria,
		Strengths:      r.Strengths,
		Improvements:   r.Improvements,
		RedFlags:       r.RedFlags,
		Flags:          mergeFlags(r.Flags, lengthFlags(insights.WordCount, req.Question.TargetWords)),
		Insights:       insights,
		FollowUp:       r.FollowUp,
		Rubric:         p.Version,
		ScoredAt:       s.now().UTC(),
	}
	if ev.FollowUp == "" {
		// A model that had nothing to ask gets the rubric's pick: the
		// bank follow-up aimed at the least-covered talking point.
		ev.FollowUp = rubric.FollowUp(req.Question, req.Answer)
	}
	if injected || ev.HasFlag(coach.FlagPromptInjection) {
		guardInjection(&ev)
	}
	return ev, nil
}

// request builds the chat-completion request for a rendered prompt.
func (s *Scorer) request(p prompts.Prompt) openai.ChatCompletionRequest {
	req := openai.ChatCompletionRequest{
		Model: s.cfg.Model,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: p.System},
			{Role: openai.ChatMessageRoleUser, Content: p.User},
		},
		ResponseFormat: &openai.ChatCompletionResponseFormat{
			Type: openai.ChatCompletionResponseFormatTypeJSONSchema,
			JSONSchema: &openai.ChatCompletionResponseFormatJSONSchema{
				Name:   replySchemaID,
				Schema: schemas[p.Kind].wire,
				Strict: true,
			},
		},
	}
	if reasoningModel(s.cfg.Model) {
		// go-openai rejects max_tokens and any temperature but the
		// default for these models, and so does the API.
		req.MaxCompletionTokens = s.cfg.MaxTokens
	} else {
		req.MaxTokens = s.cfg.MaxTokens
		// go-openai tags Temperature omitempty, so 0 would not be sent and
		// the server would use its default of 1. The smallest positive
		// float32 is sent as 1e-45: temperature 0 in effect.
		req.Temperature = math.SmallestNonzeroFloat32
	}
	return req
}

// fallBack scores req with the fallback scorer and explains why.
func (s *Scorer) fallBack(ctx context.Context, req coach.ScoreRequest, kind string, cause error) (coach.Evaluation, error) {
	s.metrics.fallbacks.WithLabelValues(kind).Inc()
	reason := s.reason(kind, cause)
	attrs := []any{"kind", kind}
	var ce *callError
	if errors.As(cause, &ce) {
		attrs = append(attrs, "status", ce.status, "attempts", ce.attempts)
	}
	if cause != nil {
		attrs = append(attrs, "err", cause)
	}
	s.log.WarnContext(ctx, "llm: scored by the fallback scorer", attrs...)

	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		// The caller's deadline ended the model call; the local rubric
		// takes microseconds, so it still answers rather than nobody.
		ctx = context.WithoutCancel(ctx)
	}
	ev, err := s.fallback.Score(ctx, req)
	if err != nil {
		return coach.Evaluation{}, err
	}
	ev.Scorer = coach.ScorerLocal
	ev.Model = ""
	ev.FallbackReason = reason
	if rubric.DetectInjection(req.Answer) {
		guardInjection(&ev)
	}
	return ev, nil
}

// reason is the sentence a person reads when the model did not score.
func (s *Scorer) reason(kind string, cause error) string {
	const tail = "; scored by the built-in rubric instead."
	switch kind {
	case kindTimeout:
		var ce *callError
		if errors.As(cause, &ce) && ce.callerDeadline {
			return "The AI scorer did not answer in time" + tail
		}
		return fmt.Sprintf("The AI scorer timed out after %s%s", s.cfg.Timeout, tail)
	case kindRateLimited:
		return "The AI scorer is over its rate limit right now" + tail
	case kindQuota:
		return "The AI scorer's account has run out of quota" + tail
	case kindServer:
		return "The AI scorer's server had an error" + tail
	case kindNetwork:
		return "The AI scorer could not be reached" + tail
	case kindRejected:
		var ce *callError
		if errors.As(cause, &ce) && (ce.status == http.StatusUnauthorized || ce.status == http.StatusForbidden) {
			return "The AI scorer rejected our credentials" + tail
		}
		return "The AI scorer rejected the request" + tail
	case kindBadReply:
		return "The AI scorer's reply was not a valid evaluation" + tail
	case kindRefusal:
		return "The AI scorer declined to score this answer" + tail
	case kindCircuitOpen:
		return "The AI scorer is paused after repeated failures" + tail
	case kindBudget:
		answers := "answers"
		if s.cfg.DailyLimit == 1 {
			answers = "answer"
		}
		return fmt.Sprintf("Daily AI scoring limit of %d %s reached; scored by the built-in rubric.", s.cfg.DailyLimit, answers)
	case kindBudgetError:
		return "The daily AI scoring allowance could not be checked" + tail
	}
	return "The AI scorer could not score this answer" + tail
}

// guardInjection marks an evaluation of an answer that addresses the grader
// and caps its scores, whatever the model or the cache said.
func guardInjection(ev *coach.Evaluation) {
	if !ev.HasFlag(coach.FlagPromptInjection) {
		ev.Flags = append(ev.Flags, coach.FlagPromptInjection)
	}
	ev.Overall = min(ev.Overall, injectionCap)
	for i := range ev.Criteria {
		ev.Criteria[i].Score = min(ev.Criteria[i].Score, injectionCap)
	}
	const note = "The answer contains instructions aimed at the scorer; an instruction to the grader is not an answer."
	if !slices.Contains(ev.RedFlags, note) {
		ev.RedFlags = append(ev.RedFlags, note)
	}
}

// lengthFlags derives too_short and too_long from the measured word count
// with the built-in rubric's thresholds (under 15 words or 40% of the
// target's minimum; over 175% of its maximum), so that both scorers flag
// the same answers: models count words badly.
func lengthFlags(words int, t coach.WordRange) []string {
	switch {
	case words < 15 || words*10 < t.Min*4:
		return []string{coach.FlagTooShort}
	case t.Max > 0 && words*4 > t.Max*7:
		return []string{coach.FlagTooLong}
	}
	return nil
}

func mergeFlags(a, b []string) []string {
	out := make([]string, 0, len(a)+len(b))
	for _, f := range append(append([]string(nil), a...), b...) {
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// canceled is the error for a caller that went away before scoring ended.
func canceled(err error) error {
	return &coach.Error{Code: coach.EUnavailable, Message: "Scoring was cancelled before it finished.", Err: err}
}
