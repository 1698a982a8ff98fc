package llm

import (
	"sync"
	"testing"
	"time"
)

func TestBreakerLetsOneProbeThrough(t *testing.T) {
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	b := &breaker{threshold: 2, cooldown: time.Minute}
	for range 2 {
		if !b.allow(now) {
			t.Fatal("closed breaker refused a call")
		}
		b.done(now, failure)
	}
	if b.allow(now.Add(59 * time.Second)) {
		t.Fatal("open breaker let a call through before the cool-down")
	}
	later := now.Add(time.Minute)
	var wg sync.WaitGroup
	var mu sync.Mutex
	allowed := 0
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if b.allow(later) {
				mu.Lock()
				allowed++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if allowed != 1 {
		t.Fatalf("%d probes in the half-open state, want 1", allowed)
	}
	// A probe that says nothing (a refusal) frees the slot for another.
	b.done(later, neutral)
	if !b.allow(later) {
		t.Fatal("probe slot not released")
	}
	b.done(later, success)
	for range 3 {
		if !b.allow(later) {
			t.Fatal("closed breaker refused a call")
		}
	}
	// Failures must be consecutive: a success in between resets the count.
	b.done(later, failure)
	b.done(later, success)
	b.done(later, failure)
	if !b.allow(later) {
		t.Fatal("non-consecutive failures opened the breaker")
	}
}
