package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"time"
)

// config is the program's configuration: defaults, then the environment,
// then flags.
type config struct {
	Addr          string
	RedisURL      string
	DataDir       string
	APIKey        string
	BaseURL       string
	Model         string
	Scorer        string
	LLMTimeout    time.Duration
	LLMMaxTokens  int
	LLMDailyLimit int
	ScoreLimit    int
	LogLevel      string
}

// DefaultModel is a current small OpenAI chat model with structured output.
const DefaultModel = "gpt-4.1-mini"

func loadConfig(getenv func(string) string) (config, error) {
	c := config{
		Addr:          envOr(getenv, "COACH_ADDR", "127.0.0.1:8080"),
		RedisURL:      getenv("REDIS_URL"),
		DataDir:       envOr(getenv, "COACH_DATA_DIR", "./data"),
		APIKey:        getenv("OPENAI_API_KEY"),
		BaseURL:       getenv("OPENAI_BASE_URL"),
		Model:         envOr(getenv, "COACH_LLM_MODEL", DefaultModel),
		Scorer:        envOr(getenv, "COACH_SCORER", "auto"),
		LLMTimeout:    30 * time.Second,
		LLMMaxTokens:  900,
		LLMDailyLimit: 200,
		ScoreLimit:    30,
		LogLevel:      envOr(getenv, "COACH_LOG_LEVEL", "info"),
	}
	var err error
	if v := getenv("COACH_LLM_TIMEOUT"); v != "" {
		if c.LLMTimeout, err = time.ParseDuration(v); err != nil || c.LLMTimeout <= 0 {
			return c, fmt.Errorf("COACH_LLM_TIMEOUT=%q: want a duration like 30s", v)
		}
	}
	for _, iv := range []struct {
		name string
		dst  *int
	}{{"COACH_LLM_MAX_TOKENS", &c.LLMMaxTokens}, {"COACH_LLM_DAILY_LIMIT", &c.LLMDailyLimit}, {"COACH_SCORE_LIMIT", &c.ScoreLimit}} {
		if v := getenv(iv.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return c, fmt.Errorf("%s=%q: want a whole number >= 0", iv.name, v)
			}
			*iv.dst = n
		}
	}
	return c, nil
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

// scorerFlag registers --scorer and checks its value after parsing.
func scorerFlag(fs *flag.FlagSet, c *config) {
	fs.StringVar(&c.Scorer, "scorer", c.Scorer, "auto (LLM if OPENAI_API_KEY is set), llm, or local")
}

func checkScorer(c config) error {
	switch c.Scorer {
	case "auto", "local":
		return nil
	case "llm":
		if c.APIKey == "" {
			return fmt.Errorf("--scorer llm needs OPENAI_API_KEY (and OPENAI_BASE_URL for a server other than OpenAI)")
		}
		return nil
	}
	return fmt.Errorf("--scorer %q: want auto, llm or local", c.Scorer)
}

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("coach "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}
