// Package redisstore is the coach.Store on Redis (go-redis v9). It is the
// only package that imports go-redis.
//
// Every key is listed here. Keys that belong to one user carry the hash tag
// {u:<user id>} so that all of a user's keys live in one Redis Cluster slot
// and a multi-key transaction over them is legal there too.
//
//	coach:email:<email>                      string  user id (global, SETNX = unique email)
//	coach:token:<sha256 hex>                 string  JSON coach.Identity, with the token's TTL (global)
//	coach:{u:<id>}:user                      string  JSON coach.User
//	coach:{u:<id>}:sessions                  zset    session ids scored by creation time (ms)
//	coach:{u:<id>}:session:<session id>      hash    "session" → JSON coach.Session without answers,
//	                                                 "answer:<answer id>" → JSON coach.Answer
//	coach:{u:<id>}:answers                   zset    answer ids scored by creation time (ms)
//	coach:{u:<id>}:answer-session            hash    answer id → session id
//	coach:{u:<id>}:answered                  zset    question ids scored by their latest answer's time (ms)
//	coach:{u:<id>}:readiness                 hash    "<role>:<track>" → JSON coach.ReadinessState (with its trend)
//	coach:llmcache:<sha256 hex>              string  JSON coach.Evaluation from the LLM, 30-day TTL (global)
//	coach:{u:<id>}:llm-budget:<yyyy-mm-dd>   string  answers scored by the LLM that day, 48 h TTL
//	coach:secret:<name>                      string  random server secret shared by every instance (CSRF key)
//	rate:coach:<key>                         string  GCRA state of a rate limit (redis_rate adds "rate:")
//
// Redis Cluster audit (every multi-key operation stays in one slot):
// sessions, answers and readiness are written by MULTI/EXEC or by the
// SaveScoredAnswer script over keys that all carry the user's hash tag;
// sign-up claims the email (SETNX, global key) and then writes the user in
// a separate command, not a transaction; tokens, the LLM cache, the LLM
// budget (INCR+EXPIRE of one key), shared secrets and rate limits (one key
// per script call) are single-key. Pipelines (not transactions) may span
// slots; go-redis splits them per node. TestAPIOnCluster runs the API
// suite on a real cluster to keep it so.
package redisstore

const prefix = "coach:"

func emailKey(email string) string      { return prefix + "email:" + email }
func tokenKey(hash string) string       { return prefix + "token:" + hash }
func userTag(id string) string          { return prefix + "{u:" + id + "}:" }
func userKey(id string) string          { return userTag(id) + "user" }
func sessionsKey(id string) string      { return userTag(id) + "sessions" }
func sessionKey(uid, sid string) string { return userTag(uid) + "session:" + sid }
func answersKey(id string) string       { return userTag(id) + "answers" }
func answerSessionKey(id string) string { return userTag(id) + "answer-session" }
func answeredKey(id string) string      { return userTag(id) + "answered" }

func readinessKey(id string) string       { return userTag(id) + "readiness" }
func llmCacheKey(key string) string       { return prefix + "llmcache:" + key }
func llmBudgetKey(uid, day string) string { return userTag(uid) + "llm-budget:" + day }
func secretKey(name string) string        { return prefix + "secret:" + name }

// Fields of a session hash.
const (
	fieldSession      = "session"
	fieldAnswerPrefix = "answer:"
)
