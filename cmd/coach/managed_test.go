package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestManagedRedisRestartedAfterCrash kills the managed redis-server under
// a running coach serve: the app answers 503 meanwhile, starts the child
// again on the same data, and serves what was stored before.
func TestManagedRedisRestartedAfterCrash(t *testing.T) {
	dir := shortTempDir(t)
	url, stopServe := startServe(t, dir)
	stop := sync.OnceValue(stopServe)
	defer stop()
	res, err := http.Post(url+"/api/v1/signup", "application/json", strings.NewReader(`{"email":"crash@example.com","password":"correct horse battery","name":"C","kind":"seeker"}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 201 {
		t.Fatalf("signup: %d", res.StatusCode)
	}
	pid := managedPid(t, dir)
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	for i := 0; alive(pid); i++ {
		if i > 250 {
			t.Fatal("redis-server survived SIGKILL")
		}
		time.Sleep(20 * time.Millisecond)
	}
	status := func() int {
		res, err := http.Get(url + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	saw503 := false
	for i := 0; ; i++ {
		s := status()
		if s == 503 {
			saw503 = true
		}
		if s == 200 && managedPidOrZero(dir) != pid && managedPidOrZero(dir) != 0 {
			break
		}
		if i > 500 {
			t.Fatalf("managed redis-server not restarted (readyz %d)", s)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("readyz answered 503 while Redis was down: %v", saw503)
	res, err = http.Post(url+"/api/v1/login", "application/json", strings.NewReader(`{"email":"crash@example.com","password":"correct horse battery"}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("login after the restart: %d (account lost?)", res.StatusCode)
	}
	newPid := managedPidOrZero(dir)
	if code := stop(); code != 0 {
		t.Fatalf("serve exited %d", code)
	}
	if alive(newPid) {
		t.Fatalf("restarted redis-server %d outlived coach serve", newPid)
	}
}

func managedPidOrZero(dir string) int {
	b, err := os.ReadFile(filepath.Join(dir, "redis.pid"))
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return pid
}
