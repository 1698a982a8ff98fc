package coach

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Career coaches (issue 7). A coach invites seekers with a code; a seeker
// who accepts becomes the coach's client. While the link lasts the coach
// may read the client's sessions, answers and readiness, and may write
// reviews and assignments; either side can end the link, which ends that
// access at once. Every check lives in authz.go.

// Invite limits and defaults.
const (
	DefaultInviteUses  = 1
	MaxInviteUses      = 100
	DefaultInviteHours = 7 * 24
	MaxInviteHours     = 30 * 24
	MaxNoteLen         = 2000 // characters of an assignment note
	MaxReviewLen       = 5000 // characters of a review comment
	MaxGroupSize       = 200  // clients one assignment request may target
	MaxCoachQuestions  = 500
)

// DefaultInviteLimit caps how many invites a coach creates.
var DefaultInviteLimit = Limit{Count: 30, Period: time.Hour}

// Invite is a code a coach shares; accepting it links a seeker to the coach.
type Invite struct {
	Code      string    `json:"code"`
	CoachID   string    `json:"coach_id"`
	Uses      int       `json:"uses"`
	UsesLeft  int       `json:"uses_left"`
	ExpiresAt time.Time `json:"expires_at"`
	CreatedAt time.Time `json:"created_at"`
	// Link is the path of the page a seeker opens to accept.
	Link string `json:"link"`
}

// InviteLink is the accept page of an invite code.
func InviteLink(code string) string { return "/invite/" + code }

// Link is one side of a coaching relationship: the other person and since when.
type Link struct {
	UserID string    `json:"id"`
	Name   string    `json:"name"`
	Email  string    `json:"email,omitempty"`
	Since  time.Time `json:"since"`
}

