package llm

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"

	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/prompts"
)

// Cache keeps evaluations the model produced, so that an identical answer
// to the same question under the same prompt, schema and model is scored
// once: a re-submission, a retry after a dropped connection or a batch
// re-run costs no model call. Only evaluations with Scorer "llm" are put;
// a fallback is never cached, so a passing outage does not stick.
//
// Keys are 64 lower-case hex characters (a SHA-256, see Scorer.CacheKey);
// an implementation adds its own prefix and should expire entries (weeks,
// not forever) so the cache does not grow without bound. It must be safe
// for concurrent use.
type Cache interface {
	// Get returns the evaluation stored under key; ok is false when there
	// is none. An error is logged and treated as a miss, so a broken cache
	// slows scoring down but never stops it.
	Get(ctx context.Context, key string) (e coach.Evaluation, ok bool, err error)
	// Put stores e under key, replacing any earlier value. An error is
	// logged; the evaluation is still returned to the caller.
	Put(ctx context.Context, key string, e coach.Evaluation) error
}

// Budget counts the answers each user had scored by the model today, so
// that one account cannot run up the bill. It must count across every app
// instance (Redis, not memory) and be safe for concurrent use.
type Budget interface {
	// Take records one model-scored answer for userID in the current day
	// (UTC) and reports whether it was within limit, that is whether the
	// count after this one is at most limit. Taking is atomic: two
	// concurrent calls at limit-1 cannot both get true. An error makes the
	// scorer fall back to the built-in rubric (failing closed keeps the
	// limit a limit while the store is down).
	Take(ctx context.Context, userID string, limit int) (ok bool, err error)
	// Refund gives back one Take of the current day, never going below
	// zero. The scorer calls it when the model call failed before the
	// provider did (and billed) any work, so that a provider's outage
	// does not use up a user's allowance.
	Refund(ctx context.Context, userID string) error
}

// cacheKeyVersion is bumped when the key's recipe changes.
const cacheKeyVersion = "coach/llm/cache/v1"

// CacheKey returns the cache key of req under this scorer's model: a
// SHA-256 over everything that decides the model's verdict: the question
// with its rubric fields, the trimmed answer, the prompt template's
// version, the reply schema, the model and the job-description terms
// (sorted, since their order means nothing). Role terms are left out on
// purpose: they feed only the insights, which are recomputed on every hit.
func (s *Scorer) CacheKey(req coach.ScoreRequest) string {
	kind := prompts.KindFor(req.Question)
	q := req.Question
	// Fields that never reach the prompt stay out of the key.
	q.FollowUps, q.Coach = nil, ""
	qjson, _ := json.Marshal(q) // a Question always marshals
	terms := slices.Clone(req.JobTerms)
	slices.Sort(terms)

	h := sha256.New()
	field := func(b []byte) {
		// Length-prefixed, so no two different inputs hash the same bytes.
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(b)))
		h.Write(n[:])
		h.Write(b)
	}
	field([]byte(cacheKeyVersion))
	field(qjson)
	field([]byte(strings.TrimSpace(req.Answer)))
	field([]byte(prompts.Version(kind)))
	if sc := schemas[kind]; sc != nil {
		field(sc.hash[:])
	}
	field([]byte(s.cfg.Model))
	for _, t := range terms {
		field([]byte(t))
	}
	return hex.EncodeToString(h.Sum(nil))
}
