package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"sort"
	"strconv"
	"time"

	"github.com/interviewcoach/coach/coach"
	"github.com/redis/go-redis/v9"
)

// SaveScoredAnswer stores a scored answer and folds it into the user's
// readiness state for key in one atomic step. The state is read, updated in
// Go, and written back by a script that first checks the state is still
// the one read (compare-and-set); if another answer of the same user got
// there first, the update is redone on the fresh state, so concurrent
// answers never lose an update; an answer that already has an evaluation
// is left alone (EConflict). That is two round trips (HGET, EVALSHA)
// where WATCH/HGET/MULTI-EXEC took three or four, and every key carries the
// user's hash tag, so the script runs on Redis Cluster as well.
func (s *Store) SaveScoredAnswer(ctx context.Context, a coach.Answer, key string, update func(*coach.ReadinessState)) error {
	data, err := json.Marshal(a)
	if err != nil {
		return err
	}
	rkey := readinessKey(a.UserID)
	keys := []string{sessionKey(a.UserID, a.SessionID), answersKey(a.UserID), answerSessionKey(a.UserID), rkey, answeredKey(a.UserID)}
	score := strconv.FormatInt(a.CreatedAt.UnixMilli(), 10)
	for attempt := 0; attempt < maxCASAttempts; attempt++ {
		if attempt > 0 {
			// Back off a little, with jitter, so that writers that keep
			// colliding spread out instead of colliding again.
			select {
			case <-ctx.Done():
				return wrap(ctx.Err(), "save scored answer %s", a.ID)
			case <-time.After(time.Duration(rand.Int64N(int64(attempt)*int64(200*time.Microsecond))) + 1):
			}
		}
		var state coach.ReadinessState
		present := "1"
		raw, err := s.rdb.HGet(ctx, rkey, key).Result()
		switch {
		case errors.Is(err, redis.Nil):
			present, raw = "0", ""
		case err != nil:
			return wrap(err, "save scored answer %s: read readiness", a.ID)
		default:
			if err := decode([]byte(raw), &state, "readiness "+key); err != nil {
				return err
			}
		}
		update(&state)
		stateData, err := json.Marshal(state)
		if err != nil {
			return err
		}
		ok, err := saveScoredScript.Run(ctx, s.rdb, keys,
			key, present, raw, stateData, fieldAnswerPrefix+a.ID, data, score, a.ID, a.SessionID, a.QuestionID, answeredAt(a)).Int()
		if err != nil {
			return wrap(err, "save scored answer %s", a.ID)
		}
		switch ok {
		case 1:
			return nil
		case 2:
			return coach.Errorf(coach.EConflict, "This answer has already been scored.")
		}
	}
	return wrap(errors.New("too much contention on the readiness state"), "save scored answer %s", a.ID)
}

// maxCASAttempts bounds the compare-and-set retries of SaveScoredAnswer;
// every round lets at least one of the competing writers through.
const maxCASAttempts = 64

// saveScoredScript writes an answer and the new readiness state only if the
// state is still what the caller read.
//
//	KEYS: session hash, answers zset, answer-session hash, readiness hash, answered zset
//	ARGV: readiness field, "1" if the state existed, the state read, the new
//	      state, answer field, answer JSON, answer time (ms), answer id,
//	      session id, question id, answered-index time (ms)
//
// The first check makes a retried call idempotent: if the reply to a call
// that did write was lost and go-redis sends it again, the scored answer
// is already there and the readiness state must not count it twice. The
// second returns 2 when another request stored an evaluation for this
// answer first (two tabs scoring it at once): it counts once.
var saveScoredScript = redis.NewScript(`
local prev = redis.call('HGET', KEYS[1], ARGV[5])
if prev == ARGV[6] then return 1 end
if prev then
  local ok, p = pcall(cjson.decode, prev)
  if ok and type(p) == 'table' and p.evaluation ~= nil and p.evaluation ~= cjson.null then return 2 end
end
local cur = redis.call('HGET', KEYS[4], ARGV[1])
if ARGV[2] == '1' then
  if cur ~= ARGV[3] then return 0 end
elseif cur then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[5], ARGV[6])
if not prev then
  -- SaveAnswer indexed an answer stored before scoring; index the rest.
  redis.call('ZADD', KEYS[2], ARGV[7], ARGV[8])
  redis.call('HSET', KEYS[3], ARGV[8], ARGV[9])
  redis.call('ZADD', KEYS[5], ARGV[11], ARGV[10])
end
redis.call('HSET', KEYS[4], ARGV[1], ARGV[4])
return 1
`)

// ReadinessStates returns every readiness state of a user in one round
// trip, ordered by key.
func (s *Store) ReadinessStates(ctx context.Context, userID string) ([]coach.ReadinessState, error) {
	fields, err := s.rdb.HGetAll(ctx, readinessKey(userID)).Result()
	if err != nil {
		return nil, wrap(err, "get readiness")
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]coach.ReadinessState, 0, len(keys))
	for _, k := range keys {
		var st coach.ReadinessState
		if err := decode([]byte(fields[k]), &st, "readiness "+k); err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}

// EachSession calls fn for every session of a user, newest first, reading
// them a page at a time so an export never holds the whole history.
func (s *Store) EachSession(ctx context.Context, userID string, fn func(coach.Session) error) error {
	const page = 25
	for start := int64(0); ; start += page {
		ids, err := s.rdb.ZRevRange(ctx, sessionsKey(userID), start, start+page-1).Result()
		if err != nil {
			return wrap(err, "list sessions")
		}
		if len(ids) == 0 {
			return nil
		}
		cmds := make([]*redis.MapStringStringCmd, len(ids))
		if _, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
			for i, id := range ids {
				cmds[i] = p.HGetAll(ctx, sessionKey(userID, id))
			}
			return nil
		}); err != nil {
			return wrap(err, "get sessions")
		}
		for i, cmd := range cmds {
			sess, err := decodeSession(ids[i], cmd.Val())
			if coach.ErrorCode(err) == coach.ENotFound {
				continue
			}
			if err != nil {
				return err
			}
			if err := fn(sess); err != nil {
				return err
			}
		}
		if len(ids) < page {
			return nil
		}
	}
}