// Assignment is a drill a coach sets for a client.
type Assignment struct {
	ID          string     `json:"id"`
	CoachID     string     `json:"coach_id"`
	ClientID    string     `json:"client_id"`
	Role        string     `json:"role"`
	Track       Track      `json:"track"`
	Seniority   Seniority  `json:"seniority"`
	Count       int        `json:"count"`
	QuestionIDs []string   `json:"question_ids"`
	Due         *time.Time `json:"due,omitempty"`
	Note        string     `json:"note,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	// Progress is computed when read; it is not stored.
	Progress AssignmentProgress `json:"progress"`
}

// Assignment progress states.
const (
	ProgressNotStarted = "not started"
	ProgressInProgress = "in progress"
	ProgressDone       = "done"
	ProgressOverdue    = "overdue"
)

// AssignmentProgress says how far a client got with an assignment.
type AssignmentProgress struct {
	Status    string     `json:"status"`
	SessionID string     `json:"session_id,omitempty"`
	Answered  int        `json:"answered"`
	Total     int        `json:"total"`
	DoneAt    *time.Time `json:"done_at,omitempty"`
}

// progressOf computes an assignment's progress from its session (nil when
// not started) as of now.
func progressOf(a Assignment, sess *Session, now time.Time) AssignmentProgress {
	p := AssignmentProgress{Status: ProgressNotStarted, Total: a.Count}
	if len(a.QuestionIDs) > 0 {
		p.Total = len(a.QuestionIDs)
	}
	if sess != nil {
		p.SessionID = sess.ID
		p.Total = len(sess.Questions)
		p.Status = ProgressInProgress
		var last time.Time
		seen := map[string]bool{}
		for _, ans := range sess.Answers {
			if !seen[ans.QuestionID] && sess.HasQuestion(ans.QuestionID) {
				seen[ans.QuestionID] = true
				p.Answered++
			}
			if ans.CreatedAt.After(last) {
				last = ans.CreatedAt
			}
		}
		if p.Total > 0 && p.Answered >= p.Total {
			p.Status = ProgressDone
			p.DoneAt = &last
		}
	}
	if p.Status != ProgressDone && a.Due != nil && now.After(*a.Due) {
		p.Status = ProgressOverdue
	}
	return p
}

// Review is a coach's comment on an answer, with an optional score that
// overrides the AI's for readiness. The evaluation stays beside it.
type Review struct {
	CoachID   string    `json:"coach_id"`
	CoachName string    `json:"coach_name"`
	Comment   string    `json:"comment"`
	Score     *int      `json:"score,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// Notification is a short message to a user (new review, new assignment).
type Notification struct {
	ID     string    `json:"id"`
	Kind   string    `json:"kind"`
	Text   string    `json:"text"`
	Link   string    `json:"link,omitempty"`
	At     time.Time `json:"at"`
	Unread bool      `json:"unread"`
}

// Notification kinds.
const (
	NoteReview     = "review"
	NoteAssignment = "assignment"
)

// QueueItem is an answer in a coach's review queue.
type QueueItem struct {
	Answer   Answer      `json:"answer"`
	Client   Link        `json:"client"`
	Session  SessionInfo `json:"session"`
	Question Question    `json:"question"`
	Reviewed bool        `json:"reviewed"`
}

// SessionInfo is a session without its questions and answers.
type SessionInfo struct {
	ID           string    `json:"id"`
	UserID       string    `json:"user_id"`
	Role         string    `json:"role"`
	Track        Track     `json:"track"`
	Seniority    Seniority `json:"seniority"`
	AssignmentID string    `json:"assignment_id,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
}

// AnswerRef is an answer id with when it was given.
type AnswerRef struct {
	ID string
	At time.Time
}

// AnswerInSession is an answer with its session's summary and its question.
type AnswerInSession struct {
	Answer   Answer      `json:"answer"`
	Session  SessionInfo `json:"session"`
	Question Question    `json:"question"`
}

// CohortRow is one client on a coach's cohort dashboard.
type CohortRow struct {
	Client Link `json:"client"`
	// Rounds holds the readiness of the client's most recently practised
	// role in each round, keyed by track; absent when never practised.
	Rounds       map[Track]Readiness `json:"rounds"`
	LastPractice *time.Time          `json:"last_practice,omitempty"`
	Overdue      int                 `json:"overdue"`
	Open         int                 `json:"open_assignments"`
}

// CoachingStore keeps invites, coaching links, assignments, coaches'
// questions, reviews and notifications. Data a client owns stays in the
// client's hash slot; a coach's own data in the coach's.
type CoachingStore interface {
	// CreateInvite stores an invite until it expires.
	CreateInvite(ctx context.Context, inv Invite) error
	// Invite returns an invite without using it; ENotFound.
	Invite(ctx context.Context, code string) (Invite, error)
	// Invites lists a coach's invites that have not expired, newest first.
	Invites(ctx context.Context, coachID string, now time.Time) ([]Invite, error)
	// ClaimInvite uses one use of an invite, atomically. ENotFound when
	// unknown, EConflict when used up or expired.
	ClaimInvite(ctx context.Context, code string, now time.Time) (Invite, error)
	// DeleteInvite withdraws a coach's invite; ENotFound.
	DeleteInvite(ctx context.Context, coachID, code string) error

	// LinkClient records that clientID is coachID's client since at.
	LinkClient(ctx context.Context, coachID, clientID string, at time.Time) error
	// UnlinkClient ends a link; ending one that does not exist is not an error.
	UnlinkClient(ctx context.Context, coachID, clientID string) error
	// IsCoachOf reports whether coachID is currently clientID's coach.
	IsCoachOf(ctx context.Context, coachID, clientID string) (bool, error)
	// Clients returns a coach's current clients (id and since), oldest first.
	Clients(ctx context.Context, coachID string) ([]Link, error)
	// Coaches returns a client's current coaches (id and since), oldest first.
	Coaches(ctx context.Context, clientID string) ([]Link, error)
	// Users returns the users with ids, in order; unknown ids give zero Users.
	Users(ctx context.Context, ids []string) ([]User, error)

	// SaveAssignment stores an assignment and indexes it for its client.
	SaveAssignment(ctx context.Context, a Assignment) error
	// Assignment returns one of a coach's assignments; ENotFound.
	Assignment(ctx context.Context, coachID, id string) (Assignment, error)
	// CoachAssignments returns all of a coach's assignments, newest first.
	CoachAssignments(ctx context.Context, coachID string) ([]Assignment, error)
	// ClientAssignments returns the assignments set for a client by any
	// coach, newest first; the caller filters by current coaches.
	ClientAssignments(ctx context.Context, clientID string) ([]Assignment, error)
	// DeleteAssignment removes a coach's assignment; ENotFound.
	DeleteAssignment(ctx context.Context, a Assignment) error
	// SetAssignmentSession records the session a client started for an assignment.
	SetAssignmentSession(ctx context.Context, clientID, assignmentID, sessionID string) error
	// AssignmentSessions returns, for each assignment, the session started
	// for it (nil when none), in one or two round trips.
	AssignmentSessions(ctx context.Context, as []Assignment) ([]*Session, error)

	// SaveCoachQuestion creates or replaces a coach's question.
	SaveCoachQuestion(ctx context.Context, q Question) error
	// CoachQuestion returns a coach's question; ENotFound.
	CoachQuestion(ctx context.Context, coachID, id string) (Question, error)
	// CoachQuestions returns a coach's questions, ordered by id.
	CoachQuestions(ctx context.Context, coachID string) ([]Question, error)
	// DeleteCoachQuestion removes a coach's question; ENotFound.
	DeleteCoachQuestion(ctx context.Context, coachID, id string) error

	// SaveReview re-reads a client's answer under optimistic locking, lets
	// apply attach the review and fold it into the readiness state named
	// key, and writes both in one transaction in the client's slot.
	// The answer's session is sessionID; ENotFound.
	SaveReview(ctx context.Context, userID, sessionID, answerID, key string, apply func(a *Answer, st *ReadinessState) error) (Answer, error)
	// IndexReview records in the coach's slot that the coach reviewed an answer.
	IndexReview(ctx context.Context, coachID, answerID string, at time.Time) error
	// ReviewedAnswers returns up to n of the answers a coach reviewed,
	// newest review first, skipping the first start.
	ReviewedAnswers(ctx context.Context, coachID string, start, n int) ([]AnswerRef, error)
	// RecentAnswers returns up to n newest answer ids of each user, in one round trip.
	RecentAnswers(ctx context.Context, userIDs []string, n int) ([][]AnswerRef, error)
	// AnswersInSessions loads answers by id with their sessions' summaries
	// and questions, in two round trips; missing answers are left out.
	AnswersInSessions(ctx context.Context, ids []string) ([]AnswerInSession, error)
	// ReadinessSummariesOf returns the readiness states of many users in one
	// round trip, with only Role, Track, Overall, Categories and Last kept:
	// enough for a score and a verdict, and small to hold for a whole cohort.
	ReadinessSummariesOf(ctx context.Context, userIDs []string) ([][]ReadinessState, error)

	// Notify adds a notification for a user (the last 50 are kept).
	Notify(ctx context.Context, userID string, n Notification) error
	// Notifications returns a user's notifications, newest first, with
	// Unread set on those newer than the last MarkNotificationsRead.
	Notifications(ctx context.Context, userID string) ([]Notification, error)
	// MarkNotificationsRead marks every notification up to at as read.
	MarkNotificationsRead(ctx context.Context, userID string, at time.Time) error
}

// CreateInviteInput is what a coach chooses for an invite.
type CreateInviteInput struct {
	Uses           int
	ExpiresInHours int
}

// CreateInvite makes an invite code. EForbidden (not a coach), EInvalid,
// ERateLimited.
func (s *Service) CreateInvite(ctx context.Context, id Identity, in CreateInviteInput) (Invite, error) {
	if err := requireKind(id, KindCoach); err != nil {
		return Invite{}, err
	}
	if in.Uses == 0 {
		in.Uses = DefaultInviteUses
	}
	if in.ExpiresInHours == 0 {
		in.ExpiresInHours = DefaultInviteHours
	}
	if in.Uses < 1 || in.Uses > MaxInviteUses {
		return Invite{}, Errorf(EInvalid, "uses must be between 1 and %d.", MaxInviteUses)
	}
	if in.ExpiresInHours < 1 || in.ExpiresInHours > MaxInviteHours {
		return Invite{}, Errorf(EInvalid, "expires_in_hours must be between 1 and %d.", MaxInviteHours)
	}
	if s.Limiter != nil {
		if err := s.Limiter.Allow(ctx, "invite:"+id.UserID, s.InviteLimit); err != nil {
			return Invite{}, err
		}
	}
	now := s.now()
	code := NewID()
	inv := Invite{Code: code, CoachID: id.UserID, Uses: in.Uses, UsesLeft: in.Uses, CreatedAt: now,
		ExpiresAt: now.Add(time.Duration(in.ExpiresInHours) * time.Hour), Link: InviteLink(code)}
	if err := s.Store.CreateInvite(ctx, inv); err != nil {
		return Invite{}, err
	}
	return inv, nil
}

// Invites lists the caller's open invites. EForbidden.
func (s *Service) Invites(ctx context.Context, id Identity) ([]Invite, error) {
	if err := requireKind(id, KindCoach); err != nil {
		return nil, err
	}
	return s.Store.Invites(ctx, id.UserID, s.now())
}

// DeleteInvite withdraws one of the caller's invites. EForbidden, ENotFound.
func (s *Service) DeleteInvite(ctx context.Context, id Identity, code string) error {
	if err := requireKind(id, KindCoach); err != nil {
		return err
	}
	if !ValidUserID(code) {
		return Errorf(ENotFound, "Invite not found.")
	}
	return s.Store.DeleteInvite(ctx, id.UserID, code)
}

// InviteCoach returns who sent an invite, for the accept page, without
// using it. ENotFound, EConflict (expired or used up).
func (s *Service) InviteCoach(ctx context.Context, code string) (Link, error) {
	if !ValidUserID(code) {
		return Link{}, Errorf(ENotFound, "This invite does not exist. Ask your coach for a new link.")
	}
	invs, err := s.inviteByCode(ctx, code, true)
	if err != nil {
		return Link{}, err
	}
	users, err := s.Store.Users(ctx, []string{invs.CoachID})
	if err != nil {
		return Link{}, err
	}
	return Link{UserID: invs.CoachID, Name: users[0].Name}, nil
}

// inviteByCode reads an invite without using it; EConflict once it has
// expired, and, when usable is set, once it has been used up.
func (s *Service) inviteByCode(ctx context.Context, code string, usable bool) (Invite, error) {
	inv, err := s.Store.Invite(ctx, code)
	if ErrorCode(err) == ENotFound {
		return Invite{}, Errorf(ENotFound, "This invite does not exist. Ask your coach for a new link.")
	}
	if err != nil {
		return Invite{}, err
	}
	if !inv.ExpiresAt.After(s.now()) {
		return Invite{}, Errorf(EConflict, "This invite has expired. Ask your coach for a new link.")
	}
	if usable && inv.UsesLeft <= 0 {
		return Invite{}, Errorf(EConflict, "This invite has been used. Ask your coach for a new link.")
	}
	return inv, nil
}

// AcceptInvite links the calling seeker to the invite's coach. Accepting
// an invite of a coach one already has changes nothing and uses nothing.
// EForbidden (not a seeker), ENotFound, EConflict (expired or used up).
func (s *Service) AcceptInvite(ctx context.Context, id Identity, code string) (Link, error) {
	if err := requireKind(id, KindSeeker); err != nil {
		return Link{}, err
	}
	if !ValidUserID(code) {
		return Link{}, Errorf(ENotFound, "This invite does not exist. Ask your coach for a new link.")
	}
	peek, err := s.inviteByCode(ctx, code, false)
	if err != nil {
		return Link{}, err
	}
	if ok, err := s.Store.IsCoachOf(ctx, peek.CoachID, id.UserID); err != nil {
		return Link{}, err
	} else if !ok {
		inv, err := s.Store.ClaimInvite(ctx, code, s.now())
		if err != nil {
			return Link{}, err
		}
		if err := s.Store.LinkClient(ctx, inv.CoachID, id.UserID, s.now()); err != nil {
			return Link{}, err
		}
	}
	users, err := s.Store.Users(ctx, []string{peek.CoachID})
	if err != nil {
		return Link{}, err
	}
	return Link{UserID: peek.CoachID, Name: users[0].Name, Since: s.now()}, nil
}

// Clients lists the calling coach's current clients with names. EForbidden.
func (s *Service) Clients(ctx context.Context, id Identity) ([]Link, error) {
	if err := requireKind(id, KindCoach); err != nil {
		return nil, err
	}
	links, err := s.Store.Clients(ctx, id.UserID)
	if err != nil {
		return nil, err
	}
	return s.named(ctx, links, true)
}

// Coaches lists the calling seeker's current coaches with names. EForbidden.
func (s *Service) Coaches(ctx context.Context, id Identity) ([]Link, error) {
	if err := requireKind(id, KindSeeker); err != nil {
		return nil, err
	}
	links, err := s.Store.Coaches(ctx, id.UserID)
	if err != nil {
		return nil, err
	}
	return s.named(ctx, links, false)
}

func (s *Service) named(ctx context.Context, links []Link, withEmail bool) ([]Link, error) {
	ids := make([]string, len(links))
	for i, l := range links {
		ids[i] = l.UserID
	}
	users, err := s.Store.Users(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range links {
		links[i].Name = users[i].Name
		if withEmail {
			links[i].Email = users[i].Email
		}
	}
	return links, nil
}

// EndClient ends the link between the calling coach and a client; access
// ends with it. EForbidden, ENotFound when there is no such link.
func (s *Service) EndClient(ctx context.Context, id Identity, clientID string) error {
	if err := s.canCoach(ctx, id, clientID); err != nil {
		return err
	}
	return s.Store.UnlinkClient(ctx, id.UserID, clientID)
}

// LeaveCoach ends the link between the calling seeker and a coach.
// EForbidden, ENotFound when there is no such link.
func (s *Service) LeaveCoach(ctx context.Context, id Identity, coachID string) error {
	if err := requireKind(id, KindSeeker); err != nil {
		return err
	}
	if coachID == id.UserID {
		return Errorf(ENotFound, "That coach is not one of your coaches.")
	}
	if err := s.canUseCoachContent(ctx, id, coachID); err != nil {
		return Errorf(ENotFound, "That coach is not one of your coaches.")
	}
	return s.Store.UnlinkClient(ctx, coachID, id.UserID)
}

// ClientSessions returns a page of a client's sessions for their coach,
// and whether older ones follow. ENotFound for anyone who is not the
// caller's current client; EInvalid for a bad page.
func (s *Service) ClientSessions(ctx context.Context, id Identity, clientID string, page SessionPage) ([]Session, bool, error) {
	if err := page.Validate(); err != nil {
		return nil, false, err
	}
	if err := s.canCoach(ctx, id, clientID); err != nil {
		return nil, false, err
	}
	return s.Store.Sessions(ctx, clientID, page)
}

// ClientReadiness returns a client's readiness for their coach (or the
// user's own). ENotFound.
func (s *Service) ClientReadiness(ctx context.Context, id Identity, clientID string) ([]Readiness, error) {
	if err := s.canReadUser(ctx, id, clientID); err != nil {
		return nil, err
	}
	return s.Readiness(ctx, Identity{UserID: clientID, Kind: KindSeeker})
}

func cleanText(s string, max int, what string) (string, error) {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > max {
		return "", Errorf(ETooLarge, "The %s is longer than %d characters.", what, max)
	}
	return s, nil
}
