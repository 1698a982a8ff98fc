package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/coach/llm"
)

// config is the program's configuration: defaults, then the environment,
// then flags.
type config struct {
	Addr     string
	RedisURL string
	DataDir  string
	Scorer   string
	// LLM is read by the llm package itself (OPENAI_*, COACH_LLM_*), so
	// its variables are parsed and documented in one place.
	LLM        llm.Config
	ScoreLimit int
	LogLevel   string
	// CSRFKey signs the pages' CSRF tokens; empty means a key shared
	// through Redis (see serve).
	CSRFKey string
	// SecureCookies marks cookies Secure behind a TLS-terminating proxy.
	SecureCookies bool
	// InviteLimit is how many invites a coach may create per hour.
	InviteLimit int
	// TrustedProxies are the proxy addresses or CIDRs whose
	// X-Forwarded-For is believed. Empty trusts none, so a client cannot
	// dodge the per-IP login limit by sending the header itself.
	TrustedProxies []string
	// GinMode is GIN_MODE; unset, the server runs Gin in release mode.
	GinMode string
}

func loadConfig(getenv func(string) string) (config, error) {
	c := config{
		Addr:       envOr(getenv, "COACH_ADDR", "127.0.0.1:8080"),
		RedisURL:   getenv("REDIS_URL"),
		DataDir:    envOr(getenv, "COACH_DATA_DIR", "./data"),
		Scorer:     envOr(getenv, "COACH_SCORER", "auto"),
		ScoreLimit: 30,
		LogLevel:   envOr(getenv, "COACH_LOG_LEVEL", "info"),
		GinMode:    getenv(gin.EnvGinMode),
		CSRFKey:    getenv("COACH_CSRF_KEY"),
	}
	var err error
	if c.LLM, err = llm.ConfigFromEnv(getenv); err != nil {
		return c, err
	}
	if v := getenv("COACH_SCORE_LIMIT"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return c, fmt.Errorf("COACH_SCORE_LIMIT=%q: want a whole number of answers per minute, 0 to disable", v)
		}
		c.ScoreLimit = n
	}
	c.InviteLimit = coach.DefaultInviteLimit.Count
	if v := getenv("COACH_INVITE_LIMIT"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return c, fmt.Errorf("COACH_INVITE_LIMIT=%q: want a whole number of invites per hour, 0 to disable", v)
		}
		c.InviteLimit = n
	}
	if v := getenv("COACH_SECURE_COOKIES"); v != "" {
		if c.SecureCookies, err = strconv.ParseBool(v); err != nil {
			return c, fmt.Errorf("COACH_SECURE_COOKIES=%q: want true or false", v)
		}
	}
	for _, p := range strings.Split(getenv("COACH_TRUSTED_PROXIES"), ",") {
		if p = strings.TrimSpace(p); p != "" {
			c.TrustedProxies = append(c.TrustedProxies, p)
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
		if c.LLM.APIKey == "" {
			return fmt.Errorf("--scorer llm needs OPENAI_API_KEY (and OPENAI_BASE_URL for a server other than OpenAI)")
		}
		return nil
	}
	return fmt.Errorf("--scorer %q: want auto, llm or local", c.Scorer)
}

// useLLM reports whether answers go to the model.
func (c config) useLLM() bool {
	return c.Scorer == "llm" || (c.Scorer == "auto" && c.LLM.APIKey != "")
}

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("coach "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}
