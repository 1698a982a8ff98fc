package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/coach/redisstore"
	"github.com/interviewcoach/coach/coach/redisstore/redistest"
	"github.com/interviewcoach/coach/coach/rubric"
	"github.com/interviewcoach/coach/questions"
	"github.com/interviewcoach/coach/web"
	"github.com/redis/go-redis/v9"
)

// testCluster, when set, makes mustApp run on this Redis Cluster instead of
// a fresh redis-server (TestAPIOnCluster sets it around the API suite).
var testCluster *redistest.Cluster

// testSentinelURL, when set, makes mustApp run through this Sentinel.
var testSentinelURL string

// testRedis is mustApp's Redis: a fresh redis-server per test, or the shared
// cluster, flushed, in which case there is no single server to return.
func testRedis(t testing.TB) (redis.UniversalClient, *redisstore.Server) {
	t.Helper()
	var srv *redisstore.Server
	url := ""
	switch {
	case testCluster != nil:
		testCluster.FlushAll(t)
		url = testCluster.URL
	case testSentinelURL != "":
		url = testSentinelURL
	default:
		srv = redistest.MustStart(t)
		url = srv.URL()
	}
	rdb, err := redisstore.Open(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rdb.Close() })
	return rdb, srv
}

// TestAPIOnCluster runs the API suite against a real three-master Redis
// Cluster: every multi-key transaction and script must stay in one hash
// slot, or Redis answers CROSSSLOT and the suite fails. (The tests that stop
// their redis-server are left out: a cluster has no one server to stop;
// the fault tests cover outages.)
func TestAPIOnCluster(t *testing.T) {
	testCluster = redistest.MustStartCluster(t, 3)
	defer func() { testCluster = nil }()
	for name, test := range map[string]func(*testing.T){
		"PracticeLoop":          TestPracticeLoop,
		"JobDescription":        TestJobDescriptionTailoring,
		"AuthErrors":            TestAuthErrors,
		"LoginRateLimit":        TestLoginRateLimit,
		"ScoreRateLimit":        TestScoreRateLimit,
		"BadInputKeepsData":     TestBadInputKeepsData,
		"QuestionsAndRoles":     TestQuestionsAndRoles,
		"RequestIDOnErrors":     TestRequestIDOnErrors,
		"TwoInstancesOneUser":   testTwoInstances,
		"ConcurrentAnswersSafe": testConcurrentAnswersAcrossInstances,
	} {
		t.Run(name, test)
	}
}

// TestTwoInstances runs the two-instance checks on a single redis-server too.
func TestTwoInstances(t *testing.T) {
	t.Run("OneUser", testTwoInstances)
	t.Run("ConcurrentAnswers", testConcurrentAnswersAcrossInstances)
}

// twoInstances starts two servers that share nothing but the Redis in
// testRedis, as two `coach serve` processes behind a load balancer would.
func twoInstances(t *testing.T) (*app, *app) {
	t.Helper()
	rdb, _ := testRedis(t)
	bank, err := questions.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	var apps [2]*app
	for i := range apps {
		svc := &coach.Service{Store: redisstore.New(rdb), Bank: bank, Scorer: rubric.New(), Limiter: redisstore.NewRateLimiter(rdb),
			LoginLimit: coach.DefaultLoginLimit, ScoreLimit: coach.Limit{Count: 5, Period: 60e9}}
		if i == 1 {
			// The second instance has its own connection pool too.
			rdb2, _ := testRedisSameAs(t, rdb)
			svc.Store, svc.Limiter = redisstore.New(rdb2), redisstore.NewRateLimiter(rdb2)
		}
		h, err := web.New(web.Config{Service: svc, Bank: bank, Ready: svc.Store.Ping})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(h)
		t.Cleanup(ts.Close)
		apps[i] = &app{t: t, url: ts.URL, svc: svc, handler: h}
	}
	return apps[0], apps[1]
}

