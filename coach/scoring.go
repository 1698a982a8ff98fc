package coach

import (
	"context"
	"strings"
)

// Submission is an answer as a client sends it. Key, when set, names the
// submission: a client that retries (after a timeout or a 503, or a form
// sent twice) gets the answer stored the first time, with its evaluation,
// instead of a second copy. Keys are the client's own (an API client's
// Idempotency-Key, a form's hidden field) and are kept for a day.
type Submission struct {
	QuestionID string
	Text       string
	Key        string
}

// MaxSubmissionKey is the longest submission key accepted.
const MaxSubmissionKey = 128

// validKey reports whether k is 1–MaxSubmissionKey visible ASCII characters.
func validKey(k string) bool {
	if len(k) == 0 || len(k) > MaxSubmissionKey {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] <= ' ' || k[i] > '~' {
			return false
		}
	}
	return true
}

// SubmitAnswer stores an answer, then scores it and stores the evaluation:
// SaveAnswer and ScoreAnswer in one call, for the API and for pages
// without JavaScript. A scorer failure never loses the answer: it is
// returned without an evaluation and the error is logged. A repeated
// submission (same Key) returns the first one's answer, scoring it if
// that has not happened yet. With an InstantScorer the answer is scored
// first and stored with its evaluation in one transaction.
// EInvalid, ETooLarge, ENotFound, ERateLimited, EConflict (a Key used for
// another answer).
func (s *Service) SubmitAnswer(ctx context.Context, id Identity, sessionID string, sub Submission) (Answer, error) {
	sess, q, a, err := s.newAnswer(ctx, id, sessionID, sub)
	if err != nil {
		return Answer{}, err
	}
	if _, instant := s.Scorer.(InstantScorer); instant {
		return s.submitScored(ctx, sess, q, a, sub.Key)
	}
	if a, err = s.storeAnswer(ctx, sess, a, sub.Key); err != nil || a.Evaluation != nil {
		return a, err
	}
	a, _, err = s.score(ctx, sess, q, a)
	return a, err
}

// submitScored is SubmitAnswer with an InstantScorer: one transaction
// stores the answer, its evaluation and the readiness update.
func (s *Service) submitScored(ctx context.Context, sess Session, q Question, a Answer, key string) (Answer, error) {
	scored, update, err := s.judge(ctx, sess, q, a)
	if err != nil {
		// Stored without an evaluation, as when any scorer fails.
		return s.storeAnswer(ctx, sess, a, key)
	}
	storedSession, storedID, fresh, err := s.Store.SaveScoredAnswerOnce(ctx, scored, key, ReadinessKey(sess.Role, sess.Track), update)
	if err != nil || fresh {
		return scored, err
	}
	first, err := s.repeated(ctx, sess, a, storedSession, storedID)
	if err != nil || first.Evaluation != nil {
		return first, err
	}
	first, _, err = s.score(ctx, sess, q, first)
	return first, err
}

// SaveAnswer stores an answer without scoring it, so that the page can
// show progress while ScoreAnswer runs. The scoring rate limit is taken
// here: every saved answer is one the user may have scored. A repeated
// submission returns the first one's answer as it now is.
func (s *Service) SaveAnswer(ctx context.Context, id Identity, sessionID string, sub Submission) (Answer, error) {
	sess, _, a, err := s.newAnswer(ctx, id, sessionID, sub)
	if err != nil {
		return Answer{}, err
	}
	return s.storeAnswer(ctx, sess, a, sub.Key)
}

// newAnswer checks a submission and the caller's session, takes a token
// of the scoring rate limit, and returns the answer to store.
func (s *Service) newAnswer(ctx context.Context, id Identity, sessionID string, sub Submission) (Session, Question, Answer, error) {
	if err := ValidateAnswer(sub.Text); err != nil {
		return Session{}, Question{}, Answer{}, err
	}
	if strings.TrimSpace(sub.QuestionID) == "" {
		return Session{}, Question{}, Answer{}, Errorf(EInvalid, "question_id is required.")
	}
	if sub.Key != "" && !validKey(sub.Key) {
		return Session{}, Question{}, Answer{}, Errorf(EInvalid, "The submission key (Idempotency-Key) must be 1 to %d visible ASCII characters.", MaxSubmissionKey)
	}
	sess, err := s.sessionWith(ctx, id, sessionID)
	if err != nil {
		return Session{}, Question{}, Answer{}, err
	}
	q, ok := sess.Question(sub.QuestionID)
	if !ok {
		return Session{}, Question{}, Answer{}, Errorf(EInvalid, "Question %q is not part of this session.", sub.QuestionID)
	}
	if s.Limiter != nil {
		if err := s.Limiter.Allow(ctx, "score:"+id.UserID, s.ScoreLimit); err != nil {
			return Session{}, Question{}, Answer{}, err
		}
	}
	a := Answer{ID: NewOwnedID(id.UserID), SessionID: sess.ID, UserID: id.UserID, QuestionID: q.ID, Text: strings.TrimSpace(sub.Text), CreatedAt: s.now()}
	return sess, q, a, nil
}

