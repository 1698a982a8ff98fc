package coach

import (
	"context"
	"time"
)

// Identity is what a login token proves: who the caller is and what kind of
// user they are. It is all most requests need, so it is read in one step.
type Identity struct {
	UserID string   `json:"user_id"`
	Kind   UserKind `json:"kind"`
}

// Store keeps users, login tokens, sessions and answers.
type Store interface {
	// CoachingStore holds what coaches and their clients share (coaching.go).
	CoachingStore

	// Ping checks the store is reachable; EUnavailable otherwise.
	Ping(ctx context.Context) error

	// CreateUser stores a new user; EConflict when the email is taken.
	CreateUser(ctx context.Context, u User) error
	// User returns a user by id; ENotFound.
	User(ctx context.Context, id string) (User, error)
	// UserByEmail returns a user by normalised email; ENotFound.
	UserByEmail(ctx context.Context, email string) (User, error)

	// CreateToken stores a login token (already hashed) with an expiry.
	CreateToken(ctx context.Context, tokenHash string, id Identity, ttl time.Duration) error
	// TokenIdentity returns who a token hash belongs to; ENotFound when
	// unknown or expired.
	TokenIdentity(ctx context.Context, tokenHash string) (Identity, error)
	// DeleteToken removes a token (logout). Deleting an unknown token is not an error.
	DeleteToken(ctx context.Context, tokenHash string) error

	// CreateSession stores a new session without answers.
	CreateSession(ctx context.Context, s Session) error
	// Session returns a user's session with its answers, oldest answer
	// first; ENotFound.
	Session(ctx context.Context, userID, sessionID string) (Session, error)
	// SessionAnswers returns a session with only the named answers (none
	// when none are named; unknown ids are left out), in one round trip,
	// for paths that must not load a long session's every answer.
	SessionAnswers(ctx context.Context, userID, sessionID string, answerIDs ...string) (Session, error)
	// Sessions returns a page of a user's sessions with their answers,
	// newest first, and whether older ones follow; EInvalid when
	// page.After is not one of the user's sessions.
	Sessions(ctx context.Context, userID string, page SessionPage) (list []Session, more bool, err error)
	// RecentQuestionIDs returns the ids of the questions answered in a
	// user's n newest sessions (a bounded read for starting a session).
	RecentQuestionIDs(ctx context.Context, userID string, n int) (map[string]bool, error)

	// SaveAnswer stores an answer (with or without its evaluation) and
	// indexes it for its user, in one transaction. Saving the same answer
	// id again replaces it, which is how an evaluation is attached.
	SaveAnswer(ctx context.Context, a Answer) error
	// SaveAnswerOnce is SaveAnswer for a submission its client named with
	// key: the first call stores a and remembers the key for a day, in
	// the same transaction; a later call with the same key stores nothing
	// and returns where the first call's answer is (fresh false). An empty
	// key names nothing: the call is SaveAnswer.
	SaveAnswerOnce(ctx context.Context, a Answer, key string) (sessionID, answerID string, fresh bool, err error)
	// Answer returns one of a user's answers; ENotFound.
	Answer(ctx context.Context, userID, answerID string) (Answer, error)
	// SaveScoredAnswer stores a scored answer and applies update to the
	// user's readiness state named key, atomically. If the stored answer
	// already has an evaluation it changes nothing and returns EConflict,
	// so an answer scored twice at once counts once towards readiness.
	SaveScoredAnswer(ctx context.Context, a Answer, key string, update func(*ReadinessState)) error
	// SaveScoredAnswerOnce stores a new answer with its evaluation, its
	// indexes, its submission key (as SaveAnswerOnce) and the readiness
	// update, all in one transaction: the path of an answer scored before
	// it is stored. With a submission key used before it stores nothing
	// and returns where that key's answer is (fresh false); ENotFound
	// when the session is gone.
	SaveScoredAnswerOnce(ctx context.Context, a Answer, submission, key string, update func(*ReadinessState)) (sessionID, answerID string, fresh bool, err error)
	// ReadinessStates returns all of a user's readiness states.
	ReadinessStates(ctx context.Context, userID string) ([]ReadinessState, error)
	// Counts returns how many sessions and answers a user has, in one
	// round trip, without reading them.
	Counts(ctx context.Context, userID string) (sessions, answers int, err error)
	// EachSession calls fn for each of a user's sessions, newest first,
	// without loading them all at once; an error from fn stops the walk.
	EachSession(ctx context.Context, userID string, fn func(Session) error) error
	// EachSessionAnswering is EachSession over the sessions that hold an
	// answer to questionID, each with only those answers.
	EachSessionAnswering(ctx context.Context, userID, questionID string, fn func(Session) error) error
}

// SessionPage asks for part of a session list, newest first: the sessions
// after the one with id After ("": from the newest), at most Limit of
// them (0: all). A session id is a stable cursor, unlike an offset, which
// a session started meanwhile would shift.
type SessionPage struct {
	After string
	Limit int
}

// MaxSessionPage is the largest page of sessions a client may ask for.
const MaxSessionPage = 100

// Validate checks a page a client asked for. EInvalid.
func (p SessionPage) Validate() error {
	if p.Limit < 0 || p.Limit > MaxSessionPage {
		return Errorf(EInvalid, "limit must be between 1 and %d.", MaxSessionPage)
	}
	if len(p.After) > 64 {
		return Errorf(EInvalid, "after must be a session id.")
	}
	return nil
}

// Limit is a rate: Count events per Period.
type Limit struct {
	Count  int
	Period time.Duration
}

// RateLimiter counts events per key across every app instance.
type RateLimiter interface {
	// Allow records one event for key and returns ERateLimited (with
	// RetryAfter set) when the key is over its limit. A zero limit allows all.
	Allow(ctx context.Context, key string, limit Limit) error
}
