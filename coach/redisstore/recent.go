package redisstore

import (
	"context"
	"strings"

	"github.com/redis/go-redis/v9"
)

// RecentQuestionIDs returns the questions a user answered since their n-th
// newest session started, in one round trip: the answered zset (question
// id → last answer time) and the n newest session times are read together
// and compared here. A user whose answers predate the answered index gets
// the slower walk over the sessions themselves.
func (s *Store) RecentQuestionIDs(ctx context.Context, userID string, n int) (map[string]bool, error) {
	out := map[string]bool{}
	if n <= 0 {
		return out, nil
	}
	var sessions, answered *redis.ZSliceCmd
	var anyAnswers *redis.IntCmd
	if _, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		sessions = p.ZRevRangeWithScores(ctx, sessionsKey(userID), 0, int64(n)-1)
		answered = p.ZRangeWithScores(ctx, answeredKey(userID), 0, -1)
		anyAnswers = p.Exists(ctx, answersKey(userID))
		return nil
	}); err != nil {
		return nil, wrap(err, "recent questions")
	}
	if len(sessions.Val()) == 0 || anyAnswers.Val() == 0 {
		return out, nil
	}
	if len(answered.Val()) == 0 {
		return s.recentQuestionsByWalk(ctx, userID, sessions.Val())
	}
	since := sessions.Val()[len(sessions.Val())-1].Score
	for _, z := range answered.Val() {
		if z.Score >= since {
			out[z.Member.(string)] = true
		}
	}
	return out, nil
}

// recentQuestionsByWalk reads the sessions' answers (for data written
// before the answered index existed), decoding only their question ids.
func (s *Store) recentQuestionsByWalk(ctx context.Context, userID string, sessions []redis.Z) (map[string]bool, error) {
	out := map[string]bool{}
	cmds := make([]*redis.MapStringStringCmd, len(sessions))
	if _, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, z := range sessions {
			cmds[i] = p.HGetAll(ctx, sessionKey(userID, z.Member.(string)))
		}
		return nil
	}); err != nil {
		return nil, wrap(err, "get sessions")
	}
	for _, cmd := range cmds {
		for k, v := range cmd.Val() {
			if !strings.HasPrefix(k, fieldAnswerPrefix) {
				continue
			}
			var a struct {
				QuestionID string `json:"question_id"`
			}
			if err := decode([]byte(v), &a, "answer "+k); err != nil {
				return nil, err
			}
			out[a.QuestionID] = true
		}
	}
	return out, nil
}
