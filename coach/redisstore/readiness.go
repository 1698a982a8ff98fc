package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	"github.com/interviewcoach/coach/coach"
	"github.com/redis/go-redis/v9"
)

// errAlreadyScored stops a transaction whose answer another request scored
// first.
var errAlreadyScored = errors.New("answer already scored")

// SaveScoredAnswer stores a scored answer and folds it into the user's
// readiness state for key in one transaction. The state is read under WATCH
// and the write retried if another answer of the same user changed it in
// between, so concurrent answers never lose an update. An answer that is
// already stored with an evaluation is left alone (EConflict). Watching
// the readiness key suffices for that check too: every evaluation is
// stored by this transaction, which always writes the readiness key, so a
// concurrent scoring of the same answer fails our EXEC and the retry sees
// its evaluation. All keys carry the user's hash tag (one Cluster slot).
func (s *Store) SaveScoredAnswer(ctx context.Context, a coach.Answer, key string, update func(*coach.ReadinessState)) error {
	data, err := json.Marshal(a)
	if err != nil {
		return err
	}
	rkey := readinessKey(a.UserID)
	skey := sessionKey(a.UserID, a.SessionID)
	txf := func(tx *redis.Tx) error {
		stored, err := tx.HGet(ctx, skey, fieldAnswerPrefix+a.ID).Bytes()
		if err != nil && !errors.Is(err, redis.Nil) {
			return err
		}
		if err == nil {
			var prev coach.Answer
			if err := decode(stored, &prev, "answer "+a.ID); err != nil {
				return err
			}
			if prev.Evaluation != nil {
				return errAlreadyScored
			}
		}
		var state coach.ReadinessState
		raw, err := tx.HGet(ctx, rkey, key).Bytes()
		if err != nil && !errors.Is(err, redis.Nil) {
			return err
		}
		if err == nil {
			if err := decode(raw, &state, "readiness "+key); err != nil {
				return err
			}
		}
		update(&state)
		stateData, err := json.Marshal(state)
		if err != nil {
			return err
		}
		_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.HSet(ctx, skey, fieldAnswerPrefix+a.ID, data)
			p.ZAdd(ctx, answersKey(a.UserID), redis.Z{Score: float64(a.CreatedAt.UnixMilli()), Member: a.ID})
			p.HSet(ctx, answerSessionKey(a.UserID), a.ID, a.SessionID)
			p.HSet(ctx, rkey, key, stateData)
			return nil
		})
		return err
	}
	for attempt := 0; attempt < 10; attempt++ {
		err = s.rdb.Watch(ctx, txf, rkey)
		if errors.Is(err, errAlreadyScored) {
			return coach.Errorf(coach.EConflict, "This answer has already been scored.")
		}
		if !errors.Is(err, redis.TxFailedErr) {
			return wrap(err, "save scored answer %s", a.ID)
		}
	}
	return wrap(fmt.Errorf("too much contention: %w", err), "save scored answer %s", a.ID)
}

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
