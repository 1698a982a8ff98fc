package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/interviewcoach/coach/coach"
	"github.com/redis/go-redis/v9"
)

// Store implements coach.Store on Redis.
type Store struct {
	rdb redis.UniversalClient
	// states remembers the readiness state last written per user and
	// key (SaveScoredAnswer); sessions the sessions read or written, which
	// never change once created.
	states   *memo[storedState]
	sessions *memo[coach.Session]
}

var _ coach.Store = (*Store)(nil)

// New returns a Store on an existing client.
func New(rdb redis.UniversalClient) *Store {
	return &Store{rdb: rdb, states: newMemo[storedState](16 << 20), sessions: newMemo[coach.Session](16 << 20)}
}

// Client returns the underlying client (for wiring other Redis-backed parts).
func (s *Store) Client() redis.UniversalClient { return s.rdb }

// wrap turns a Redis error into a domain error: redis.Nil is ENotFound,
// connection trouble is EUnavailable, the rest is internal with its cause.
func wrap(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	what := fmt.Sprintf(format, args...)
	if errors.Is(err, redis.Nil) {
		return &coach.Error{Code: coach.ENotFound, Message: "Not found.", Err: fmt.Errorf("redisstore: %s: %w", what, err)}
	}
	if unavailable(err) {
		return &coach.Error{Code: coach.EUnavailable, Message: "The database is unavailable; please try again shortly.", Err: fmt.Errorf("redisstore: %s: %w", what, err)}
	}
	return fmt.Errorf("redisstore: %s: %w", what, err)
}

// Ping checks Redis answers.
func (s *Store) Ping(ctx context.Context) error {
	return wrap(s.rdb.Ping(ctx).Err(), "ping")
}

// CreateUser stores u, claiming its email first so two sign-ups with one
// address cannot both succeed.
func (s *Store) CreateUser(ctx context.Context, u coach.User) error {
	data, err := json.Marshal(userRecord{User: u, PasswordHash: u.PasswordHash})
	if err != nil {
		return err
	}
	ok, err := s.rdb.SetNX(ctx, emailKey(u.Email), u.ID, 0).Result()
	if err != nil {
		return wrap(err, "claim email")
	}
	if !ok {
		// A retried SETNX whose first reply was lost finds its own claim:
		// that is not a conflict, or the email would stay claimed by a
		// user that was never written.
		if owner, err := s.rdb.Get(ctx, emailKey(u.Email)).Result(); err != nil || owner != u.ID {
			return coach.Errorf(coach.EConflict, "An account with this email already exists.")
		}
	}
	if err := s.rdb.Set(ctx, userKey(u.ID), data, 0).Err(); err != nil {
		// Release the email so the person can try again.
		s.rdb.Del(context.WithoutCancel(ctx), emailKey(u.Email))
		return wrap(err, "save user %s", u.ID)
	}
	return nil
}

// User returns a user by id.
func (s *Store) User(ctx context.Context, id string) (coach.User, error) {
	var rec userRecord
	data, err := s.rdb.Get(ctx, userKey(id)).Bytes()
	if err != nil {
		return coach.User{}, wrap(err, "get user %s", id)
	}
	if err := decode(data, &rec, "user "+id); err != nil {
		return coach.User{}, err
	}
	rec.User.PasswordHash = rec.PasswordHash
	return rec.User, nil
}

// userRecord is how a user is stored: coach.User keeps its password hash
// out of every JSON it is rendered in, so storage names it explicitly.
type userRecord struct {
	coach.User
	PasswordHash string `json:"password_hash"`
}

// UserByEmail returns a user by normalised email.
func (s *Store) UserByEmail(ctx context.Context, email string) (coach.User, error) {
	id, err := s.rdb.Get(ctx, emailKey(email)).Result()
	if err != nil {
		return coach.User{}, wrap(err, "get email")
	}
	return s.User(ctx, id)
}

// CreateToken stores a hashed login token.
func (s *Store) CreateToken(ctx context.Context, hash string, id coach.Identity, ttl time.Duration) error {
	data, err := json.Marshal(id)
	if err != nil {
		return err
	}
	return wrap(s.rdb.Set(ctx, tokenKey(hash), data, ttl).Err(), "save token")
}

