package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/gin-gonic/gin/binding"
	"github.com/interviewcoach/coach/coach"
)

// setupForm is what the practice set-up page posts. Count stays a string so
// that whatever was typed can be shown again with the error.
type setupForm struct {
	Role           string `form:"role"`
	Track          string `form:"track"`
	Seniority      string `form:"seniority"`
	Count          string `form:"count"`
	JobDescription string `form:"job_description"`
}

type setupPage struct {
	basePage
	Form              setupForm
	Roles             []coach.RoleSummary
	Seniorities       []coach.Seniority
	MaxCount          int
	MaxJobDescription int
	Error, Field      string
	Welcome           bool
}

func (s *Server) newSetupPage(c *gin.Context, f setupForm) setupPage {
	p := setupPage{basePage: s.base(c, "Set up a practice session"), Form: f, Roles: s.bank.Roles(),
		Seniorities: coach.Seniorities, MaxCount: coach.MaxQuestionCount, MaxJobDescription: coach.MaxJobDescription}
	p.Nav = "practice"
	return p
}

// practiceSetup shows the set-up form; ?role= and ?track= preselect, so the
// dashboard and the landing page can link straight to a round.
func (s *Server) practiceSetup(c *gin.Context) {
	f := setupForm{Role: c.Query("role"), Track: c.Query("track"), Count: strconv.Itoa(coach.DefaultQuestionCount)}
	if _, ok := s.bank.Role(f.Role); !ok {
		f.Role = ""
	}
	if !coach.Track(f.Track).Valid() {
		f.Track = string(coach.TrackHR)
	}
	p := s.newSetupPage(c, f)
	p.Welcome = c.Query("welcome") == "1"
	s.renderPage(c, http.StatusOK, "setup", p)
}

