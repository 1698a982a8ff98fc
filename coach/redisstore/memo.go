package redisstore

import "sync"

// memo is a bounded in-process map for what the store may remember between
// requests without ever relying on it: records that never change once
// written (sessions) and hints that every write checks against Redis (the
// last readiness state seen). Another instance or a restart only makes a
// memo miss; Redis stays the one source of truth.
//
// When full it forgets entries in the map's iteration order, which is
// random: cheaper than an LRU and as good for entries this small and
// short-lived.
type memo[V any] struct {
	mu      sync.Mutex
	entries map[string]memoEntry[V]
	size    int // the sum of the entries' sizes
	maxSize int
}

type memoEntry[V any] struct {
	v    V
	size int
}

// newMemo returns a memo that holds entries of total size up to maxSize
// (sizes are the caller's estimate, in bytes).
func newMemo[V any](maxSize int) *memo[V] {
	return &memo[V]{entries: map[string]memoEntry[V]{}, maxSize: maxSize}
}

func (m *memo[V]) get(key string) (V, bool) {
	m.mu.Lock()
	e, ok := m.entries[key]
	m.mu.Unlock()
	return e.v, ok
}

func (m *memo[V]) put(key string, v V, size int) {
	if size > m.maxSize/16 {
		m.forget(key) // too big to be worth a sixteenth of the memo
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if old, ok := m.entries[key]; ok {
		m.size -= old.size
		delete(m.entries, key)
	}
	for k, e := range m.entries {
		if m.size+size <= m.maxSize {
			break
		}
		m.size -= e.size
		delete(m.entries, k)
	}
	m.entries[key] = memoEntry[V]{v: v, size: size}
	m.size += size
}

func (m *memo[V]) forget(key string) { m.take(key) }

// take removes an entry and returns it, for a caller that will change it:
// nobody else can get it until it is put back.
func (m *memo[V]) take(key string) (V, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[key]
	if ok {
		m.size -= e.size
		delete(m.entries, key)
	}
	return e.v, ok
}

// memoKey names a user's entry in a memo: a session id, or a readiness
// key ("role:track").
func memoKey(userID, name string) string { return userID + " " + name }