// TokenIdentity returns who a token hash belongs to.
func (s *Store) TokenIdentity(ctx context.Context, hash string) (coach.Identity, error) {
	var id coach.Identity
	data, err := s.rdb.Get(ctx, tokenKey(hash)).Bytes()
	if err != nil {
		return id, wrap(err, "get token")
	}
	return id, decode(data, &id, "token")
}

// DeleteToken removes a token.
func (s *Store) DeleteToken(ctx context.Context, hash string) error {
	return wrap(s.rdb.Del(ctx, tokenKey(hash)).Err(), "delete token")
}

// CreateSession stores a session and indexes it for its user.
func (s *Store) CreateSession(ctx context.Context, sess coach.Session) error {
	sess.Answers = nil
	data, err := json.Marshal(sess)
	if err != nil {
		return err
	}
	_, err = s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.HSet(ctx, sessionKey(sess.UserID, sess.ID), fieldSession, data)
		p.ZAdd(ctx, sessionsKey(sess.UserID), redis.Z{Score: float64(sess.CreatedAt.UnixMilli()), Member: sess.ID})
		return nil
	})
	if err != nil {
		return wrap(err, "save session %s", sess.ID)
	}
	// The memo keeps its own slices: the caller still holds these.
	sess.Questions, sess.JobTerms = slices.Clone(sess.Questions), slices.Clone(sess.JobTerms)
	s.sessions.put(memoKey(sess.UserID, sess.ID), sess, len(data))
	return nil
}

// Session returns a session with its answers in one round trip.
func (s *Store) Session(ctx context.Context, userID, sessionID string) (coach.Session, error) {
	fields, err := s.rdb.HGetAll(ctx, sessionKey(userID, sessionID)).Result()
	if err != nil {
		return coach.Session{}, wrap(err, "get session %s", sessionID)
	}
	return decodeSession(sessionID, fields)
}

// Sessions returns a page of a user's sessions, newest first, in two round
// trips: the ids (a script finds where the page starts), then the sessions
// in one pipeline.
func (s *Store) Sessions(ctx context.Context, userID string, page coach.SessionPage) ([]coach.Session, bool, error) {
	stop := int64(-1) // all
	if page.Limit > 0 {
		stop = int64(page.Limit) // one more than asked for: is there more?
	}
	reply, err := sessionPageScript.Run(ctx, s.rdb, []string{sessionsKey(userID)}, page.After, stop).StringSlice()
	if errors.Is(err, redis.Nil) {
		return nil, false, coach.Errorf(coach.EInvalid, "Unknown session %q in after.", page.After)
	}
	if err != nil {
		return nil, false, wrap(err, "list sessions")
	}
	ids := reply
	more := page.Limit > 0 && len(ids) > page.Limit
	if more {
		ids = ids[:page.Limit]
	}
	if len(ids) == 0 {
		return []coach.Session{}, false, nil
	}
	cmds := make([]*redis.MapStringStringCmd, len(ids))
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			cmds[i] = p.HGetAll(ctx, sessionKey(userID, id))
		}
		return nil
	})
	if err != nil {
		return nil, false, wrap(err, "get sessions")
	}
	out := make([]coach.Session, 0, len(ids))
	for i, cmd := range cmds {
		sess, err := decodeSession(ids[i], cmd.Val())
		if coach.ErrorCode(err) == coach.ENotFound {
			continue
		}
		if err != nil {
			return nil, false, err
		}
		out = append(out, sess)
	}
	return out, more, nil
}

// sessionPageScript returns the ids of a page of sessions, newest first:
// from just after the session ARGV[1] ("" for the newest) up to ARGV[2]
// more (plus one; -1 for all), or nil when ARGV[1] is not in the list.
//
//	KEYS: sessions zset
var sessionPageScript = redis.NewScript(`
local start = 0
if ARGV[1] ~= '' then
  local rank = redis.call('ZREVRANK', KEYS[1], ARGV[1])
  if not rank then return false end
  start = rank + 1
end
local n = tonumber(ARGV[2])
if n < 0 then return redis.call('ZREVRANGE', KEYS[1], start, -1) end
return redis.call('ZREVRANGE', KEYS[1], start, start + n)
`)

