package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/interviewcoach/coach/coach"
	"github.com/redis/go-redis/v9"
)

// SaveScoredAnswer stores a scored answer and folds it into the user's
// readiness state for key in one atomic step. The state is read, updated in
// Go, and written back by a script that first checks the state is still
// the one read (compare-and-set); if another answer of the same user got
// there first, the script returns the state it found and the update is
// redone on that, so concurrent answers never lose an update; an answer
// that already has an evaluation is left alone (EConflict). Every key
// carries the user's hash tag, so the script runs on Redis Cluster too.
//
// The store remembers the last state it wrote for each user and key (a
// memo, checked by the script like any read), so a user's next answer
// needs one round trip here instead of two.
func (s *Store) SaveScoredAnswer(ctx context.Context, a coach.Answer, key string, update func(*coach.ReadinessState)) error {
	_, _, _, err := s.saveScored(ctx, a, "", key, update)
	return err
}

// SaveScoredAnswerOnce is SaveScoredAnswer for a new answer its client
// named with submission (see coach.Submission): the answer, its indexes,
// the key and the readiness update are written by one script, so an
// answer scored before it is stored still takes a single transaction. A
// submission key used before stores nothing and returns where its answer
// is (fresh false); ENotFound when the session is gone.
func (s *Store) SaveScoredAnswerOnce(ctx context.Context, a coach.Answer, submission, key string, update func(*coach.ReadinessState)) (sessionID, answerID string, fresh bool, err error) {
	return s.saveScored(ctx, a, submission, key, update)
}

func (s *Store) saveScored(ctx context.Context, a coach.Answer, submission, key string, update func(*coach.ReadinessState)) (sessionID, answerID string, fresh bool, err error) {
	data, err := json.Marshal(a)
	if err != nil {
		return "", "", false, err
	}
	rkey := readinessKey(a.UserID)
	hint := memoKey(a.UserID, key)
	keys := []string{sessionKey(a.UserID, a.SessionID), answersKey(a.UserID), answerSessionKey(a.UserID), rkey, answeredKey(a.UserID)}
	if submission != "" {
		keys = append(keys, submissionKey(a.UserID, submission))
	}
	score := strconv.FormatInt(a.CreatedAt.UnixMilli(), 10)
	// A remembered state is taken out of the memo: this call owns it and
	// updates it in place; a concurrent answer of the same user and round
	// on this instance reads Redis instead.
	cur, remembered := s.states.take(hint)
	if !remembered {
		raw, err := s.rdb.HGet(ctx, rkey, key).Bytes()
		switch {
		case errors.Is(err, redis.Nil):
		case err != nil:
			return "", "", false, wrap(err, "save scored answer %s: read readiness", a.ID)
		default:
			cur = storedState{raw: raw, present: true}
		}
	}
	for attempt := 0; attempt < maxCASAttempts; attempt++ {
		if attempt > 1 || (attempt == 1 && !remembered) {
			// Back off a little, with jitter, so that writers that keep
			// colliding spread out instead of colliding again (a first miss
			// on a remembered state is only a stale memo).
			select {
			case <-ctx.Done():
				return "", "", false, wrap(ctx.Err(), "save scored answer %s", a.ID)
			case <-time.After(time.Duration(rand.Int64N(int64(attempt)*int64(200*time.Microsecond))) + 1):
			}
		}
		state := cur.state
		if state == nil {
			state = &coach.ReadinessState{}
			if cur.present {
				if *state, err = decodeReadiness(string(cur.raw), "readiness "+key); err != nil {
					return "", "", false, err
				}
			}
		}
		update(state)
		stateData, err := encodeReadiness(state)
		if err != nil {
			return "", "", false, err
		}
		present := "0"
		if cur.present {
			present = "1"
		}
		reply, err := saveScoredScript.Run(ctx, s.rdb, keys,
			key, present, cur.raw, stateData, fieldAnswerPrefix+a.ID, data, score, a.ID, a.SessionID, a.QuestionID, answeredAt(a),
			fieldSession, int(submissionTTL/time.Second)).Slice()
		if err != nil {
			return "", "", false, wrap(err, "save scored answer %s", a.ID)
		}
		switch code, _ := reply[0].(int64); code {
		case 1:
			// A decoded state is about three times its encoding in memory.
			s.states.put(hint, storedState{raw: stateData, present: true, state: state}, 3*len(stateData))
			return a.SessionID, a.ID, true, nil
		case 2:
			return "", "", false, coach.Errorf(coach.EConflict, "This answer has already been scored.")
		case 3:
			earlier, _ := reply[1].(string)
			sid, aid, _ := strings.Cut(earlier, " ")
			if sid == a.SessionID && aid == a.ID {
				// This very call, sent again by go-redis after a lost reply:
				// it wrote everything the first time.
				return sid, aid, true, nil
			}
			return sid, aid, false, nil
		case 4:
			s.sessions.forget(memoKey(a.UserID, a.SessionID))
			return "", "", false, coach.Errorf(coach.ENotFound, "Session not found.")
		}
		cur = storedState{}
		if len(reply) > 1 {
			var raw string
			raw, cur.present = reply[1].(string)
			cur.raw = []byte(raw)
		}
	}
	return "", "", false, wrap(errors.New("too much contention on the readiness state"), "save scored answer %s", a.ID)
}

// storedState is a readiness state as stored: its encoding, and whether
// there was one at all. A remembered state also keeps its decoded form,
// so the next answer need not decode it again.
type storedState struct {
	raw     []byte
	present bool
	state   *coach.ReadinessState
}

// maxCASAttempts bounds the compare-and-set retries of SaveScoredAnswer;
// every round lets at least one of the competing writers through.
const maxCASAttempts = 64