func (s *Server) createSession(c *gin.Context) {
	var f setupForm
	if err := c.ShouldBindWith(&f, binding.Form); err != nil {
		s.fail(c, formError(err))
		return
	}
	count, err := parseCount(f.Count)
	if err != nil {
		s.setupFailed(c, f, err)
		return
	}
	sess, err := s.svc.StartSession(c.Request.Context(), mustIdentity(c), coach.StartInput{
		Role: f.Role, Track: coach.Track(f.Track), Seniority: coach.Seniority(f.Seniority),
		Count: count, JobDescription: f.JobDescription,
	})
	if err != nil {
		s.setupFailed(c, f, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/practice/"+sess.ID)
}

// setupFailed shows the set-up form again with the error and what was
// entered, under the error's status.
func (s *Server) setupFailed(c *gin.Context, f setupForm, err error) {
	status, _ := s.errorStatus(c, err)
	p := s.newSetupPage(c, f)
	p.Error, p.Field = coach.ErrorMessage(err), s.setupField(f, err)
	s.renderPage(c, status, "setup", p)
}

// parseCount reads the number of questions. An empty field means the
// default; zero is refused here because the domain reads 0 as "default".
func parseCount(v string) (int, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > coach.MaxQuestionCount {
		return 0, coach.Errorf(coach.EInvalid, "Number of questions must be a whole number from 1 to %d.", coach.MaxQuestionCount)
	}
	return n, nil
}

// setupField names the input a set-up error is about.
func (s *Server) setupField(f setupForm, err error) string {
	if _, ok := s.bank.Role(f.Role); !ok {
		return "role"
	}
	switch {
	case !coach.Track(f.Track).Valid():
		return "track"
	case f.Seniority != "" && !coach.Seniority(f.Seniority).Valid():
		return "seniority"
	case coach.ErrorCode(err) == coach.ETooLarge:
		return "job_description"
	case strings.HasPrefix(coach.ErrorMessage(err), "Count"), strings.HasPrefix(coach.ErrorMessage(err), "Number of questions"):
		return "count"
	}
	return ""
}

// step is one question in the progress list of the practice screen.
type step struct {
	Index    int
	ID       string
	Answered bool
	Current  bool
}

// practiceView is the data of the practice screen and of the evaluation
// screen; the htmx fragments of both use it too.
type practiceView struct {
	basePage
	Session  coach.Session
	Question coach.Question
	Index    int
	Total    int
	Answered int
	Steps    []step
	// The answer form: what was typed (kept after an error) and the error.
	Answer string
	Error  string
	// Submission keys the form (answerForm.Submission); it is kept after
	// an error, since the failed request may have stored the answer.
	Submission string
	SkipTo     string
	Attempts   int
	// Result is the answer just scored, on the evaluation screen.
	Result *coach.Answer
	// NextQuestionID is the first question still without an answer.
	NextQuestionID string
}

func (s *Server) newPracticeView(c *gin.Context, sess coach.Session, q coach.Question, title string) practiceView {
	row := summarize(sess)
	latest, attempts := latestAnswers(sess)
	v := practiceView{basePage: s.base(c, title), Session: sess, Question: q, Total: len(sess.Questions),
		Answered: row.Answered, Attempts: attempts[q.ID], NextQuestionID: row.NextQuestionID, Submission: coach.NewID()}
	v.Nav = "practice"
	at := 0
	for i, sq := range sess.Questions {
		_, answered := latest[sq.ID]
		v.Steps = append(v.Steps, step{Index: i + 1, ID: sq.ID, Answered: answered, Current: sq.ID == q.ID})
		if sq.ID == q.ID {
			v.Index, at = i+1, i
		}
	}
	// Skipping goes to the next unanswered question after this one,
	// wrapping around, so skipped questions come back at the end.
	for k := 1; k < len(sess.Questions); k++ {
		sq := sess.Questions[(at+k)%len(sess.Questions)]
		if _, answered := latest[sq.ID]; !answered {
			v.SkipTo = sq.ID
			break
		}
	}
	return v
}

// practice shows one question: the one named by ?q=, else the first
// without an answer; with none left, the session summary.
func (s *Server) practice(c *gin.Context) {
	sess, err := s.svc.Session(c.Request.Context(), mustIdentity(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	qid := c.Query("q")
	if qid == "" {
		qid = summarize(sess).NextQuestionID
	}
	if qid == "" {
		c.Redirect(http.StatusSeeOther, "/sessions/"+sess.ID)
		return
	}
	q, ok := sess.Question(qid)
	if !ok {
		s.fail(c, coach.Errorf(coach.ENotFound, "That question is not part of this session."))
		return
	}
	v := s.newPracticeView(c, sess, q, "Practice")
	if isHTMX(c) {
		s.renderFragment(c, http.StatusOK, "practice", "practice-swap", v)
		return
	}
	s.renderPage(c, http.StatusOK, "practice", v)
}

type answerForm struct {
	QuestionID string `form:"question_id"`
	Answer     string `form:"answer"`
	// Submission is a random key the form was rendered with, so that a
	// form sent twice (a double click, a resend after a timeout) stores
	// one answer.
	Submission string `form:"submission"`
}

// submitAnswer stores and scores an answer. Without JavaScript it
// redirects to the evaluation (post/redirect/get); with htmx it stores the
// answer, returns the evaluation fragment in its "Scoring…" state, which
// streams the evaluation in, and pushes the evaluation's URL. On any error the
// question comes back with the message and the answer as typed.
func (s *Server) submitAnswer(c *gin.Context) {
	var f answerForm
	if err := c.ShouldBindWith(&f, binding.Form); err != nil {
		s.fail(c, formError(err))
		return
	}
	ctx := c.Request.Context()
	id := mustIdentity(c)
	// With htmx the page can follow the scoring as it happens (see
	// scoreEvents), so the answer is only saved here; a plain form post
	// waits for its evaluation. The domain checks the session and the
	// question; the whole session is read only to render a page.
	submit := s.svc.SubmitAnswer
	if isHTMX(c) {
		submit = s.svc.SaveAnswer
	}
	a, submitErr := submit(ctx, id, c.Param("id"), coach.Submission{QuestionID: f.QuestionID, Text: f.Answer, Key: f.Submission})
	if submitErr == nil && !isHTMX(c) {
		s.countScored(a.Evaluation)
		c.Redirect(http.StatusSeeOther, "/practice/"+a.SessionID+"/answers/"+a.ID)
		return
	}
	sess, err := s.svc.Session(ctx, id, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	q, ok := sess.Question(f.QuestionID)
	if !ok {
		s.fail(c, coach.Errorf(coach.EInvalid, "That question is not part of this session."))
		return
	}
	if submitErr != nil {
		status, _ := s.errorStatus(c, submitErr)
		v := s.newPracticeView(c, sess, q, "Practice")
		v.Answer, v.Error = f.Answer, coach.ErrorMessage(submitErr)
		if f.Submission != "" && coach.ErrorCode(submitErr) != coach.EConflict {
			v.Submission = f.Submission
		}
		if isHTMX(c) {
			s.renderFragment(c, status, "practice", "practice-swap", v)
			return
		}
		s.renderPage(c, status, "practice", v)
		return
	}
	v := s.newPracticeView(c, sess, q, "Your evaluation")
	v.Result = &a
	c.Header("HX-Push-Url", "/practice/"+sess.ID+"/answers/"+a.ID)
	s.renderFragment(c, http.StatusCreated, "answer", "evaluation-swap", v)
}

// answer shows one scored answer: the evaluation screen.
func (s *Server) answer(c *gin.Context) {
	sess, err := s.svc.Session(c.Request.Context(), mustIdentity(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	var found *coach.Answer
	for i := range sess.Answers {
		if sess.Answers[i].ID == c.Param("answer") {
			found = &sess.Answers[i]
		}
	}
	if found == nil {
		s.fail(c, coach.Errorf(coach.ENotFound, "Answer not found."))
		return
	}
	q, _ := sess.Question(found.QuestionID)
	v := s.newPracticeView(c, sess, q, "Your evaluation")
	v.Result = found
	s.renderPage(c, http.StatusOK, "answer", v)
}
