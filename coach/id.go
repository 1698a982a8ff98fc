package coach

import (
	"crypto/rand"
	"encoding/base32"
	"strings"
)

var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// NewID returns a random, unguessable id (80 bits, 16 characters).
func NewID() string {
	var b [10]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms.
	return idEncoding.EncodeToString(b[:])
}

// NewOwnedID returns a random id that carries its owner's user id, so that
// a session or answer can be found in its owner's keys (one Redis hash slot)
// without a global lookup. Knowing an id grants nothing: every read is
// still checked against the caller.
func NewOwnedID(owner string) string { return owner + "-" + NewID() }

// IDOwner returns the user id an owned id belongs to, or "" if id is not
// well formed.
func IDOwner(id string) string {
	owner, rest, ok := strings.Cut(id, "-")
	if !ok || !validIDPart(owner) || !validIDPart(rest) {
		return ""
	}
	return owner
}

func validIDPart(s string) bool {
	if len(s) != 16 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '2' && r <= '7') {
			return false
		}
	}
	return true
}

// ValidUserID reports whether id has the form NewID produces.
func ValidUserID(id string) bool { return validIDPart(id) }
