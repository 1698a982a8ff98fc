package coach

import (
	"context"
	"time"
)

// Who produced an evaluation.
const (
	ScorerLLM   = "llm"
	ScorerLocal = "local"
)

// Machine-readable flags on an evaluation.
const (
	FlagTooShort        = "too_short"
	FlagTooLong         = "too_long"
	FlagOffTopic        = "off_topic"
	FlagRepetitive      = "repetitive"
	FlagPromptInjection = "prompt_injection"
	FlagKeywordStuffing = "keyword_stuffing"
)

// Evaluation is the feedback on one answer (SPEC.md "Evaluation object").
type Evaluation struct {
	Overall int    `json:"overall"`
	Scorer  string `json:"scorer"`
	// Model names the LLM that scored, empty for the local scorer.
	Model string `json:"model,omitempty"`
	// FallbackReason is set when the LLM was wanted but the local scorer answered.
	FallbackReason string      `json:"fallback_reason"`
	Criteria       []Criterion `json:"criteria"`
	Strengths      []string    `json:"strengths"`
	Improvements   []string    `json:"improvements"`
	RedFlags       []string    `json:"red_flags"`
	Flags          []string    `json:"flags"`
	Insights       Insights    `json:"insights"`
	// FollowUp is the question an interviewer would likely ask next.
	FollowUp string `json:"follow_up,omitempty"`
	// Rubric is the rubric or prompt version that produced the evaluation,
	// so that old scores can be told apart from new ones.
	Rubric   string    `json:"rubric"`
	ScoredAt time.Time `json:"scored_at"`
}

// HasFlag reports whether the evaluation carries flag.
func (e Evaluation) HasFlag(flag string) bool {
	for _, f := range e.Flags {
		if f == flag {
			return true
		}
	}
	return false
}

// Criterion is one rubric line.
type Criterion struct {
	Name    string `json:"name"`
	Score   int    `json:"score"`
	Comment string `json:"comment"`
}

// Insights is what an answer shows, whoever scored it.
type Insights struct {
	WordCount     int            `json:"word_count"`
	TargetWords   WordRange      `json:"target_words"`
	FillerWords   map[string]int `json:"filler_words"`
	JobTerms      []string       `json:"job_terms"`
	MostUsedWords []WordCount    `json:"most_used_words"`
	Star          Star           `json:"star"`
	Hedges        []string       `json:"hedges"`
	Numbers       int            `json:"numbers"`
}

// WordCount is a word and how often it occurs.
type WordCount struct {
	Word  string `json:"word"`
	Count int    `json:"count"`
}

// Star says which parts of the STAR structure an answer has.
type Star struct {
	Situation bool `json:"situation"`
	Task      bool `json:"task"`
	Action    bool `json:"action"`
	Result    bool `json:"result"`
}

// ScoreRequest is everything a scorer needs to judge one answer.
type ScoreRequest struct {
	Question Question
	Answer   string
	// RoleTerms is the lexicon of the role practised (nil for unknown roles).
	RoleTerms []Term
	// JobTerms are the terms matched in the session's job description.
	JobTerms []string
	// UserID lets an LLM scorer apply per-user budgets; may be empty (CLI).
	UserID string
}

// Scorer judges answers.
type Scorer interface {
	// Score returns the evaluation of one answer. A scorer that can fall
	// back does so and reports it in FallbackReason rather than failing;
	// errors are EInvalid for a request it cannot judge and EUnavailable
	// when no scorer could answer.
	Score(ctx context.Context, req ScoreRequest) (Evaluation, error)
}

// An InstantScorer judges an answer within the process: no network, no
// bill, no wait, nothing that can be unavailable (the rubric scorer).
// SubmitAnswer scores with one before it stores, so that the answer, its
// evaluation and the readiness update are written in one transaction
// instead of two. The answer is no more at risk than when it is stored
// first: nothing is acknowledged until the transaction is, and a scorer
// error still stores the answer without an evaluation.
type InstantScorer interface {
	Scorer
	// Instant marks the scorer; it does nothing.
	Instant()
}

// MaxAnswerWords caps an answer: nobody speaks 5,000 words to one question.
const MaxAnswerWords = 5000

// MaxAnswerBytes caps the raw size of an answer before it is parsed.
const MaxAnswerBytes = 64 << 10
