package coach

import (
	"context"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Service is the application: every use case the web layer and the CLI
// offer goes through it, and so through its access checks.
type Service struct {
	Store   Store
	Bank    QuestionBank
	Scorer  Scorer
	Limiter RateLimiter
	Log     *slog.Logger
	// TokenTTL is how long a login lasts.
	TokenTTL time.Duration
	// LoginLimit applies per account and per client address.
	LoginLimit Limit
	// ScoreLimit applies per user to answer submissions.
	ScoreLimit Limit
	Now        func() time.Time

	// InviteLimit applies per coach to invite creation.
	InviteLimit Limit

	categories sync.Map // role:track → roundCategories
}

// Defaults for a Service's limits.
var (
	DefaultTokenTTL   = 30 * 24 * time.Hour
	DefaultLoginLimit = Limit{Count: 10, Period: 15 * time.Minute}
	DefaultScoreLimit = Limit{Count: 30, Period: time.Minute}
)

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

func (s *Service) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}

// SignupInput is what a person gives to create an account.
type SignupInput struct {
	Email, Password, Name string
	Kind                  UserKind
}

// Signup creates an account and logs it in. EInvalid, EConflict.
func (s *Service) Signup(ctx context.Context, in SignupInput) (User, string, error) {
	in.Email = NormalizeEmail(in.Email)
	in.Name = strings.TrimSpace(in.Name)
	if err := ValidateSignup(in.Email, in.Password, in.Name, in.Kind); err != nil {
		return User{}, "", err
	}
	u := User{ID: NewID(), Email: in.Email, Name: in.Name, Kind: in.Kind, PasswordHash: HashPassword(in.Password), CreatedAt: s.now()}
	if err := s.Store.CreateUser(ctx, u); err != nil {
		return User{}, "", err
	}
	token, err := s.issueToken(ctx, u)
	return u, token, err
}

// Login checks a password and issues a token. Attempts are limited per
// account and per client address. EUnauthorized, ERateLimited.
func (s *Service) Login(ctx context.Context, email, password, clientAddr string) (User, string, error) {
	email = NormalizeEmail(email)
	if email == "" || password == "" {
		return User{}, "", Errorf(EInvalid, "Enter your email and password.")
	}
	if len(email) > 254 || len(password) > MaxPasswordLen {
		return User{}, "", Errorf(EUnauthorized, "Wrong email or password.")
	}
	if s.Limiter != nil {
		if err := s.Limiter.Allow(ctx, "login:ip:"+clientAddr, s.LoginLimit); err != nil {
			return User{}, "", err
		}
		if err := s.Limiter.Allow(ctx, "login:email:"+HashToken(email), s.LoginLimit); err != nil {
			return User{}, "", err
		}
	}
	u, err := s.Store.UserByEmail(ctx, email)
	if ErrorCode(err) == ENotFound {
		CheckPassword(dummyHash, password)
		return User{}, "", Errorf(EUnauthorized, "Wrong email or password.")
	}
	if err != nil {
		return User{}, "", err
	}
	if !CheckPassword(u.PasswordHash, password) {
		return User{}, "", Errorf(EUnauthorized, "Wrong email or password.")
	}
	token, err := s.issueToken(ctx, u)
	return u, token, err
}

func (s *Service) issueToken(ctx context.Context, u User) (string, error) {
	token := NewToken()
	ttl := s.TokenTTL
	if ttl <= 0 {
		ttl = DefaultTokenTTL
	}
	if err := s.Store.CreateToken(ctx, HashToken(token), Identity{UserID: u.ID, Kind: u.Kind}, ttl); err != nil {
		return "", err
	}
	return token, nil
}

// Authenticate returns who a bearer token belongs to. EUnauthorized.
func (s *Service) Authenticate(ctx context.Context, token string) (Identity, error) {
	if token == "" || len(token) > 128 {
		return Identity{}, Errorf(EUnauthorized, "Log in first: missing or invalid token.")
	}
	id, err := s.Store.TokenIdentity(ctx, HashToken(token))
	if ErrorCode(err) == ENotFound {
		return Identity{}, Errorf(EUnauthorized, "Your login has expired or is invalid; log in again.")
	}
	return id, err
}

// Logout ends the login a token belongs to.
func (s *Service) Logout(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	return s.Store.DeleteToken(ctx, HashToken(token))
}

// Me returns the caller's account.
func (s *Service) Me(ctx context.Context, id Identity) (User, error) {
	return s.Store.User(ctx, id.UserID)
}

// StartInput describes the practice session a user asks for.
type StartInput struct {
	Role           string
	Track          Track
	Seniority      Seniority
	Count          int
	Category       string
	QuestionIDs    []string
	JobDescription string
	AssignmentID   string
	// preset holds an assignment's resolved questions (coaches' included).
	preset []Question
	// focus is a "practise next" plan's reasons, kept with the session.
	focus []string
}

