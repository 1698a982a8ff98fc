package llm_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/coach/llm"
)

// gate holds every model call until it is opened.
func gate(then respond) (respond, chan struct{}) {
	open := make(chan struct{})
	return func(w http.ResponseWriter, r *http.Request, s seen) {
		select {
		case <-open:
		case <-r.Context().Done():
			return
		}
		then(w, r, s)
	}, open
}

// waitFor polls cond (the calls run on their own goroutines) and fails the
// test if it does not hold within a generous bound.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

type scored struct {
	ev  coach.Evaluation
	err error
}

// TestIdenticalCallsShareOneModelCall: the same answer scored three times
// at once (a form sent twice, two tabs) costs one model call, and each
// caller gets its own copy of the model's evaluation. With no cache at
// all, only the flight can have saved the calls.
func TestIdenticalCallsShareOneModelCall(t *testing.T) {
	h := newHarness(t, llm.Config{})
	held, open := gate(h.fake.Reply(82, 75))
	h.fake.Always(held)
	req := request(qBehavioural, storyAnswer)
	results := make(chan scored, 3)
	score := func() {
		ev, err := h.Score(context.Background(), req)
		results <- scored{ev, err}
	}
	go score()
	waitFor(t, "the first call to reach the model", func() bool { return h.fake.Requests() == 1 })
	go score()
	go score()
	waitFor(t, "two calls to wait for it", func() bool { return llm.Waiting(h.Scorer, req) == 2 })
	close(open)
	var evs []coach.Evaluation
	for range 3 {
		r := <-results
		if r.err != nil {
			t.Fatal(r.err)
		}
		wantModelScored(t, r.ev, req)
		evs = append(evs, r.ev)
	}
	if n := h.fake.Requests(); n != 1 {
		t.Fatalf("%d model calls for three identical requests in flight together, want 1", n)
	}
	evs[0].Criteria[0].Score, evs[0].Flags = -1, append(evs[0].Flags, "changed")
	for _, ev := range evs[1:] {
		if ev.Overall != 82 || ev.Criteria[0].Score == -1 || ev.HasFlag("changed") {
			t.Fatalf("callers share one evaluation's memory: %+v", ev)
		}
	}
}

// TestFollowerScoresItselfWhenTheLeaderFails: a fallback is the leader's
// own (its budget, its error), so a waiting caller makes its own call.
func TestFollowerScoresItselfWhenTheLeaderFails(t *testing.T) {
	h := newHarness(t, llm.Config{})
	held, open := gate(status(http.StatusBadRequest))
	h.fake.Then(held).Always(h.fake.Reply(70, 65))
	req := request(qBehavioural, storyAnswer)
	results := make(chan scored, 1)
	go func() {
		ev, err := h.Score(context.Background(), req)
		results <- scored{ev, err}
	}()
	waitFor(t, "the first call to reach the model", func() bool { return h.fake.Requests() == 1 })
	go func() {
		ev, err := h.Score(context.Background(), req)
		results <- scored{ev, err}
	}()
	waitFor(t, "the second call to wait", func() bool { return llm.Waiting(h.Scorer, req) == 1 })
	close(open)
	got := map[string]int{}
	for range 2 {
		r := <-results
		if r.err != nil {
			t.Fatal(r.err)
		}
		got[r.ev.Scorer]++
	}
	if got[coach.ScorerLocal] != 1 || got[coach.ScorerLLM] != 1 || h.fake.Requests() != 2 {
		t.Fatalf("scorers %v after %d model calls: want the leader's fallback and the follower's own model call", got, h.fake.Requests())
	}
}
