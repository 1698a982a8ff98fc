package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/coach/redisstore"
	"github.com/interviewcoach/coach/coach/rubric"
	"github.com/interviewcoach/coach/questions"
	"github.com/redis/go-redis/v9"
)

// The floor server answers the question the answer path's target raises:
// how fast can any implementation of it be on this machine? It does only
// the work the target names ("validated, stored in one transaction, scored
// locally") and that no version of the app can skip:
//
//   - bind and validate the JSON body, find the question in the bank;
//   - score the answer with the real rubric scorer;
//   - encode the answer with its evaluation (about 3 KB of JSON);
//   - store it, its indexes and a readiness state of a practised round's
//     size by one script that compares and sets the state, on the same
//     Redis as the app (append-only file on);
//   - reply with the stored JSON.
//
// It leaves out everything else the app does: the session's ownership
// check, the readiness arithmetic, rate limits, access logs, metrics,
// security headers, request ids. With -token it also looks the caller's
// token up in Redis, as the app's authentication does. Its sign-up and
// session routes are stand-ins that cost next to nothing, so the load
// generator can drive it unchanged. scripts/bench.sh measures it beside
// the app; the README's Benchmarks section has the figures.

// floorStateSize is the stored size of a practised round's readiness state
// in the bench (2,990–3,015 bytes measured).
const floorStateSize = 3000

// floorScript mirrors the app's scored-answer script without its
// submission key and repeat checks: compare the state, write the answer,
// its three indexes and the new state.
//
//	KEYS: session hash, answers zset, answer-session hash, readiness hash, answered zset
//	ARGV: answer field, answer JSON, state read, time (ms), answer id, session id,
//	      question id, new state
var floorScript = redis.NewScript(`
local cur = redis.call('HGET', KEYS[4], 'state')
if (cur or '') ~= ARGV[3] then return {0, cur} end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5])
redis.call('HSET', KEYS[3], ARGV[5], ARGV[6])
redis.call('ZADD', KEYS[5], ARGV[4], ARGV[7])
redis.call('HSET', KEYS[4], 'state', ARGV[8])
return {1}
`)

func cmdFloor(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("loadgen floor", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
	redisURL := fs.String("redis", "", "REDIS_URL of the Redis to store in (required; keys start with floor:)")
	token := fs.Bool("token", false, "look each request's token up in Redis, as the app's authentication does")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *redisURL == "" {
		fmt.Fprintln(stderr, "loadgen floor: -redis is required")
		return 2
	}
	rdb, err := redisstore.Open(*redisURL)
	if err != nil {
		fmt.Fprintln(stderr, "loadgen:", err)
		return 1
	}
	defer rdb.Close()
	bank, err := questions.Embedded()
	if err != nil {
		fmt.Fprintln(stderr, "loadgen:", err)
		return 1
	}
	return serve(ctx, *addr, "floor server", newFloor(rdb, bank, *token).routes(), stdout, stderr)
}

type floor struct {
	rdb      redis.UniversalClient
	bank     *questions.Bank
	token    bool
	scorer   *rubric.Scorer
	users    atomic.Int64
	sessions atomic.Int64
	// states holds each user's last written state, as the app's memo does.
	mu     sync.Mutex
	states map[string]string
}

func newFloor(rdb redis.UniversalClient, bank *questions.Bank, token bool) *floor {
	return &floor{rdb: rdb, bank: bank, token: token, scorer: rubric.New(), states: map[string]string{}}
}

func (f *floor) routes() http.Handler {
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.GET("/readyz", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) })
	e.POST("/api/v1/signup", f.signup)
	e.POST("/api/v1/sessions", f.session)
	e.POST("/api/v1/sessions/:id/answers", f.answer)
	return e
}

