package llm

import (
	"sync"
	"time"
)

// Circuit-breaker defaults: after this many consecutive failed calls the
// model is left alone for the cool-down, so that an outage costs users
// nothing but the fallback, not a timeout each.
const (
	DefaultBreakerFailures = 5
	DefaultBreakerCooldown = 30 * time.Second
)

type breakerState int

const (
	closed breakerState = iota
	open
	halfOpen
)

// outcome is what a call that the breaker let through came to.
type outcome int

const (
	// success closes the breaker.
	success outcome = iota
	// failure counts towards opening it (or reopens it after a probe).
	failure
	// neutral says nothing about the model's health (a refusal, a caller
	// that went away, a call never made); it only frees a probe slot.
	neutral
)

// breaker is a consecutive-failure circuit breaker with a single half-open
// probe: while open every call falls back at once; after the cool-down one
// call goes through, and its outcome closes or reopens the circuit.
type breaker struct {
	mu        sync.Mutex
	threshold int
	cooldown  time.Duration
	state     breakerState
	failures  int
	openUntil time.Time
	probing   bool
	// onChange reports whether the circuit is open, for the metrics gauge.
	onChange func(open bool)
}

// allow reports whether a call may go to the model now. A true result in
// the half-open state claims the probe, which done must release.
func (b *breaker) allow(now time.Time) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch b.state {
	case open:
		if now.Before(b.openUntil) {
			return false
		}
		b.state, b.probing = halfOpen, true
		return true
	case halfOpen:
		if b.probing {
			return false
		}
		b.probing = true
		return true
	}
	return true
}

// done records the outcome of a call allow let through.
func (b *breaker) done(now time.Time, o outcome) {
	b.mu.Lock()
	defer b.mu.Unlock()
	wasOpen := b.state != closed
	switch o {
	case success:
		b.state, b.failures, b.probing = closed, 0, false
	case failure:
		b.failures++
		if b.state == halfOpen || b.failures >= b.threshold {
			b.state, b.openUntil, b.probing = open, now.Add(b.cooldown), false
		}
	case neutral:
		if b.state == halfOpen {
			b.probing = false
		}
	}
	if isOpen := b.state != closed; isOpen != wasOpen && b.onChange != nil {
		b.onChange(isOpen)
	}
}
