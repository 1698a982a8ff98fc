package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/interviewcoach/coach/coach"
)

// sessionRow is a session as the lists show it.
type sessionRow struct {
	coach.Session
	// Answered counts the session's questions with at least one answer.
	Answered int
	// Scored counts the questions whose latest answer has an evaluation;
	// ScoreSum adds those scores and Average rounds their mean.
	Scored, ScoreSum, Average int
	// NextQuestionID is the first question without an answer, "" when done.
	NextQuestionID string
}

// Done reports whether every question has an answer.
func (r sessionRow) Done() bool { return r.NextQuestionID == "" }

// questionResult is one question of a session with its latest answer.
type questionResult struct {
	Index    int
	Question coach.Question
	Latest   *coach.Answer
	Attempts int
}

// latestAnswers maps each question id to its newest answer. The store
// returns answers oldest first, so the last one wins.
func latestAnswers(sess coach.Session) (latest map[string]*coach.Answer, attempts map[string]int) {
	latest, attempts = map[string]*coach.Answer{}, map[string]int{}
	for i := range sess.Answers {
		a := &sess.Answers[i]
		latest[a.QuestionID] = a
		attempts[a.QuestionID]++
	}
	return latest, attempts
}

func summarize(sess coach.Session) sessionRow {
	row := sessionRow{Session: sess}
	latest, _ := latestAnswers(sess)
	for _, q := range sess.Questions {
		a, ok := latest[q.ID]
		if !ok {
			if row.NextQuestionID == "" {
				row.NextQuestionID = q.ID
			}
			continue
		}
		row.Answered++
		if a.Evaluation != nil {
			row.Scored++
			row.ScoreSum += a.Evaluation.Overall
		}
	}
	if row.Scored > 0 {
		row.Average = (row.ScoreSum + row.Scored/2) / row.Scored
	}
	return row
}

type summaryPage struct {
	basePage
	Row     sessionRow
	Results []questionResult
}

// sessionSummary is the end of a practice session and its record later:
// every question with the latest answer and its score.
func (s *Server) sessionSummary(c *gin.Context) {
	sess, err := s.svc.Session(c.Request.Context(), mustIdentity(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	p := summaryPage{basePage: s.base(c, "Session summary"), Row: summarize(sess)}
	p.Nav = "history"
	latest, attempts := latestAnswers(sess)
	for i, q := range sess.Questions {
		p.Results = append(p.Results, questionResult{Index: i + 1, Question: q, Latest: latest[q.ID], Attempts: attempts[q.ID]})
	}
	s.renderPage(c, http.StatusOK, "summary", p)
}
