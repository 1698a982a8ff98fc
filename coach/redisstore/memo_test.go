package redisstore

import (
	"strconv"
	"testing"
)

// TestMemoStaysBounded: a memo forgets entries to stay within its size,
// keeps what fits, and replaces an entry's size when it is put again.
func TestMemoStaysBounded(t *testing.T) {
	m := newMemo[int](1600)
	for i := range 1000 {
		m.put(strconv.Itoa(i), i, 100)
		if m.size > m.maxSize {
			t.Fatalf("after %d puts the memo holds %d bytes, over its %d", i+1, m.size, m.maxSize)
		}
	}
	if len(m.entries) != 16 {
		t.Fatalf("memo holds %d entries of 100 bytes in 1600, want 16", len(m.entries))
	}
	if v, ok := m.get("999"); !ok || v != 999 {
		t.Fatalf("the last entry put is gone: %v %v", v, ok)
	}
	m.put("999", -1, 50)
	if v, _ := m.get("999"); v != -1 || m.size != 15*100+50 {
		t.Fatalf("re-put: value %d, size %d", v, m.size)
	}
	m.put("huge", 1, 101) // over a sixteenth of the memo: not kept
	if _, ok := m.get("huge"); ok {
		t.Fatal("an entry over a sixteenth of the memo was kept")
	}
	m.forget("999")
	if _, ok := m.get("999"); ok || m.size != 1500 {
		t.Fatalf("forget left the entry or its size (%d)", m.size)
	}
}
