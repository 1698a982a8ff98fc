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
//	coach:{u:<id>}:submission:<key>          string  "<session id> <answer id>" stored under a client's Idempotency-Key, 24 h TTL
//	coach:{u:<id>}:readiness                 hash    "<role>:<track>" → coach.ReadinessState, binary (readiness_codec.go; older JSON read too)
//	coach:llmcache:<sha256 hex>              string  JSON coach.Evaluation from the LLM, 30-day TTL (global)
//	coach:{u:<id>}:llm-budget:<yyyy-mm-dd>   string  answers scored by the LLM that day, 48 h TTL
//	coach:secret:<name>                      string  random server secret shared by every instance (CSRF key)
//	rate:coach:<key>                         string  GCRA state of a rate limit (redis_rate adds "rate:")
//
// Coaching (coaching.go). A link between a coach and a client spans two
// slots, so it is written in two steps in a fixed order: the coach's
// listing first and the client's grant second when linking; the grant
// first and the listing second when unlinking. Access checks read only the
// grant (in the client's slot, beside the data it protects), so a crash
// between the steps can leave a listing without access, never access
// without a listing; listings are filtered through the grants when read.
//
//	coach:invite:<code>                      hash    "coach", "uses", "uses_left", "expires", "created" (ms); TTL = expiry + 1 day (global: the code alone names it)
//	coach:{u:<coach>}:invites                zset    invite code → expiry (ms)
//	coach:{u:<coach>}:clients                zset    client id → linked since (ms): the coach's listing
//	coach:{u:<client>}:coaches               zset    coach id → linked since (ms): the grant every access check reads
//	coach:{u:<coach>}:assignments            hash    assignment id → JSON coach.Assignment (progress not stored)
//	coach:{u:<client>}:assigned              zset    assignment id → creation time (ms), ids of any coach
//	coach:{u:<client>}:assignment-sessions   hash    assignment id → id of the session started for it
//	coach:{u:<coach>}:questions              hash    question id → JSON coach.Question (the coach's own)
//	coach:{u:<coach>}:reviewed               zset    answer id → review time (ms); the review itself is in the answer
//	coach:{u:<id>}:notifications             list    JSON coach.Notification, newest first, 50 kept
//	coach:{u:<id>}:notifications-read        string  time (ms) up to which notifications are read
//
// Redis Cluster audit (every multi-key operation stays in one slot):
// sessions, answers and readiness are written by MULTI/EXEC or by the
// SaveAnswer and SaveScoredAnswer scripts over keys that all carry the
// user's hash tag;
// sign-up claims the email (SETNX, global key) and then writes the user in
// a separate command, not a transaction; tokens, the LLM cache, the LLM
// budget (INCR+EXPIRE of one key), shared secrets and rate limits (one key
// per script call) are single-key. Pipelines (not transactions) may span
// slots; go-redis splits them per node. TestAPIOnCluster runs the API
// suite on a real cluster to keep it so.
package redisstore

const prefix = "coach:"

func emailKey(email string) string         { return prefix + "email:" + email }
func tokenKey(hash string) string          { return prefix + "token:" + hash }
func userTag(id string) string             { return prefix + "{u:" + id + "}:" }
func userKey(id string) string             { return userTag(id) + "user" }
func sessionsKey(id string) string         { return userTag(id) + "sessions" }
func sessionKey(uid, sid string) string    { return userTag(uid) + "session:" + sid }
func answersKey(id string) string          { return userTag(id) + "answers" }
func answerSessionKey(id string) string    { return userTag(id) + "answer-session" }
func answeredKey(id string) string         { return userTag(id) + "answered" }
func submissionKey(uid, key string) string { return userTag(uid) + "submission:" + key }

func readinessKey(id string) string       { return userTag(id) + "readiness" }
func llmCacheKey(key string) string       { return prefix + "llmcache:" + key }
func llmBudgetKey(uid, day string) string { return userTag(uid) + "llm-budget:" + day }
func secretKey(name string) string        { return prefix + "secret:" + name }

func inviteKey(code string) string                 { return prefix + "invite:" + code }
func invitesKey(coachID string) string             { return userTag(coachID) + "invites" }
func clientsKey(coachID string) string             { return userTag(coachID) + "clients" }
func coachesKey(clientID string) string            { return userTag(clientID) + "coaches" }
func assignmentsKey(coachID string) string         { return userTag(coachID) + "assignments" }
func assignedKey(clientID string) string           { return userTag(clientID) + "assigned" }
func assignmentSessionsKey(clientID string) string { return userTag(clientID) + "assignment-sessions" }
func coachQuestionsKey(coachID string) string      { return userTag(coachID) + "questions" }
func reviewedKey(coachID string) string            { return userTag(coachID) + "reviewed" }
func notificationsKey(id string) string            { return userTag(id) + "notifications" }
func notificationsReadKey(id string) string        { return userTag(id) + "notifications-read" }

// Fields of a session hash.
const (
	fieldSession      = "session"
	fieldAnswerPrefix = "answer:"
)
