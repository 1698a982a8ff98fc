package main

import (
	"log/slog"

	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/coach/rubric"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"
)

// buildScorer picks the scorer the configuration asks for. rdb may be nil
// (the CLI runs without Redis).
func buildScorer(cfg config, rdb redis.UniversalClient, log *slog.Logger) (coach.Scorer, []prometheus.Collector, error) {
	local := rubric.New()
	return local, nil, nil
}