// StartSession draws a practice set and stores it. EInvalid, ENotFound
// (unknown role or question), ETooLarge (job description).
func (s *Service) StartSession(ctx context.Context, id Identity, in StartInput) (Session, error) {
	if in.AssignmentID != "" {
		var err error
		if in, err = s.assignmentInput(ctx, id, in.AssignmentID); err != nil {
			return Session{}, err
		}
	}
	role, ok := s.Bank.Role(in.Role)
	if !ok {
		return Session{}, Errorf(EInvalid, "Unknown role %q; see GET /api/v1/roles.", in.Role)
	}
	if !in.Track.Valid() {
		return Session{}, Errorf(EInvalid, "Track must be \"hr\" or \"user\".")
	}
	if in.Seniority == "" {
		in.Seniority = SeniorityAny
	}
	if !in.Seniority.Valid() {
		return Session{}, Errorf(EInvalid, "Seniority must be junior, mid or senior.")
	}
	if in.Category != "" && !ValidCategory(in.Track, in.Category) {
		return Session{}, Errorf(EInvalid, "Category %q does not belong to the %s.", in.Category, in.Track.Label())
	}
	if in.Count == 0 {
		in.Count = DefaultQuestionCount
	}
	if in.Count < 1 || in.Count > MaxQuestionCount {
		return Session{}, Errorf(EInvalid, "Count must be between 1 and %d.", MaxQuestionCount)
	}
	if utf8.RuneCountInString(in.JobDescription) > MaxJobDescription {
		return Session{}, Errorf(ETooLarge, "The job description is longer than %d characters; paste the requirements part.", MaxJobDescription)
	}
	if len(in.QuestionIDs) > MaxQuestionCount {
		return Session{}, Errorf(EInvalid, "At most %d questions per session.", MaxQuestionCount)
	}

	// The role's terms are compiled only for a job description to read.
	var matcher *TermMatcher
	jobTerms := []string{}
	if strings.TrimSpace(in.JobDescription) != "" {
		matcher = NewTermMatcher(role.Terms)
		jobTerms = matcher.Match(in.JobDescription)
	}
	var qs []Question
	if len(in.preset) > 0 {
		qs = in.preset
	} else if len(in.QuestionIDs) > 0 {
		for _, qid := range in.QuestionIDs {
			q, err := s.Bank.Question(qid)
			if err != nil {
				return Session{}, Errorf(EInvalid, "Unknown question %q.", qid)
			}
			if q.Track != in.Track || (q.Role != role.ID && q.Role != RoleAny) {
				return Session{}, Errorf(EInvalid, "Question %s is not a %s question for %s.", qid, in.Track.Label(), role.Name)
			}
			qs = append(qs, q)
		}
	} else {
		pool := s.Bank.Questions(QuestionFilter{Role: role.ID, Track: in.Track, Category: in.Category})
		if len(pool) == 0 {
			return Session{}, Errorf(EInvalid, "There are no %s questions for %s yet.", in.Track.Label(), role.Name)
		}
		recent, err := s.recentQuestions(ctx, id.UserID)
		if err != nil {
			return Session{}, err
		}
		qs = SelectQuestions(pool, SelectOptions{Count: in.Count, Seniority: in.Seniority, Recent: recent,
			Boost: jobOverlap(matcher, pool, jobTerms), EndWithReverse: in.Category == ""})
	}
	sess := Session{
		ID:             NewOwnedID(id.UserID),
		UserID:         id.UserID,
		Role:           role.ID,
		Track:          in.Track,
		Seniority:      in.Seniority,
		JobDescription: strings.TrimSpace(in.JobDescription),
		JobTerms:       jobTerms,
		AssignmentID:   in.AssignmentID,
		Focus:          in.focus,
		Questions:      qs,
		Answers:        []Answer{},
		CreatedAt:      s.now(),
	}
	if err := s.Store.CreateSession(ctx, sess); err != nil {
		return Session{}, err
	}
	if sess.AssignmentID != "" {
		if err := s.Store.SetAssignmentSession(ctx, id.UserID, sess.AssignmentID, sess.ID); err != nil {
			return Session{}, err
		}
	}
	return sess, nil
}

// jobOverlap counts, for each question, how many of the job description's
// terms its text and rubric touch; nil without a job description.
func jobOverlap(m *TermMatcher, pool []Question, jobTerms []string) map[string]int {
	if len(jobTerms) == 0 {
		return nil
	}
	want := make(map[string]bool, len(jobTerms))
	for _, t := range jobTerms {
		want[t] = true
	}
	boost := map[string]int{}
	for _, q := range pool {
		n := 0
		for _, t := range m.Match(q.Text + "\n" + q.Assesses + "\n" + strings.Join(q.TalkingPoints, "\n")) {
			if want[t] {
				n++
			}
		}
		if n > 0 {
			boost[q.ID] = n
		}
	}
	return boost
}

