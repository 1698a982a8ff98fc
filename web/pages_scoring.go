package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/interviewcoach/coach/coach"
)

// Scoring by an LLM takes seconds, so with JavaScript the practice page
// saves the answer first (submitAnswer), shows "Scoring…" and then listens
// on scoreEvents, a Server-Sent Events stream that reports progress and
// finally sends the rendered evaluation. Without JavaScript the form posts
// and waits (SubmitAnswer scores in the request), and scoreNow scores an
// answer that was saved but is still waiting for its evaluation.

// scoreProgressEvery is how often the stream says it is still working.
const scoreProgressEvery = 2 * time.Second

// scored is the result of one ScoreAnswer call.
type scored struct {
	answer coach.Answer
	err    error
}

// scoreEvents streams the scoring of one answer: "progress" events with a
// status line, then "evaluation" with the evaluation card's HTML, or
// "failed" with a message. Scoring runs detached from the request: a
// closed tab does not waste an LLM call that was already paid for, and
// the evaluation is waiting when the user comes back.
func (s *Server) scoreEvents(c *gin.Context) {
	ctx := c.Request.Context()
	id := mustIdentity(c)
	sess, err := s.svc.Session(ctx, id, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	a, ok := sess.Answer(c.Param("answer"))
	if !ok {
		s.fail(c, coach.Errorf(coach.ENotFound, "Answer not found."))
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Header("X-Accel-Buffering", "no") // nginx: pass events through unbuffered
	if a.Evaluation != nil {
		s.sendEvaluation(c, sess, scored{answer: a})
		return
	}
	done := make(chan scored, 1)
	go func() {
		got, fresh, err := s.svc.ScoreAnswer(context.WithoutCancel(ctx), id, sess.ID, a.ID)
		if fresh {
			s.countScored(got.Evaluation)
		}
		done <- scored{answer: got, err: err}
	}()
	c.SSEvent("progress", "Scoring your answer…")
	start := time.Now()
	tick := time.NewTicker(scoreProgressEvery)
	defer tick.Stop()
	c.Stream(func(_ io.Writer) bool {
		select {
		case r := <-done:
			s.sendEvaluation(c, sess, r)
			return false
		case now := <-tick.C:
			c.SSEvent("progress", fmt.Sprintf("Scoring your answer… %ds", int(now.Sub(start).Seconds())))
			return true
		case <-ctx.Done():
			return false
		}
	})
}

// sendEvaluation writes the last event of a scoring stream.
func (s *Server) sendEvaluation(c *gin.Context, sess coach.Session, r scored) {
	if r.err != nil || r.answer.Evaluation == nil {
		msg := "Your answer is saved, but it could not be scored just now. Try again in a minute."
		if r.err != nil {
			s.log.WarnContext(c.Request.Context(), "scoring stream failed", "request_id", requestIDOf(c), "err", r.err)
			if coach.ErrorCode(r.err) != coach.EInternal {
				msg = coach.ErrorMessage(r.err) + " Your answer is saved."
			}
		}
		c.SSEvent("failed", msg)
		return
	}
	html, err := s.evaluationHTML(c, sess, r.answer)
	if err != nil {
		s.log.ErrorContext(c.Request.Context(), "render failed", "request_id", requestIDOf(c), "err", err)
		c.SSEvent("failed", "Your answer is scored, but the page could not show it. Reload to see it.")
		return
	}
	c.SSEvent("evaluation", html)
}

// evaluationHTML renders the evaluation card of a scored answer.
func (s *Server) evaluationHTML(c *gin.Context, sess coach.Session, a coach.Answer) (string, error) {
	replaced := false
	for i := range sess.Answers {
		if sess.Answers[i].ID == a.ID {
			sess.Answers[i], replaced = a, true
		}
	}
	if !replaced {
		sess.Answers = append(sess.Answers, a)
	}
	q, _ := sess.Question(a.QuestionID)
	v := s.newPracticeView(c, sess, q, "Your evaluation")
	v.Result = &a
	var buf bytes.Buffer
	if err := s.pages["answer"].ExecuteTemplate(&buf, "evaluation-card", v); err != nil {
		return "", err
	}
	return buf.String(), nil
}

// scoreNow scores a saved answer that is still waiting for its evaluation
// and shows it: the no-JavaScript way out of the "Scoring…" state.
func (s *Server) scoreNow(c *gin.Context) {
	id := mustIdentity(c)
	a, fresh, err := s.svc.ScoreAnswer(c.Request.Context(), id, c.Param("id"), c.Param("answer"))
	if err != nil {
		s.fail(c, err)
		return
	}
	if fresh {
		s.countScored(a.Evaluation)
	}
	c.Redirect(http.StatusSeeOther, "/practice/"+a.SessionID+"/answers/"+a.ID)
}