// SessionAnswers reads the session and the named answers with one HMGET.
// A session never changes once created, so one this store has read or
// written before comes from its memo, and only the answers are read (none
// at all when no answers are named: the answer path's common case).
func (s *Store) SessionAnswers(ctx context.Context, userID, sessionID string, answerIDs ...string) (coach.Session, error) {
	key := memoKey(userID, sessionID)
	sess, known := s.sessions.get(key)
	names := make([]string, 0, 1+len(answerIDs))
	if !known {
		names = append(names, fieldSession)
	}
	for _, id := range answerIDs {
		names = append(names, fieldAnswerPrefix+id)
	}
	fields := make(map[string]string, len(names))
	if len(names) > 0 {
		vals, err := s.rdb.HMGet(ctx, sessionKey(userID, sessionID), names...).Result()
		if err != nil {
			return coach.Session{}, wrap(err, "get session %s", sessionID)
		}
		for i, v := range vals {
			if str, ok := v.(string); ok {
				fields[names[i]] = str
			}
		}
	}
	if !known {
		raw, ok := fields[fieldSession]
		if !ok {
			return coach.Session{}, coach.Errorf(coach.ENotFound, "Session not found.")
		}
		if err := decode([]byte(raw), &sess, "session "+sessionID); err != nil {
			return coach.Session{}, err
		}
		s.sessions.put(key, sess, len(raw))
	}
	// The memo's copy is shared: hand out slices of the caller's own.
	sess.Questions = slices.Clone(sess.Questions)
	sess.JobTerms = slices.Clone(sess.JobTerms)
	var err error
	sess.Answers, err = decodeAnswers(fields)
	return sess, err
}

func decodeSession(id string, fields map[string]string) (coach.Session, error) {
	var sess coach.Session
	raw, ok := fields[fieldSession]
	if !ok {
		return sess, coach.Errorf(coach.ENotFound, "Session not found.")
	}
	if err := decode([]byte(raw), &sess, "session "+id); err != nil {
		return sess, err
	}
	var err error
	sess.Answers, err = decodeAnswers(fields)
	return sess, err
}

// decodeAnswers decodes the answer fields of a session hash, oldest first.
func decodeAnswers(fields map[string]string) ([]coach.Answer, error) {
	answers := make([]coach.Answer, 0, len(fields))
	for k, v := range fields {
		if !strings.HasPrefix(k, fieldAnswerPrefix) {
			continue
		}
		var a coach.Answer
		if err := decode([]byte(v), &a, "answer "+k); err != nil {
			return nil, err
		}
		answers = append(answers, a)
	}
	sort.Slice(answers, func(i, j int) bool {
		if !answers[i].CreatedAt.Equal(answers[j].CreatedAt) {
			return answers[i].CreatedAt.Before(answers[j].CreatedAt)
		}
		return answers[i].ID < answers[j].ID
	})
	return answers, nil
}

// SaveAnswer writes the answer into its session and the user's indexes in
// one atomic script, so an acknowledged answer is never half-stored. The
// script checks that the session is still there: the caller may have read
// it from the memo, and an answer must not land in a session Redis lost.
func (s *Store) SaveAnswer(ctx context.Context, a coach.Answer) error {
	_, _, _, err := s.saveAnswer(ctx, a, "")
	return err
}

// SaveAnswerOnce is SaveAnswer for a submission its client named with key
// (see coach.Submission): the first call stores a and remembers key for a
// day, in the same script; a later call with the same key stores nothing
// and returns where the first one's answer is (fresh false).
func (s *Store) SaveAnswerOnce(ctx context.Context, a coach.Answer, key string) (sessionID, answerID string, fresh bool, err error) {
	return s.saveAnswer(ctx, a, key)
}

