package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestServeSIGKILLKeepsAcknowledgedAnswers runs the real binary in managed
// mode, submits answers from several clients, and kills coach and its
// redis-server with SIGKILL mid-stream (no shutdown of either runs). After
// a restart on the same data directory every answer that was acknowledged
// with 201 is there.
func TestServeSIGKILLKeepsAcknowledgedAnswers(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "coach")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	dir := shortTempDir(t)
	start := func() (*exec.Cmd, string) {
		cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--data-dir", dir)
		cmd.Env = append(os.Environ(), "COACH_LOG_LEVEL=error", "COACH_SCORER=local", "COACH_SCORE_LIMIT=0")
		stdout, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		line, err := bufio.NewReader(stdout).ReadString('\n')
		if err != nil {
			cmd.Process.Kill()
			t.Fatalf("serve did not start: %v", err)
		}
		go io.Copy(io.Discard, stdout)
		return cmd, regexp.MustCompile(`http://\S+`).FindString(line)
	}
	cmd, url := start()
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })

	post := func(path, token, body string) (int, []byte, error) {
		req, _ := http.NewRequest("POST", url+path, bytes.NewReader([]byte(body)))
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, b, nil
	}
	type client struct {
		token, session string
		qids           []string
	}
	clients := make([]client, 4)
	for i := range clients {
		code, b, err := post("/api/v1/signup", "", fmt.Sprintf(`{"email":"kill%d@example.com","password":"correct horse battery","name":"K","kind":"seeker"}`, i))
		if err != nil || code != 201 {
			t.Fatalf("signup: %d %s %v", code, b, err)
		}
		var su struct{ Token string }
		json.Unmarshal(b, &su)
		code, b, err = post("/api/v1/sessions", su.Token, `{"role":"software-engineer","track":"user","count":20}`)
		if err != nil || code != 201 {
			t.Fatalf("session: %d %s %v", code, b, err)
		}
		var s struct {
			ID        string
			Questions []struct{ ID string }
		}
		json.Unmarshal(b, &s)
		clients[i] = client{token: su.Token, session: s.ID}
		for _, q := range s.Questions {
			clients[i].qids = append(clients[i].qids, q.ID)
		}
	}

	var mu sync.Mutex
	acked := map[string]map[string]bool{} // session → answer ids
	var bad []string
	var wg sync.WaitGroup
	for _, c := range clients {
		wg.Go(func() {
			for n := 0; ; n++ {
				body, _ := json.Marshal(map[string]string{"question_id": c.qids[n%len(c.qids)], "answer": "I led the migration of our billing service to Go and cut p99 latency from 900 ms to 120 ms by batching queries; I measured first, then fixed the slowest path."})
				code, b, err := post("/api/v1/sessions/"+c.session+"/answers", c.token, string(body))
				if err != nil {
					return // the app is gone
				}
				mu.Lock()
				if code == 201 {
					var a struct{ ID string }
					json.Unmarshal(b, &a)
					if acked[c.session] == nil {
						acked[c.session] = map[string]bool{}
					}
					acked[c.session][a.ID] = true
				} else {
					bad = append(bad, fmt.Sprintf("%d %s", code, b))
				}
				mu.Unlock()
			}
		})
	}
	count := func() int {
		mu.Lock()
		defer mu.Unlock()
		n := 0
		for _, ids := range acked {
			n += len(ids)
		}
		return n
	}
	for i := 0; count() < 60; i++ {
		if i > 2000 {
			t.Fatalf("only %d answers acknowledged", count())
		}
		time.Sleep(5 * time.Millisecond)
	}
	redisPid := managedPid(t, dir)
	// Both at once, no clean-up anywhere: the closest a test gets to a crash.
	cmd.Process.Signal(syscall.SIGKILL)
	syscall.Kill(redisPid, syscall.SIGKILL)
	cmd.Wait()
	wg.Wait()
	for i := 0; alive(redisPid); i++ {
		if i > 250 {
			t.Fatalf("redis-server %d survived SIGKILL", redisPid)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if len(bad) > 0 {
		t.Fatalf("%d answers failed before the kill, first: %s", len(bad), bad[0])
	}

	cmd, url = start()
	acknowledged, stored := 0, 0
	for _, c := range clients {
		req, _ := http.NewRequest("GET", url+"/api/v1/sessions/"+c.session, nil)
		req.Header.Set("Authorization", "Bearer "+c.token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var s struct{ Answers []struct{ ID string } }
		json.NewDecoder(res.Body).Decode(&s)
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Fatalf("session after restart: %d", res.StatusCode)
		}
		have := map[string]bool{}
		for _, a := range s.Answers {
			have[a.ID] = true
		}
		for id := range acked[c.session] {
			acknowledged++
			if have[id] {
				stored++
			} else {
				t.Errorf("acknowledged answer %s lost", id)
			}
		}
	}
	t.Logf("coach and redis-server SIGKILLed: %d answers acknowledged, %d of them stored after restart", acknowledged, stored)
}
