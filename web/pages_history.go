package web

import (
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/gin-gonic/gin/binding"
	"github.com/interviewcoach/coach/coach"
)

// historyForm is the history page's filter form: plain GET parameters, so
// filters work without JavaScript and a filtered view can be bookmarked.
// Everything stays a string so what was typed can be shown again.
type historyForm struct {
	Role  string `form:"role"`
	Track string `form:"track"`
	From  string `form:"from"`
	To    string `form:"to"`
	Min   string `form:"min"`
	Max   string `form:"max"`
	Page  string `form:"page"`
}

// historyFilter is a checked historyForm.
type historyFilter struct {
	role     string
	track    coach.Track
	from, to time.Time // to is exclusive: the day after the last one asked for
	min, max int
	scored   bool // a score bound was given: only scored answers in range count
	page     int
}

// historyPageSize is how many sessions one history page shows.
const historyPageSize = 10

func (s *Server) parseHistory(f historyForm) (historyFilter, string, error) {
	h := historyFilter{role: f.Role, track: coach.Track(f.Track), min: 0, max: 100, page: 1}
	if h.role != "" {
		if _, ok := s.bank.Role(h.role); !ok {
			return h, "role", coach.Errorf(coach.EInvalid, "Unknown role %q.", h.role)
		}
	}
	if h.track != "" && !h.track.Valid() {
		return h, "track", coach.Errorf(coach.EInvalid, "Round must be HR screening or user interview.")
	}
	day := func(v, field string) (time.Time, error) {
		if v = strings.TrimSpace(v); v == "" {
			return time.Time{}, nil
		}
		t, err := time.Parse("2006-01-02", v)
		if err != nil {
			return t, coach.Errorf(coach.EInvalid, "Dates are written YYYY-MM-DD, for example 2026-11-23 (%s).", field)
		}
		return t, nil
	}
	var err error
	if h.from, err = day(f.From, "from"); err != nil {
		return h, "from", err
	}
	if h.to, err = day(f.To, "to"); err != nil {
		return h, "to", err
	}
	if !h.to.IsZero() {
		h.to = h.to.AddDate(0, 0, 1)
		if !h.from.IsZero() && !h.to.After(h.from) {
			return h, "to", coach.Errorf(coach.EInvalid, "The end date is before the start date.")
		}
	}
	score := func(v string, def int, field string) (int, error) {
		if v = strings.TrimSpace(v); v == "" {
			return def, nil
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 100 {
			return 0, coach.Errorf(coach.EInvalid, "Scores are whole numbers from 0 to 100 (%s).", field)
		}
		h.scored = true
		return n, nil
	}
	if h.min, err = score(f.Min, 0, "lowest score"); err != nil {
		return h, "min", err
	}
	if h.max, err = score(f.Max, 100, "highest score"); err != nil {
		return h, "max", err
	}
	if h.min > h.max {
		return h, "max", coach.Errorf(coach.EInvalid, "The highest score is below the lowest.")
	}
	if f.Page != "" {
		if n, err := strconv.Atoi(f.Page); err == nil && n > 0 {
			h.page = n
		}
	}
	return h, "", nil
}

// keepSession applies the session-level filters.
func (h historyFilter) keepSession(sess coach.Session) bool {
	return (h.role == "" || sess.Role == h.role) && (h.track == "" || sess.Track == h.track) &&
		(h.from.IsZero() || !sess.CreatedAt.Before(h.from)) && (h.to.IsZero() || sess.CreatedAt.Before(h.to))
}

// keepAnswer applies the score filter.
func (h historyFilter) keepAnswer(a coach.Answer) bool {
	if !h.scored {
		return true
	}
	return a.Evaluation != nil && a.Evaluation.Overall >= h.min && a.Evaluation.Overall <= h.max
}

// historyAnswer is one answer as the history shows it.
type historyAnswer struct {
	Answer   coach.Answer
	Question coach.Question
	Marked   markedAnswer
	// Attempts counts the user's answers to this question in the whole
	// history; Change is the score change since the previous scored one.
	Attempts  int
	AttemptNo int
	Change    int
	HasChange bool
	Retry     retryForm
}

// retryForm is what the "retry this question" button posts.
type retryForm struct {
	CSRF, QuestionID, Role string
	Track                  coach.Track
	// Question names the button for screen readers, where a page lists
	// many "retry" buttons.
	Question string
}

// historySession is a session with the answers that pass the filters.
type historySession struct {
	sessionRow
	Items []historyAnswer
}

type historyPage struct {
	basePage
	Form     historyForm
	Roles    []coach.RoleSummary
	Sessions []historySession
	Filtered bool
	Error    string
	Field    string
	// Page numbers; Prev/Next are URLs, empty at either end.
	PageNo     int
	Prev, Next string
	Matched    int
}

// questionRecord is what the history needs to know of a question across
// every session: how often it was answered and the scores, oldest first.
type questionRecord struct {
	attempts []scoredAt // every answer, scored or not
	scores   []scoredAt
}

type scoredAt struct {
	id    string
	at    time.Time
	score int
}

// errStopWalk ends an EachSession walk once enough sessions were read.
var errStopWalk = errors.New("enough sessions")

// history lists every session with its answers, evaluations and insights,
// newest first, filtered by role, round, date range and score. It walks
// the history once: sessions after the current page are read only for the
// attempt counts that the compare links need.
func (s *Server) history(c *gin.Context) {
	var f historyForm
	_ = c.ShouldBindWith(&f, binding.Query) // strings only: cannot fail
	p := historyPage{basePage: s.base(c, "Your practice history"), Form: f, Roles: s.bank.Roles()}
	p.Nav = "history"
	h, field, err := s.parseHistory(f)
	status := http.StatusOK
	if err != nil {
		status = http.StatusBadRequest
		p.Error, p.Field = coach.ErrorMessage(err), field
		h = historyFilter{min: 0, max: 100, page: 1}
	}
	p.Filtered = h.role != "" || h.track != "" || !h.from.IsZero() || !h.to.IsZero() || h.scored
	p.PageNo = h.page

	records := map[string]*questionRecord{}
	skip := (h.page - 1) * historyPageSize
	var page []coach.Session
	err = s.svc.EachSession(c.Request.Context(), mustIdentity(c), func(sess coach.Session) error {
		for _, a := range sess.Answers {
			r := records[a.QuestionID]
			if r == nil {
				r = &questionRecord{}
				records[a.QuestionID] = r
			}
			r.attempts = append(r.attempts, scoredAt{a.ID, a.CreatedAt, 0})
			if a.Evaluation != nil {
				r.scores = append(r.scores, scoredAt{a.ID, a.CreatedAt, a.Evaluation.Overall})
			}
		}
		if !h.keepSession(sess) {
			return nil
		}
		if h.scored {
			kept := sess.Answers[:0:0]
			for _, a := range sess.Answers {
				if h.keepAnswer(a) {
					kept = append(kept, a)
				}
			}
			if len(kept) == 0 {
				return nil
			}
		}
		p.Matched++
		if skip > 0 {
			skip--
			return nil
		}
		if len(page) < historyPageSize {
			page = append(page, sess)
		}
		return nil
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, r := range records {
		sort.Slice(r.scores, func(i, j int) bool { return r.scores[i].at.Before(r.scores[j].at) })
		sort.Slice(r.attempts, func(i, j int) bool { return r.attempts[i].at.Before(r.attempts[j].at) })
	}
	for _, sess := range page {
		hs := historySession{sessionRow: summarize(sess)}
		for _, a := range sess.Answers {
			if !h.keepAnswer(a) {
				continue
			}
			q, ok := sess.Question(a.QuestionID)
			if !ok {
				q, _ = s.bank.Question(a.QuestionID)
			}
			item := historyAnswer{Answer: a, Question: q, Marked: s.markInList(sess, &a),
				Retry: retryForm{CSRF: p.CSRF, QuestionID: q.ID, Role: sess.Role, Track: sess.Track, Question: q.Text}}
			if r := records[a.QuestionID]; r != nil {
				item.Attempts = len(r.attempts)
				for i, at := range r.attempts {
					if at.id == a.ID {
						item.AttemptNo = i + 1
					}
				}
				for i, sc := range r.scores {
					if sc.id == a.ID && i > 0 {
						item.Change, item.HasChange = sc.score-r.scores[i-1].score, true
					}
				}
			}
			hs.Items = append(hs.Items, item)
		}
		p.Sessions = append(p.Sessions, hs)
	}
	if h.page > 1 {
		p.Prev = historyURL(f, h.page-1)
	}
	if h.page*historyPageSize < p.Matched {
		p.Next = historyURL(f, h.page+1)
	}
	s.renderPage(c, status, "history", p)
}

// historyURL is the history page with the same filters on another page.
func historyURL(f historyForm, page int) string {
	v := url.Values{}
	for k, val := range map[string]string{"role": f.Role, "track": f.Track, "from": f.From, "to": f.To, "min": f.Min, "max": f.Max} {
		if val != "" {
			v.Set(k, val)
		}
	}
	v.Set("page", strconv.Itoa(page))
	return "/sessions?" + v.Encode()
}

// attempt is one answer to the compared question.
type attempt struct {
	Index   int
	Answer  coach.Answer
	Session coach.Session
	Marked  markedAnswer
	// Change is the score change since the previous scored attempt.
	Change    int
	HasChange bool
}

// criterionRow compares one rubric line across the two attempts.
type criterionRow struct {
	Name        string
	Left, Right int
	HasL, HasR  bool
	Change      int
}

type comparePage struct {
	basePage
	Question    coach.Question
	Attempts    []attempt
	Left, Right *attempt
	// Pair is true when two different attempts are shown.
	Pair bool
	// Change is Right's score minus Left's when both were scored.
	Change    int
	HasChange bool
	Criteria  []criterionRow
	// Retry starts a new attempt, in the role of the latest attempt's
	// session, since a shared question belongs to no role of its own.
	Retry retryForm
}

// attempts compares the user's answers to one question side by side: by
// default the last two, or any two picked with ?a= and ?b=.
func (s *Server) attempts(c *gin.Context) {
	qid := c.Param("qid")
	q, qerr := s.bank.Question(qid)
	p := comparePage{basePage: s.base(c, "Compare your attempts"), Question: q}
	p.Nav = "history"
	err := s.svc.EachAttempt(c.Request.Context(), mustIdentity(c), qid, func(sess coach.Session) error {
		for _, a := range sess.Answers {
			if qerr != nil {
				p.Question, _ = sess.Question(qid)
				qerr = nil
			}
			p.Attempts = append(p.Attempts, attempt{Answer: a, Session: coach.Session{ID: sess.ID, Role: sess.Role, Track: sess.Track, JobTerms: sess.JobTerms, CreatedAt: sess.CreatedAt}})
		}
		return nil
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	if qerr != nil {
		s.fail(c, coach.Errorf(coach.ENotFound, "No such question."))
		return
	}
	sort.SliceStable(p.Attempts, func(i, j int) bool { return p.Attempts[i].Answer.CreatedAt.Before(p.Attempts[j].Answer.CreatedAt) })
	prev := -1
	for i := range p.Attempts {
		at := &p.Attempts[i]
		at.Index = i + 1
		at.Marked = s.markInList(at.Session, &at.Answer)
		if at.Answer.Evaluation == nil {
			continue
		}
		if prev >= 0 {
			at.Change, at.HasChange = at.Answer.Evaluation.Overall-prev, true
		}
		prev = at.Answer.Evaluation.Overall
	}
	p.Retry = retryForm{CSRF: p.CSRF, QuestionID: p.Question.ID, Role: p.Question.Role, Track: p.Question.Track, Question: p.Question.Text}
	if p.Retry.Role == coach.RoleAny {
		p.Retry.Role = ""
	}
	if n := len(p.Attempts); n > 0 {
		p.Retry.Role, p.Retry.Track = p.Attempts[n-1].Session.Role, p.Attempts[n-1].Session.Track
		pick := func(id string, def int) *attempt {
			for i := range p.Attempts {
				if p.Attempts[i].Answer.ID == id {
					return &p.Attempts[i]
				}
			}
			return &p.Attempts[max(def, 0)]
		}
		p.Right = pick(c.Query("b"), n-1)
		p.Left = pick(c.Query("a"), n-2)
		if p.Left == p.Right && n > 1 && c.Query("a") == "" {
			p.Left = &p.Attempts[n-2]
		}
		p.Pair = p.Left != p.Right
		p.compareCriteria()
	}
	s.renderPage(c, http.StatusOK, "compare", p)
}

// compareCriteria fills the score change and the per-criterion table.
func (p *comparePage) compareCriteria() {
	l, r := p.Left.Answer.Evaluation, p.Right.Answer.Evaluation
	if l != nil && r != nil && p.Pair {
		p.Change, p.HasChange = r.Overall-l.Overall, true
	}
	rows := map[string]*criterionRow{}
	var order []string
	row := func(name string) *criterionRow {
		if rows[name] == nil {
			rows[name] = &criterionRow{Name: name}
			order = append(order, name)
		}
		return rows[name]
	}
	if l != nil {
		for _, cr := range l.Criteria {
			rw := row(cr.Name)
			rw.Left, rw.HasL = cr.Score, true
		}
	}
	if r != nil {
		for _, cr := range r.Criteria {
			rw := row(cr.Name)
			rw.Right, rw.HasR = cr.Score, true
		}
	}
	for _, name := range order {
		rw := rows[name]
		if rw.HasL && rw.HasR {
			rw.Change = rw.Right - rw.Left
		}
		p.Criteria = append(p.Criteria, *rw)
	}
}

type nextForm struct {
	Role  string `form:"role"`
	Track string `form:"track"`
}

// practiseNext starts a session aimed at the weakest areas of a round:
// the dashboard's one-click "practise next".
func (s *Server) practiseNext(c *gin.Context) {
	var f nextForm
	if err := c.ShouldBindWith(&f, binding.Form); err != nil {
		s.fail(c, formError(err))
		return
	}
	sess, _, err := s.svc.StartNext(c.Request.Context(), mustIdentity(c), f.Role, coach.Track(f.Track))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/practice/"+sess.ID)
}