// saveScoredScript writes an answer and the new readiness state only if the
// state is still what the caller read. It returns {1} when it wrote, {2}
// when the answer was already scored, {0, current state} (nil when there
// is none) when the state has moved on, {3, "<session id> <answer id>"}
// when the submission key was used before, and {4} when the answer is new
// and its session is gone (the caller may have read it from the memo).
//
//	KEYS: session hash, answers zset, answer-session hash, readiness hash,
//	      answered zset[, submission key]
//	ARGV: readiness field, "1" if the state existed, the state read, the new
//	      state, answer field, answer JSON, answer time (ms), answer id,
//	      session id, question id, answered-index time (ms), the session's
//	      field, the submission key's TTL (s)
//
// The check of the stored answer makes a retried call idempotent: if the
// reply to a call that did write was lost and go-redis sends it again, the
// scored answer is already there and the readiness state must not count it
// twice. The next returns 2 when another request stored an evaluation for
// this answer first (two tabs scoring it at once): it counts once. It
// looks for the evaluation object's key in the stored JSON rather than
// decoding it (decoding was a third of Redis's time per answer); inside a
// JSON string every quote is escaped, so the key can only match the
// answer's own evaluation field, which encoding/json writes as
// "evaluation":null until there is one.
var saveScoredScript = redis.NewScript(`
if KEYS[6] then
  local earlier = redis.call('GET', KEYS[6])
  if earlier then return {3, earlier} end
end
local prev = redis.call('HGET', KEYS[1], ARGV[5])
if prev == ARGV[6] then return {1} end
if prev and string.find(prev, '"evaluation":{', 1, true) then return {2} end
if not prev and redis.call('HEXISTS', KEYS[1], ARGV[12]) == 0 then return {4} end
local cur = redis.call('HGET', KEYS[4], ARGV[1])
if ARGV[2] == '1' then
  if cur ~= ARGV[3] then return {0, cur} end
elseif cur then
  return {0, cur}
end
redis.call('HSET', KEYS[1], ARGV[5], ARGV[6])
if not prev then
  -- A new answer (or one SaveAnswer did not store): index it.
  redis.call('ZADD', KEYS[2], ARGV[7], ARGV[8])
  redis.call('HSET', KEYS[3], ARGV[8], ARGV[9])
  redis.call('ZADD', KEYS[5], ARGV[11], ARGV[10])
end
redis.call('HSET', KEYS[4], ARGV[1], ARGV[4])
if KEYS[6] then
  redis.call('SET', KEYS[6], ARGV[9] .. ' ' .. ARGV[8], 'EX', ARGV[13])
end
return {1}
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
		st, err := decodeReadiness(fields[k], "readiness "+k)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}

// EachSession calls fn for every session of a user, newest first, reading
// them a page at a time so an export never holds the whole history. Pages
// start small and grow: most walks (the dashboard's recent sessions) stop
// after a few, and a session can hold many answers.
func (s *Store) EachSession(ctx context.Context, userID string, fn func(coach.Session) error) error {
	return s.walkSessions(ctx, userID, func(id string, fields map[string]string) error {
		return visitSession(id, fields, fn)
	})
}

// EachSessionAnswering walks the sessions that hold an answer to
// questionID, each with only those answers. Every session is still read,
// but an answer's JSON is decoded only if it names the question, and a
// session without one is not decoded at all: comparing attempts costs a
// fraction of walking the history.
func (s *Store) EachSessionAnswering(ctx context.Context, userID, questionID string, fn func(coach.Session) error) error {
	// encoding/json wrote every stored answer, so the field appears in
	// exactly this form (quotes inside strings are escaped, so text cannot
	// fake it); decoding checks it again.
	qid, err := json.Marshal(questionID)
	if err != nil {
		return err
	}
	needle := `"question_id":` + string(qid) + `,`
	keep := func(field, raw string) bool {
		return !strings.HasPrefix(field, fieldAnswerPrefix) || strings.Contains(raw, needle)
	}
	return s.walkSessions(ctx, userID, func(id string, fields map[string]string) error {
		if !keepFields(fields, keep) {
			return nil
		}
		return visitSession(id, fields, func(sess coach.Session) error {
			answers := sess.Answers[:0]
			for _, a := range sess.Answers {
				if a.QuestionID == questionID {
					answers = append(answers, a)
				}
			}
			if len(answers) == 0 {
				return nil
			}
			sess.Answers = answers
			return fn(sess)
		})
	})
}

// visitSession decodes a session's fields and calls fn with it; a hash
// without the session's own field (only ever a half-deleted session) is
// skipped.
func visitSession(id string, fields map[string]string, fn func(coach.Session) error) error {
	sess, err := decodeSession(id, fields)
	if coach.ErrorCode(err) == coach.ENotFound {
		return nil
	}
	if err != nil {
		return err
	}
	return fn(sess)
}

// walkSessions reads a user's sessions newest first, in growing pages, and
// calls visit with each one's id and stored fields, for the caller to
// decode as much of them as it needs.
func (s *Store) walkSessions(ctx context.Context, userID string, visit func(id string, fields map[string]string) error) error {
	page := int64(8)
	for start := int64(0); ; start += page {
		if start > 0 {
			page = min(page*2, 64)
		}
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
			if err := visit(ids[i], cmd.Val()); err != nil {
				return err
			}
		}
		if int64(len(ids)) < page {
			return nil
		}
	}
}

// keepFields removes the fields keep refuses and reports whether an answer
// is left.
func keepFields(fields map[string]string, keep func(field, raw string) bool) bool {
	answers := 0
	for k, v := range fields {
		switch {
		case !keep(k, v):
			delete(fields, k)
		case strings.HasPrefix(k, fieldAnswerPrefix):
			answers++
		}
	}
	return answers > 0
}