// storeAnswer stores a new answer under its submission key; a repeated
// submission returns the first one's answer instead.
func (s *Service) storeAnswer(ctx context.Context, sess Session, a Answer, key string) (Answer, error) {
	storedSession, storedID, fresh, err := s.Store.SaveAnswerOnce(ctx, a, key)
	if err != nil || fresh {
		return a, err
	}
	return s.repeated(ctx, sess, a, storedSession, storedID)
}

// repeated returns the answer stored under a submission key used before,
// if it is the same answer as a: same session, question and text.
func (s *Service) repeated(ctx context.Context, sess Session, a Answer, storedSession, storedID string) (Answer, error) {
	conflict := Errorf(EConflict, "This submission key was already used for a different answer; send a new key for a new answer.")
	if storedSession != sess.ID {
		return Answer{}, conflict
	}
	stored, err := s.Store.SessionAnswers(ctx, a.UserID, sess.ID, storedID)
	if err != nil {
		return Answer{}, err
	}
	first, ok := stored.Answer(storedID)
	if !ok || first.QuestionID != a.QuestionID || first.Text != a.Text {
		return Answer{}, conflict
	}
	return first, nil
}

// ScoreAnswer scores a saved answer that has no evaluation yet and stores
// the result; an answer already scored comes back as it is, so a reload
// or a second tab never scores (or counts) an answer twice. fresh reports
// whether this call's evaluation is the stored one.
// ENotFound for an answer that is not the caller's.
func (s *Service) ScoreAnswer(ctx context.Context, id Identity, sessionID, answerID string) (a Answer, fresh bool, err error) {
	sess, err := s.sessionWith(ctx, id, sessionID, answerID)
	if err != nil {
		return Answer{}, false, err
	}
	a, ok := sess.Answer(answerID)
	if !ok {
		return Answer{}, false, Errorf(ENotFound, "Answer not found.")
	}
	if a.Evaluation != nil {
		return a, false, nil
	}
	q, ok := sess.Question(a.QuestionID)
	if !ok {
		return Answer{}, false, Errorf(ENotFound, "The question of this answer is gone.")
	}
	return s.score(ctx, sess, q, a)
}

// score runs the scorer on a stored answer and stores the evaluation with
// the readiness update. fresh is false when the scorer failed (the answer
// comes back without an evaluation) or another request stored its
// evaluation first (that one comes back).
func (s *Service) score(ctx context.Context, sess Session, q Question, a Answer) (_ Answer, fresh bool, _ error) {
	scored, update, err := s.judge(ctx, sess, q, a)
	if err != nil {
		return a, false, nil
	}
	// The request may have been cancelled while the model was thinking; the
	// evaluation was paid for, so store it regardless.
	err = s.Store.SaveScoredAnswer(context.WithoutCancel(ctx), scored, ReadinessKey(sess.Role, sess.Track), update)
	if ErrorCode(err) == EConflict {
		// Another request scored it first; theirs is the stored one.
		stored, err := s.Store.SessionAnswers(context.WithoutCancel(ctx), a.UserID, a.SessionID, a.ID)
		if err != nil {
			return a, false, err
		}
		if got, ok := stored.Answer(a.ID); ok {
			return got, false, nil
		}
		return a, false, Errorf(ENotFound, "Answer not found.")
	}
	if err != nil {
		return a, false, err
	}
	return scored, true, nil
}

// judge runs the scorer on an answer and returns it with its evaluation,
// and the update that folds it into the round's readiness state. A scorer
// error is logged and returned: the caller keeps the answer unscored.
func (s *Service) judge(ctx context.Context, sess Session, q Question, a Answer) (Answer, func(*ReadinessState), error) {
	var terms []Term
	if role, ok := s.Bank.Role(sess.Role); ok {
		terms = role.Terms
	}
	ev, err := s.Scorer.Score(ctx, ScoreRequest{Question: q, Answer: a.Text, RoleTerms: terms, JobTerms: sess.JobTerms, UserID: a.UserID})
	if err != nil {
		s.log().ErrorContext(ctx, "scoring failed; answer kept without evaluation", "answer", a.ID, "err", err)
		return a, nil, err
	}
	salary, hasSalary := ExtractSalary(q, a.Text)
	if hasSalary {
		salary.At = a.CreatedAt
		s.checkSalary(ctx, a.UserID, sess.Role, salary, &ev)
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
	return a, update, nil
}
