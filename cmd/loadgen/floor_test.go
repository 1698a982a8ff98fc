package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/coach/redisstore/redistest"
	"github.com/interviewcoach/coach/questions"
)

func mustFloor(t *testing.T, token bool) (*httptest.Server, *floor) {
	t.Helper()
	bank, err := questions.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	f := newFloor(redistest.MustClient(t), bank, token)
	srv := httptest.NewServer(f.routes())
	t.Cleanup(srv.Close)
	return srv, f
}

func post(t *testing.T, url, token, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest("POST", url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

// The floor does the work it claims: a real rubric score, and the reply
// is what the script stored, next to a state of a practised round's size.
func TestFloorScoresAndStores(t *testing.T) {
	srv, f := mustFloor(t, true)
	_, b := post(t, srv.URL+"/api/v1/signup", "", `{}`)
	var su struct{ Token string }
	if err := json.Unmarshal(b, &su); err != nil || su.Token == "" {
		t.Fatalf("signup: %s", b)
	}
	code, b := post(t, srv.URL+"/api/v1/sessions", su.Token, `{"role":"software-engineer","track":"user"}`)
	var sess struct {
		ID        string
		Questions []struct{ ID string }
	}
	if err := json.Unmarshal(b, &sess); err != nil || code != 201 || len(sess.Questions) != coach.DefaultQuestionCount {
		t.Fatalf("session: %d %s", code, b)
	}
	for i, q := range sess.Questions[:2] {
		body := `{"question_id":` + mustJSON(q.ID) + `,"answer":` + mustJSON(answerText) + `}`
		code, b = post(t, srv.URL+"/api/v1/sessions/"+sess.ID+"/answers", su.Token, body)
		if code != 201 {
			t.Fatalf("answer %d: %d %s", i, code, b)
		}
		var a coach.Answer
		if err := json.Unmarshal(b, &a); err != nil {
			t.Fatal(err)
		}
		if a.Evaluation == nil || a.Evaluation.Scorer != "local" || a.Evaluation.Overall <= 0 || len(a.Evaluation.Criteria) == 0 {
			t.Fatalf("answer %d: not scored by the rubric: %s", i, b)
		}
		tag := "floor:{u:" + su.Token + "}:"
		stored, err := f.rdb.HGet(context.Background(), tag+"session:"+sess.ID, "answer:"+a.ID).Bytes()
		if err != nil || !bytes.Equal(stored, b) {
			t.Fatalf("answer %d: stored %q (%v), replied %q", i, stored, err, b)
		}
		state, err := f.rdb.HGet(context.Background(), tag+"readiness", "state").Result()
		if err != nil || len(state) != floorStateSize || !strings.HasPrefix(state, a.ID) {
			t.Fatalf("answer %d: state %d bytes (%v)", i, len(state), err)
		}
	}
}

// Bad input is refused as the app refuses it, and -token checks tokens.
func TestFloorRefuses(t *testing.T) {
	srv, _ := mustFloor(t, true)
	_, b := post(t, srv.URL+"/api/v1/signup", "", `{}`)
	var su struct{ Token string }
	if err := json.Unmarshal(b, &su); err != nil {
		t.Fatal(err)
	}
	url := srv.URL + "/api/v1/sessions/s1/answers"
	for _, tc := range []struct {
		name, token, body string
		want              int
	}{
		{"unknown token", "nobody", `{"question_id":"swe-beh-006","answer":"I did it."}`, 401},
		{"empty answer", su.Token, `{"question_id":"swe-beh-006","answer":"  "}`, 400},
		{"too many words", su.Token, `{"question_id":"swe-beh-006","answer":"` + strings.Repeat("word ", coach.MaxAnswerWords+1) + `"}`, 400},
		{"unknown question", su.Token, `{"question_id":"nope","answer":"I did it."}`, 400},
		{"malformed", su.Token, `{"question_id":`, 400},
	} {
		if code, b := post(t, url, tc.token, tc.body); code != tc.want {
			t.Errorf("%s: %d %s, want %d", tc.name, code, b, tc.want)
		}
	}
}

// The load generator measures the floor like the app: a short run ends
// with answers counted and no errors.
func TestRunMeasuresTheFloor(t *testing.T) {
	srv, _ := mustFloor(t, false)
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"run", "-app", srv.URL, "-c", "2", "-d", "300ms", "-warmup", "100ms", "-slice", "100ms", "-only", "answers"}, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d: %s %s", code, out.String(), errOut.String())
	}
	var row []string
	for _, line := range strings.Split(out.String(), "\n") {
		if strings.Contains(line, "/answers ") {
			row = strings.Fields(line)
		}
	}
	// method, path, req/s, p50 and p99 (two fields each), errors, ...
	if len(row) < 8 || row[2] == "0" || row[7] != "0" {
		t.Fatalf("no clean answers row in:\n%s", out.String())
	}
}
