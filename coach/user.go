package coach

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// UserKind says whether a user practises or coaches.
type UserKind string

const (
	KindSeeker UserKind = "seeker"
	KindCoach  UserKind = "coach"
)

// Valid reports whether k is a known kind.
func (k UserKind) Valid() bool { return k == KindSeeker || k == KindCoach }

// User is an account.
type User struct {
	ID    string   `json:"id"`
	Email string   `json:"email"`
	Name  string   `json:"name"`
	Kind  UserKind `json:"kind"`
	// PasswordHash is the encoded argon2id hash; never serialised to clients.
	PasswordHash string    `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
}

// Password rules.
const (
	MinPasswordLen = 10
	MaxPasswordLen = 256
)

// NormalizeEmail lower-cases and trims an address so that one mailbox maps
// to one account.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// ValidateSignup checks what a person types when signing up.
func ValidateSignup(email, password, name string, kind UserKind) error {
	if len(email) > 254 {
		return Errorf(EInvalid, "Email is too long.")
	}
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Address != email || !strings.Contains(email[strings.LastIndex(email, "@"):], ".") {
		return Errorf(EInvalid, "Enter a valid email address, like name@example.com.")
	}
	if utf8.RuneCountInString(password) < MinPasswordLen {
		return Errorf(EInvalid, "Password must be at least %d characters.", MinPasswordLen)
	}
	if len(password) > MaxPasswordLen {
		return Errorf(EInvalid, "Password must be at most %d bytes.", MaxPasswordLen)
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return Errorf(EInvalid, "Enter your name.")
	}
	if utf8.RuneCountInString(name) > 100 {
		return Errorf(EInvalid, "Name must be at most 100 characters.")
	}
	if !kind.Valid() {
		return Errorf(EInvalid, "Kind must be \"seeker\" or \"coach\".")
	}
	return nil
}