// signup hands out a user id as the token, stored so that -token has
// something to look up.
func (f *floor) signup(c *gin.Context) {
	uid := "floor-" + strconv.FormatInt(f.users.Add(1), 10) + "-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	if err := f.rdb.Set(c, "floor:token:"+uid, uid, time.Hour).Err(); err != nil {
		c.JSON(http.StatusServiceUnavailable, gin.H{"error": err.Error()})
		return
	}
	c.JSON(http.StatusCreated, gin.H{"token": uid})
}

// session names five questions of the role and round asked for, without
// storing anything.
func (f *floor) session(c *gin.Context) {
	var req struct{ Role, Track string }
	if err := c.ShouldBindJSON(&req); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
		return
	}
	qs := f.bank.Questions(coach.QuestionFilter{Role: req.Role, Track: coach.Track(req.Track)})
	if len(qs) == 0 {
		c.JSON(http.StatusBadRequest, gin.H{"error": "no questions"})
		return
	}
	n := int(f.sessions.Add(1))
	out := make([]gin.H, coach.DefaultQuestionCount)
	for i := range out {
		out[i] = gin.H{"id": qs[(n*coach.DefaultQuestionCount+i)%len(qs)].ID}
	}
	c.JSON(http.StatusCreated, gin.H{"id": "floor-session-" + strconv.Itoa(n), "questions": out})
}

func (f *floor) answer(c *gin.Context) {
	fail := func(code int, msg string) { c.JSON(code, gin.H{"error": msg}) }
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, 2*coach.MaxAnswerBytes)
	var req struct {
		QuestionID string `json:"question_id"`
		Answer     string `json:"answer"`
	}
	if err := c.ShouldBindJSON(&req); err != nil {
		fail(http.StatusBadRequest, err.Error())
		return
	}
	if err := coach.ValidateAnswer(req.Answer); err != nil {
		fail(http.StatusBadRequest, err.Error())
		return
	}
	uid := strings.TrimPrefix(c.GetHeader("Authorization"), "Bearer ")
	if f.token {
		if got, err := f.rdb.Get(c, "floor:token:"+uid).Result(); err != nil || got != uid {
			fail(http.StatusUnauthorized, "unknown token")
			return
		}
	}
	q, err := f.bank.Question(req.QuestionID)
	if err != nil {
		fail(http.StatusBadRequest, err.Error())
		return
	}
	role, _ := f.bank.Role(q.Role)
	ev, err := f.scorer.Score(c, coach.ScoreRequest{Question: q, Answer: req.Answer, RoleTerms: role.Terms, UserID: uid})
	if err != nil {
		fail(http.StatusInternalServerError, err.Error())
		return
	}
	now := time.Now()
	a := coach.Answer{ID: coach.NewOwnedID(uid), SessionID: c.Param("id"), UserID: uid, QuestionID: q.ID,
		Text: strings.TrimSpace(req.Answer), Evaluation: &ev, CreatedAt: now}
	data, err := json.Marshal(a)
	if err != nil {
		fail(http.StatusInternalServerError, err.Error())
		return
	}
	tag := "floor:{u:" + uid + "}:"
	keys := []string{tag + "session:" + a.SessionID, tag + "answers", tag + "answer-session", tag + "readiness", tag + "answered"}
	next := a.ID + strings.Repeat(".", floorStateSize-len(a.ID))
	f.mu.Lock()
	prev := f.states[uid]
	f.mu.Unlock()
	ms := strconv.FormatInt(now.UnixMilli(), 10)
	reply, err := floorScript.Run(c, f.rdb, keys, "answer:"+a.ID, data, prev, ms, a.ID, a.SessionID, a.QuestionID, next).Slice()
	if err != nil {
		fail(http.StatusServiceUnavailable, err.Error())
		return
	}
	if code, _ := reply[0].(int64); code != 1 {
		// One connection per user: the state only moves under it.
		fail(http.StatusConflict, "the state moved")
		return
	}
	f.mu.Lock()
	f.states[uid] = next
	f.mu.Unlock()
	c.Data(http.StatusCreated, "application/json; charset=utf-8", data)
}
