package coach

import (
	"context"
	"strings"
)

// SubmitAnswer stores an answer, then scores it and stores the evaluation:
// SaveAnswer and ScoreAnswer in one call, for the API and for pages
// without JavaScript. A scorer failure never loses the answer: it is
// returned without an evaluation and the error is logged.
// EInvalid, ETooLarge, ENotFound, ERateLimited.
func (s *Service) SubmitAnswer(ctx context.Context, id Identity, sessionID, questionID, text string) (Answer, error) {
	sess, q, a, err := s.saveAnswer(ctx, id, sessionID, questionID, text)
	if err != nil {
		return Answer{}, err
	}
	a, _, err = s.score(ctx, sess, q, a)
	return a, err
}

// SaveAnswer stores an answer without scoring it, so that the page can
// show progress while ScoreAnswer runs. The scoring rate limit is taken
// here: every saved answer is one the user may have scored.
func (s *Service) SaveAnswer(ctx context.Context, id Identity, sessionID, questionID, text string) (Answer, error) {
	_, _, a, err := s.saveAnswer(ctx, id, sessionID, questionID, text)
	return a, err
}

func (s *Service) saveAnswer(ctx context.Context, id Identity, sessionID, questionID, text string) (Session, Question, Answer, error) {
	if err := ValidateAnswer(text); err != nil {
		return Session{}, Question{}, Answer{}, err
	}
	if strings.TrimSpace(questionID) == "" {
		return Session{}, Question{}, Answer{}, Errorf(EInvalid, "question_id is required.")
	}
	sess, err := s.sessionWith(ctx, id, sessionID)
	if err != nil {
		return Session{}, Question{}, Answer{}, err
	}
	q, ok := sess.Question(questionID)
	if !ok {
		return Session{}, Question{}, Answer{}, Errorf(EInvalid, "Question %q is not part of this session.", questionID)
	}
	if s.Limiter != nil {
		if err := s.Limiter.Allow(ctx, "score:"+id.UserID, s.ScoreLimit); err != nil {
			return Session{}, Question{}, Answer{}, err
		}
	}
	a := Answer{ID: NewOwnedID(id.UserID), SessionID: sess.ID, UserID: id.UserID, QuestionID: q.ID, Text: strings.TrimSpace(text), CreatedAt: s.now()}
	if err := s.Store.SaveAnswer(ctx, a); err != nil {
		return Session{}, Question{}, Answer{}, err
	}
	return sess, q, a, nil
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
	var terms []Term
	if role, ok := s.Bank.Role(sess.Role); ok {
		terms = role.Terms
	}
	ev, err := s.Scorer.Score(ctx, ScoreRequest{Question: q, Answer: a.Text, RoleTerms: terms, JobTerms: sess.JobTerms, UserID: a.UserID})
	if err != nil {
		s.log().ErrorContext(ctx, "scoring failed; answer kept without evaluation", "answer", a.ID, "err", err)
		return a, false, nil
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
	// The request may have been cancelled while the model was thinking; the
	// evaluation was paid for, so store it regardless.
	err = s.Store.SaveScoredAnswer(context.WithoutCancel(ctx), a, ReadinessKey(sess.Role, sess.Track), update)
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
	return a, true, nil
}