// submissionTTL is how long a submission key is remembered: far longer
// than any client retries, short enough to leave no lasting trace.
const submissionTTL = 24 * time.Hour

func (s *Store) saveAnswer(ctx context.Context, a coach.Answer, key string) (sessionID, answerID string, fresh bool, err error) {
	data, err := json.Marshal(a)
	if err != nil {
		return "", "", false, err
	}
	keys := []string{sessionKey(a.UserID, a.SessionID), answersKey(a.UserID), answerSessionKey(a.UserID), answeredKey(a.UserID)}
	if key != "" {
		keys = append(keys, submissionKey(a.UserID, key))
	}
	reply, err := saveAnswerScript.Run(ctx, s.rdb, keys, fieldAnswerPrefix+a.ID, data, a.CreatedAt.UnixMilli(), a.ID, a.SessionID,
		answeredAt(a), a.QuestionID, fieldSession, int(submissionTTL/time.Second)).Result()
	if err != nil {
		return "", "", false, wrap(err, "save answer %s", a.ID)
	}
	if earlier, ok := reply.(string); ok {
		sid, aid, _ := strings.Cut(earlier, " ")
		return sid, aid, false, nil
	}
	if n, _ := reply.(int64); n == 0 {
		s.sessions.forget(memoKey(a.UserID, a.SessionID))
		return "", "", false, coach.Errorf(coach.ENotFound, "Session not found.")
	}
	return a.SessionID, a.ID, true, nil
}

// saveAnswerScript stores an answer in its session if the session exists,
// and remembers the submission key when there is one. It returns 1 when
// it stored the answer, 0 when the session is gone, and the stored
// "<session id> <answer id>" when the submission key was used before.
//
//	KEYS: session hash, answers zset, answer-session hash, answered zset[,
//	      submission key]
//	ARGV: answer field, answer JSON, answer time (ms), answer id, session
//	      id, answered-index time (ms), question id, the session's field,
//	      the submission key's TTL (s)
var saveAnswerScript = redis.NewScript(`
if KEYS[5] then
  local earlier = redis.call('GET', KEYS[5])
  if earlier then return earlier end
end
if redis.call('HEXISTS', KEYS[1], ARGV[8]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
redis.call('HSET', KEYS[3], ARGV[4], ARGV[5])
redis.call('ZADD', KEYS[4], ARGV[6], ARGV[7])
if KEYS[5] then
  redis.call('SET', KEYS[5], ARGV[5] .. ' ' .. ARGV[4], 'EX', ARGV[9])
end
return 1
`)

// Answer returns one of a user's answers.
func (s *Store) Answer(ctx context.Context, userID, answerID string) (coach.Answer, error) {
	var a coach.Answer
	sid, err := s.rdb.HGet(ctx, answerSessionKey(userID), answerID).Result()
	if err != nil {
		return a, wrap(err, "find answer %s", answerID)
	}
	data, err := s.rdb.HGet(ctx, sessionKey(userID, sid), fieldAnswerPrefix+answerID).Bytes()
	if err != nil {
		return a, wrap(err, "get answer %s", answerID)
	}
	return a, decode(data, &a, "answer "+answerID)
}

// answeredAt is when the answered index records a's question as answered:
// its creation time, or now for an answer without one.
func answeredAt(a coach.Answer) int64 {
	if a.CreatedAt.IsZero() {
		return time.Now().UnixMilli()
	}
	return a.CreatedAt.UnixMilli()
}

func decode(data []byte, v any, what string) error {
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("redisstore: decode %s: %w", what, err)
	}
	return nil
}

// Counts reads the sizes of the user's session and answer indexes with one
// pipelined pair of ZCARDs.
func (s *Store) Counts(ctx context.Context, userID string) (sessions, answers int, err error) {
	var sc, ac *redis.IntCmd
	if _, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		sc = p.ZCard(ctx, sessionsKey(userID))
		ac = p.ZCard(ctx, answersKey(userID))
		return nil
	}); err != nil {
		return 0, 0, wrap(err, "count sessions")
	}
	return int(sc.Val()), int(ac.Val()), nil
}