// testRedisSameAs opens a second client on the Redis rdb talks to.
func testRedisSameAs(t *testing.T, rdb redis.UniversalClient) (redis.UniversalClient, error) {
	t.Helper()
	url := ""
	switch {
	case testCluster != nil:
		url = testCluster.URL
	case testSentinelURL != "":
		url = testSentinelURL
	default:
		o := rdb.(*redis.Client).Options()
		url = o.Network + "://" + o.Addr
		if o.Network == "tcp" {
			url = "redis://" + o.Addr
		}
	}
	c, err := redisstore.Open(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c, nil
}

// testTwoInstances: a token from one instance works on the other, a
// session started on one is answered on the other, and the per-user
// limit counts across both.
func testTwoInstances(t *testing.T) {
	a, b := twoInstances(t)
	_, token := a.signup("two@example.com")
	if r := b.json("GET", "/api/v1/me", token, nil); r.status != 200 {
		t.Fatalf("token from instance A on B: %d %s", r.status, r.body)
	}
	sess := b.startSession(token, map[string]any{"role": "software-engineer", "track": "user"})
	for i := 0; i < 5; i++ {
		srv := a
		if i%2 == 1 {
			srv = b
		}
		r := srv.json("POST", "/api/v1/sessions/"+sess.ID+"/answers", token, map[string]string{"question_id": sess.Questions[i%len(sess.Questions)].ID, "answer": strongAnswer})
		if r.status != 201 {
			t.Fatalf("answer %d: %d %s", i, r.status, r.body)
		}
	}
	// The limit is 5 a minute per user, wherever the answers land.
	r := a.json("POST", "/api/v1/sessions/"+sess.ID+"/answers", token, map[string]string{"question_id": sess.Questions[0].ID, "answer": strongAnswer})
	if r.status != 429 {
		t.Fatalf("6th answer across instances: %d %s", r.status, r.body)
	}
	var got coach.Session
	a.json("GET", "/api/v1/sessions/"+sess.ID, token, nil).decode(t, &got)
	if len(got.Answers) != 5 {
		t.Fatalf("%d answers stored, want 5", len(got.Answers))
	}
	var ready []coach.Readiness
	b.json("GET", "/api/v1/readiness", token, nil).decode(t, &ready)
	if len(ready) != 1 {
		t.Fatalf("readiness: %+v", ready)
	}
}

// testConcurrentAnswersAcrossInstances: answers of one user sent at once
// to both instances are all stored and all counted in readiness (the
// compare-and-set on the readiness state holds across processes).
func testConcurrentAnswersAcrossInstances(t *testing.T) {
	a, b := twoInstances(t)
	a.svc.ScoreLimit, b.svc.ScoreLimit = coach.Limit{}, coach.Limit{}
	_, token := a.signup("concurrent@example.com")
	sess := a.startSession(token, map[string]any{"role": "software-engineer", "track": "user"})
	const n = 16
	done := make(chan int, n)
	for i := 0; i < n; i++ {
		srv := a
		if i%2 == 1 {
			srv = b
		}
		go func() {
			r := srv.jsonNoFatal("POST", "/api/v1/sessions/"+sess.ID+"/answers", token, map[string]string{"question_id": sess.Questions[i%len(sess.Questions)].ID, "answer": strongAnswer})
			done <- r
		}()
	}
	for i := 0; i < n; i++ {
		if s := <-done; s != 201 {
			t.Fatalf("concurrent answer: status %d", s)
		}
	}
	var got coach.Session
	b.json("GET", "/api/v1/sessions/"+sess.ID, token, nil).decode(t, &got)
	if len(got.Answers) != n {
		t.Fatalf("%d answers stored, want %d", len(got.Answers), n)
	}
	states, err := a.svc.Store.ReadinessStates(t.Context(), got.UserID)
	if err != nil || len(states) != 1 || states[0].Overall.N != n {
		t.Fatalf("readiness lost updates: %+v %v", states, err)
	}
}

// jsonNoFatal sends a JSON request and returns the status (0 on a transport
// error); safe to call from other goroutines than the test's.
func (a *app) jsonNoFatal(method, path, token string, body any) int {
	b, _ := json.Marshal(body)
	req, err := http.NewRequest(method, a.url+path, bytes.NewReader(b))
	if err != nil {
		return 0
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode
}

// TestAPIOnSentinel runs the practice loop and the two-instance checks
// through Redis Sentinel (the client asks the sentinel for the master).
func TestAPIOnSentinel(t *testing.T) {
	s := redistest.MustStartSentinel(t)
	testSentinelURL = s.URL
	defer func() { testSentinelURL = "" }()
	t.Run("PracticeLoop", TestPracticeLoop)
	t.Run("TwoInstancesOneUser", testTwoInstances)
}
