package redisstore

import (
	"context"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/interviewcoach/coach/coach"
	"github.com/redis/go-redis/v9"
)

// RateLimiter implements coach.RateLimiter with GCRA in Redis, so limits
// hold across every app instance.
type RateLimiter struct {
	l *redis_rate.Limiter
}

var _ coach.RateLimiter = (*RateLimiter)(nil)

// NewRateLimiter returns a limiter on rdb.
func NewRateLimiter(rdb redis.UniversalClient) *RateLimiter {
	return &RateLimiter{l: redis_rate.NewLimiter(rdb)}
}

// Allow records one event for key.
func (r *RateLimiter) Allow(ctx context.Context, key string, limit coach.Limit) error {
	if limit.Count <= 0 {
		return nil
	}
	res, err := r.l.Allow(ctx, prefix+key, redis_rate.Limit{Rate: limit.Count, Burst: limit.Count, Period: limit.Period})
	if err != nil {
		return wrap(err, "rate limit")
	}
	if res.Allowed == 0 {
		retry := res.RetryAfter
		if retry < time.Second {
			retry = time.Second
		}
		return &coach.Error{Code: coach.ERateLimited, Message: "Too many requests; please wait and try again.", RetryAfter: retry}
	}
	return nil
}