// recentQuestions returns the ids of questions the user answered in their
// last sessions, so a new set brings fresh questions.
func (s *Service) recentQuestions(ctx context.Context, userID string) (map[string]bool, error) {
	// Bounded: a long history must not make every new session slower.
	return s.Store.RecentQuestionIDs(ctx, userID, 10)
}

// Sessions lists a page of the caller's sessions, newest first, and
// whether older ones follow. EInvalid for a bad page.
func (s *Service) Sessions(ctx context.Context, id Identity, page SessionPage) ([]Session, bool, error) {
	if err := page.Validate(); err != nil {
		return nil, false, err
	}
	return s.Store.Sessions(ctx, id.UserID, page)
}

// Session returns one session the caller may read. ENotFound.
func (s *Service) Session(ctx context.Context, id Identity, sessionID string) (Session, error) {
	owner := IDOwner(sessionID)
	if err := s.canRead(id, owner); err != nil {
		return Session{}, err
	}
	sess, err := s.Store.Session(ctx, owner, sessionID)
	if ErrorCode(err) == ENotFound {
		return Session{}, Errorf(ENotFound, "Session not found.")
	}
	return sess, err
}

// sessionWith is Session with only the named answers: what answering and
// scoring need, at a cost that does not grow with the session.
func (s *Service) sessionWith(ctx context.Context, id Identity, sessionID string, answerIDs ...string) (Session, error) {
	owner := IDOwner(sessionID)
	if err := s.canRead(id, owner); err != nil {
		return Session{}, err
	}
	sess, err := s.Store.SessionAnswers(ctx, owner, sessionID, answerIDs...)
	if ErrorCode(err) == ENotFound {
		return Session{}, Errorf(ENotFound, "Session not found.")
	}
	return sess, err
}

// checkSalary warns on ev when a stated salary contradicts what the user
// said earlier for the same role, in either round. It costs a store read
// only for answers that state a salary; a failed read skips the check.
func (s *Service) checkSalary(ctx context.Context, userID, role string, now SalaryStatement, ev *Evaluation) {
	states, err := s.Store.ReadinessStates(ctx, userID)
	if err != nil {
		s.log().WarnContext(ctx, "salary check skipped", "err", err)
		return
	}
	var earlier []SalaryStatement
	for _, st := range states {
		if st.Role == role {
			earlier = append(earlier, st.Salary...)
		}
	}
	sort.Slice(earlier, func(i, j int) bool { return earlier[i].At.Before(earlier[j].At) })
	if msg, bad := SalaryContradiction(earlier, now); bad {
		ev.Flags = append(ev.Flags, FlagSalaryInconsistent)
		ev.RedFlags = append(ev.RedFlags, msg)
	}
}

// roundCategories lists the question types of a role's round that count
// for readiness coverage: every category it has questions in, except the
// follow-up note, which is not asked in the interview itself.
// The banks do not change while the server runs, so each list is worked
// out once (it is needed for every scored answer).
func (s *Service) roundCategories(role string, t Track) []string {
	key := role + ":" + string(t)
	if cats, ok := s.categories.Load(key); ok {
		return cats.([]string)
	}
	has := map[string]bool{}
	for _, q := range s.Bank.Questions(QuestionFilter{Role: role, Track: t}) {
		has[q.Category] = true
	}
	var out []string
	for _, c := range Categories[t] {
		if has[c] && c != CatFollowUp {
			out = append(out, c)
		}
	}
	s.categories.Store(key, out)
	return out
}

// Readiness returns where the caller stands in every role and round they
// practised, from the running states alone (one store read).
func (s *Service) Readiness(ctx context.Context, id Identity) ([]Readiness, error) {
	states, err := s.Store.ReadinessStates(ctx, id.UserID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	out := make([]Readiness, 0, len(states))
	for i := range states {
		out = append(out, states[i].Readiness(s.roundCategories(states[i].Role, states[i].Track), now, s.questionTitle))
	}
	return out, nil
}

// questionTitle is how advice names a bank question: its text, cut at a
// word after about 60 characters; "" for a question the bank does not
// have (a coach's own, or one removed since).
func (s *Service) questionTitle(id string) string {
	q, err := s.Bank.Question(id)
	if err != nil {
		return ""
	}
	return Shorten(q.Text, 60)
}

// Counts returns how many sessions and answers the caller has.
func (s *Service) Counts(ctx context.Context, id Identity) (sessions, answers int, err error) {
	return s.Store.Counts(ctx, id.UserID)
}

// EachSession walks the caller's sessions, newest first, for exports that
// stream instead of loading the whole history.
func (s *Service) EachSession(ctx context.Context, id Identity, fn func(Session) error) error {
	return s.Store.EachSession(ctx, id.UserID, fn)
}

// EachAttempt walks the caller's sessions that hold answers to questionID,
// newest first, each with only those answers: the attempts to compare.
func (s *Service) EachAttempt(ctx context.Context, id Identity, questionID string, fn func(Session) error) error {
	return s.Store.EachSessionAnswering(ctx, id.UserID, questionID, fn)
}
