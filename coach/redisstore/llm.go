package redisstore

import (
	"context"
	"encoding/json"
	"time"

	"github.com/interviewcoach/coach/coach"
	"github.com/redis/go-redis/v9"
)

// EvalCache stores model evaluations by the scorer's cache key (it
// implements coach/llm.Cache). Entries expire so the cache stays bounded.
type EvalCache struct {
	rdb redis.UniversalClient
	ttl time.Duration
}

// NewEvalCache returns a cache whose entries live for ttl (30 days if 0).
func NewEvalCache(rdb redis.UniversalClient, ttl time.Duration) *EvalCache {
	if ttl <= 0 {
		ttl = 30 * 24 * time.Hour
	}
	return &EvalCache{rdb: rdb, ttl: ttl}
}

// Get returns the evaluation under key.
func (c *EvalCache) Get(ctx context.Context, key string) (coach.Evaluation, bool, error) {
	var e coach.Evaluation
	data, err := c.rdb.Get(ctx, llmCacheKey(key)).Bytes()
	if err == redis.Nil {
		return e, false, nil
	}
	if err != nil {
		return e, false, wrap(err, "get cached evaluation")
	}
	if err := decode(data, &e, "cached evaluation"); err != nil {
		return e, false, err
	}
	return e, true, nil
}

// Put stores e under key.
func (c *EvalCache) Put(ctx context.Context, key string, e coach.Evaluation) error {
	data, err := json.Marshal(e)
	if err != nil {
		return err
	}
	return wrap(c.rdb.Set(ctx, llmCacheKey(key), data, c.ttl).Err(), "cache evaluation")
}

// DailyBudget counts model-scored answers per user per UTC day (it
// implements coach/llm.Budget).
type DailyBudget struct {
	rdb redis.UniversalClient
	now func() time.Time
}

// NewDailyBudget returns a budget counter on rdb.
func NewDailyBudget(rdb redis.UniversalClient) *DailyBudget {
	return &DailyBudget{rdb: rdb, now: time.Now}
}

// Take counts one answer for userID today and reports whether the count is
// within limit. INCR is atomic, so concurrent takes cannot overshoot.
func (b *DailyBudget) Take(ctx context.Context, userID string, limit int) (bool, error) {
	key := llmBudgetKey(userID, b.now().UTC().Format("2006-01-02"))
	var incr *redis.IntCmd
	_, err := b.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		incr = p.Incr(ctx, key)
		p.Expire(ctx, key, 48*time.Hour)
		return nil
	})
	if err != nil {
		return false, wrap(err, "take llm budget")
	}
	return incr.Val() <= int64(limit), nil
}

// Refund gives back one Take of today (see llm.Budget), never below zero.
func (b *DailyBudget) Refund(ctx context.Context, userID string) error {
	key := llmBudgetKey(userID, b.now().UTC().Format("2006-01-02"))
	return wrap(refundScript.Run(ctx, b.rdb, []string{key}).Err(), "refund llm budget")
}

// refundScript decrements a positive counter and leaves anything else.
var refundScript = redis.NewScript(`
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n and n > 0 then return redis.call('DECR', KEYS[1]) end
return 0
`)
