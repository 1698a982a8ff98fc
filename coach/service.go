package coach

import (
	"context"
	"log/slog"
	"sort"
	"strings"
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
}

// StartSession draws a practice set and stores it. EInvalid, ENotFound
// (unknown role or question), ETooLarge (job description).
func (s *Service) StartSession(ctx context.Context, id Identity, in StartInput) (Session, error) {
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

	matcher := NewTermMatcher(role.Terms)
	jobTerms := matcher.Match(in.JobDescription)
	var qs []Question
	if len(in.QuestionIDs) > 0 {
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
		Questions:      qs,
		Answers:        []Answer{},
		CreatedAt:      s.now(),
	}
	if err := s.Store.CreateSession(ctx, sess); err != nil {
		return Session{}, err
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

// canRead is the one access rule for a user's practice data: today only
// its owner may read it.
func (s *Service) canRead(id Identity, ownerID string) error {
	if ownerID == "" || ownerID != id.UserID {
		return Errorf(ENotFound, "Session not found.")
	}
	return nil
}

// Sessions lists the caller's sessions, newest first.
func (s *Service) Sessions(ctx context.Context, id Identity) ([]Session, error) {
	return s.Store.Sessions(ctx, id.UserID)
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

// SubmitAnswer stores an answer, then scores it and stores the evaluation.
// The answer is saved before scoring, so a scorer failure never loses it:
// the answer is returned without an evaluation and the error is logged.
// EInvalid, ETooLarge, ENotFound, ERateLimited.
func (s *Service) SubmitAnswer(ctx context.Context, id Identity, sessionID, questionID, text string) (Answer, error) {
	if err := ValidateAnswer(text); err != nil {
		return Answer{}, err
	}
	if strings.TrimSpace(questionID) == "" {
		return Answer{}, Errorf(EInvalid, "question_id is required.")
	}
	sess, err := s.Session(ctx, id, sessionID)
	if err != nil {
		return Answer{}, err
	}
	q, ok := sess.Question(questionID)
	if !ok {
		return Answer{}, Errorf(EInvalid, "Question %q is not part of this session.", questionID)
	}
	if s.Limiter != nil {
		if err := s.Limiter.Allow(ctx, "score:"+id.UserID, s.ScoreLimit); err != nil {
			return Answer{}, err
		}
	}
	a := Answer{ID: NewOwnedID(id.UserID), SessionID: sess.ID, UserID: id.UserID, QuestionID: q.ID, Text: strings.TrimSpace(text), CreatedAt: s.now()}
	if err := s.Store.SaveAnswer(ctx, a); err != nil {
		return Answer{}, err
	}
	var terms []Term
	if role, ok := s.Bank.Role(sess.Role); ok {
		terms = role.Terms
	}
	ev, err := s.Scorer.Score(ctx, ScoreRequest{Question: q, Answer: a.Text, RoleTerms: terms, JobTerms: sess.JobTerms, UserID: id.UserID})
	if err != nil {
		s.log().ErrorContext(ctx, "scoring failed; answer kept without evaluation", "answer", a.ID, "err", err)
		return a, nil
	}
	salary, hasSalary := ExtractSalary(q, a.Text)
	if hasSalary {
		salary.At = a.CreatedAt
		s.checkSalary(ctx, id.UserID, sess.Role, salary, &ev)
	}
	a.Evaluation = &ev
	cats := s.roundCategories(sess.Role, sess.Track)
	update := func(st *ReadinessState) {
		st.Role, st.Track = sess.Role, sess.Track
		st.Add(q, ev.Overall, ev.Criteria, a.CreatedAt, cats)
		if hasSalary {
			st.AddSalary(salary)
		}
	}
	// The request may have been cancelled while the model was thinking; the
	// evaluation was paid for, so store it regardless.
	if err := s.Store.SaveScoredAnswer(context.WithoutCancel(ctx), a, ReadinessKey(sess.Role, sess.Track), update); err != nil {
		return a, err
	}
	return a, nil
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
func (s *Service) roundCategories(role string, t Track) []string {
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
		out = append(out, states[i].Readiness(s.roundCategories(states[i].Role, states[i].Track), now))
	}
	return out, nil
}

// EachSession walks the caller's sessions, newest first, for exports that
// stream instead of loading the whole history.
func (s *Service) EachSession(ctx context.Context, id Identity, fn func(Session) error) error {
	return s.Store.EachSession(ctx, id.UserID, fn)
}
