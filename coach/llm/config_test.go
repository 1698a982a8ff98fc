package llm_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/coach/llm"
)

func TestConfigFromEnv(t *testing.T) {
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	cfg, err := llm.ConfigFromEnv(env(map[string]string{
		"OPENAI_API_KEY": " " + testKey + " ", "OPENAI_BASE_URL": "http://localhost:11434/v1", "COACH_LLM_MODEL": "qwen3:8b",
		"COACH_LLM_TIMEOUT": "45", "COACH_LLM_MAX_TOKENS": "1500", "COACH_LLM_DAILY_LIMIT": "-1",
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := llm.Config{APIKey: testKey, BaseURL: "http://localhost:11434/v1", Model: "qwen3:8b", Timeout: 45 * time.Second, MaxTokens: 1500, DailyLimit: -1}
	if cfg != want {
		t.Errorf("got %v, want %v", cfg, want)
	}
	if cfg, err := llm.ConfigFromEnv(env(map[string]string{"COACH_LLM_TIMEOUT": "1m30s"})); err != nil || cfg.Timeout != 90*time.Second {
		t.Errorf("duration form: %v %v", cfg.Timeout, err)
	}
	if cfg, err := llm.ConfigFromEnv(env(nil)); err != nil || cfg != (llm.Config{}) {
		t.Errorf("empty environment: %v %v", cfg, err)
	}
	for k, v := range map[string]string{"COACH_LLM_TIMEOUT": "soon", "COACH_LLM_MAX_TOKENS": "0", "COACH_LLM_DAILY_LIMIT": "lots"} {
		_, err := llm.ConfigFromEnv(env(map[string]string{k: v}))
		if coach.ErrorCode(err) != coach.EInvalid || coach.ErrorMessage(err) == "" {
			t.Errorf("%s=%s: err = %v", k, v, err)
		}
	}
	if _, err := llm.ConfigFromEnv(env(map[string]string{"COACH_LLM_TIMEOUT": "-5s"})); err == nil {
		t.Error("negative timeout accepted")
	}
}

func TestDefaults(t *testing.T) {
	s := llm.New(llm.Config{}, nil)
	if s.Model() != llm.DefaultModel {
		t.Errorf("model %q", s.Model())
	}
}

func fmtAll(c llm.Config) string { return fmt.Sprintf("%v %+v %#v %s", c, c, c, c) }
