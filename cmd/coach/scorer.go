package main

import (
	"log/slog"

	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/coach/llm"
	"github.com/interviewcoach/coach/coach/redisstore"
	"github.com/interviewcoach/coach/coach/rubric"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"
)

// buildScorer picks the scorer the configuration asks for. With the LLM,
// the built-in rubric stays behind it as the honest fallback. rdb may be
// nil (the CLI runs without Redis): then nothing is cached and no daily
// budget applies, since the CLI user pays for their own batch.
func buildScorer(cfg config, rdb redis.UniversalClient, log *slog.Logger) (coach.Scorer, []prometheus.Collector, error) {
	local := rubric.New()
	if !cfg.useLLM() {
		return local, nil, nil
	}
	opts := []llm.Option{llm.WithLogger(log)}
	if rdb != nil {
		opts = append(opts,
			llm.WithCache(redisstore.NewEvalCache(rdb, 0)),
			llm.WithBudget(redisstore.NewDailyBudget(rdb)))
	}
	s := llm.New(cfg.LLM, local, opts...)
	log.Info("scoring with an LLM", "llm", cfg.LLM)
	return s, s.Collectors(), nil
}
