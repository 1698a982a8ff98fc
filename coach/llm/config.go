package llm

import (
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/interviewcoach/coach/coach"
)

// Defaults applied by New to the zero fields of a Config.
const (
	// DefaultModel is a small, cheap chat model that accepts temperature 0
	// and strict JSON-schema output. A reasoning model (o-series, gpt-5 and
	// later) works too but ignores temperature, so its scores vary more.
	DefaultModel = "gpt-4.1-mini"
	// DefaultTimeout bounds one scoring call, retries included.
	DefaultTimeout = 30 * time.Second
	// DefaultMaxTokens caps a chat model's reply; a full evaluation is about
	// 500 tokens.
	DefaultMaxTokens = 1000
	// DefaultReasoningMaxTokens caps a reasoning model's reply, which also
	// spends tokens thinking before it answers.
	DefaultReasoningMaxTokens = 4000
	// DefaultDailyLimit is how many answers a user may have scored by the
	// model per day before the built-in rubric takes over.
	DefaultDailyLimit = 200
)

// Config configures the LLM scorer. The zero value of every field but
// APIKey means its default.
type Config struct {
	// APIKey authenticates to the server. It is only ever sent in the
	// Authorization header and never logged or printed (see String).
	APIKey string
	// BaseURL points at any OpenAI-compatible server, for example
	// http://localhost:11434/v1 for Ollama; empty means OpenAI.
	BaseURL string
	// Model is the chat model; empty means DefaultModel.
	Model string
	// Timeout bounds one Score call's use of the model, retries included.
	// go-openai sets no timeout of its own, so without this a hung server
	// would hold the request forever.
	Timeout time.Duration
	// MaxTokens caps the reply (max_tokens, or max_completion_tokens for
	// reasoning models); it bounds the cost of one answer.
	MaxTokens int
	// DailyLimit is the per-user number of answers scored by the model per
	// day; 0 means DefaultDailyLimit and a negative value means no limit.
	// It takes effect only with a Budget (WithBudget).
	DailyLimit int
}

// Environment variables read by ConfigFromEnv.
const (
	EnvAPIKey     = "OPENAI_API_KEY"
	EnvBaseURL    = "OPENAI_BASE_URL"
	EnvModel      = "COACH_LLM_MODEL"
	EnvTimeout    = "COACH_LLM_TIMEOUT"
	EnvMaxTokens  = "COACH_LLM_MAX_TOKENS"
	EnvDailyLimit = "COACH_LLM_DAILY_LIMIT"
)

// ConfigFromEnv reads the configuration from the environment through
// getenv (os.Getenv in production, a map in tests). Unset variables keep
// their defaults. COACH_LLM_TIMEOUT takes a Go duration ("45s") or whole
// seconds ("45"). A malformed value is an EInvalid error naming the
// variable, so a typo stops start-up instead of silently using a default.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	c := Config{
		APIKey:  strings.TrimSpace(getenv(EnvAPIKey)),
		BaseURL: strings.TrimSpace(getenv(EnvBaseURL)),
		Model:   strings.TrimSpace(getenv(EnvModel)),
	}
	if v := strings.TrimSpace(getenv(EnvTimeout)); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			n, nerr := strconv.Atoi(v)
			if nerr != nil {
				return Config{}, coach.Errorf(coach.EInvalid, "%s=%q is not a duration such as 30s.", EnvTimeout, v)
			}
			d = time.Duration(n) * time.Second
		}
		if d <= 0 {
			return Config{}, coach.Errorf(coach.EInvalid, "%s must be positive, not %q.", EnvTimeout, v)
		}
		c.Timeout = d
	}
	if v := strings.TrimSpace(getenv(EnvMaxTokens)); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			return Config{}, coach.Errorf(coach.EInvalid, "%s=%q is not a positive number of tokens.", EnvMaxTokens, v)
		}
		c.MaxTokens = n
	}
	if v := strings.TrimSpace(getenv(EnvDailyLimit)); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return Config{}, coach.Errorf(coach.EInvalid, "%s=%q is not a number of answers (negative turns the limit off).", EnvDailyLimit, v)
		}
		c.DailyLimit = n
	}
	return c, nil
}

// withDefaults fills the zero fields.
func (c Config) withDefaults() Config {
	if c.Model == "" {
		c.Model = DefaultModel
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.MaxTokens <= 0 {
		c.MaxTokens = DefaultMaxTokens
		if reasoningModel(c.Model) {
			c.MaxTokens = DefaultReasoningMaxTokens
		}
	}
	if c.DailyLimit == 0 {
		c.DailyLimit = DefaultDailyLimit
	}
	return c
}

// String describes the configuration with the API key redacted, so that
// printing or logging a Config can never leak it.
func (c Config) String() string {
	return fmt.Sprintf("llm.Config{APIKey:%s BaseURL:%q Model:%q Timeout:%s MaxTokens:%d DailyLimit:%d}",
		redact(c.APIKey), c.BaseURL, c.Model, c.Timeout, c.MaxTokens, c.DailyLimit)
}

// GoString is String for %#v, which would otherwise print every field.
func (c Config) GoString() string { return c.String() }

// LogValue is what log/slog records for a Config: the key is redacted.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("api_key", redact(c.APIKey)),
		slog.String("base_url", c.BaseURL),
		slog.String("model", c.Model),
		slog.Duration("timeout", c.Timeout),
		slog.Int("max_tokens", c.MaxTokens),
		slog.Int("daily_limit", c.DailyLimit),
	)
}

func redact(key string) string {
	if key == "" {
		return "unset"
	}
	return "[redacted]"
}

// reasoningModel reports whether go-openai treats model as a reasoning
// model (its ReasoningValidator uses these prefixes). Such models reject
// max_tokens and any temperature but the default, so requests to them
// carry max_completion_tokens and no temperature.
func reasoningModel(model string) bool {
	for _, p := range []string{"o1", "o3", "o4", "gpt-5", "gpt-6"} {
		if strings.HasPrefix(model, p) {
			return true
		}
	}
	return false
}
