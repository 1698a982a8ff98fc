package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/gin-gonic/gin/binding"
	"github.com/interviewcoach/coach/coach"
)

// The question banks as pages: a roles index and a filtered list where
// every question shows its rubric and can start a practice set, alone or
// with the rest of the current filter.

type rolesPage struct {
	basePage
	Roles []coach.RoleSummary
}

// rolesIndex lists the roles with their question counts per round.
func (s *Server) rolesIndex(c *gin.Context) {
	p := rolesPage{basePage: s.base(c, "Roles and their questions"), Roles: s.bank.Roles()}
	p.Nav = "questions"
	s.renderPage(c, http.StatusOK, "roles", p)
}

// browseForm is the filter form, as typed.
type browseForm struct {
	Role      string `form:"role"`
	Track     string `form:"track"`
	Category  string `form:"category"`
	Seniority string `form:"seniority"`
	Q         string `form:"q"`
	Page      string `form:"page"`
}

type categoryGroup struct {
	Track      coach.Track
	Categories []string
}

type browsePage struct {
	basePage
	Form        browseForm
	Roles       []coach.RoleSummary
	Groups      []categoryGroup
	Seniorities []coach.Seniority
	Questions   []coach.Question
	Total       int
	From, To    int
	Prev, Next  string
	Error       string
	// CanStartSet is true when the filter names a role and a round, which
	// a practice set needs.
	CanStartSet bool
	MaxCount    int
}

// browsePageSize is how many questions one browse page shows.
const browsePageSize = 25

// browse lists the questions matching ?role=&track=&category=&seniority=&q=.
func (s *Server) browse(c *gin.Context) {
	var f browseForm
	_ = c.ShouldBindWith(&f, binding.Query) // strings only: cannot fail
	p := browsePage{basePage: s.base(c, "Question bank"), Form: f, Roles: s.bank.Roles(),
		Seniorities: coach.Seniorities, MaxCount: coach.MaxQuestionCount}
	p.Nav = "questions"
	for _, t := range coach.Tracks {
		p.Groups = append(p.Groups, categoryGroup{Track: t, Categories: coach.Categories[t]})
	}
	filter, err := s.questionFilter(c)
	status := http.StatusOK
	if err != nil {
		status = http.StatusBadRequest
		p.Error = coach.ErrorMessage(err)
		s.renderPage(c, status, "browse", p)
		return
	}
	all := s.bank.Questions(filter)
	p.Total = len(all)
	page := 1
	if n, err := strconv.Atoi(f.Page); err == nil && n > 1 {
		page = n
	}
	start := min((page-1)*browsePageSize, len(all))
	end := min(start+browsePageSize, len(all))
	p.Questions = all[start:end]
	p.From, p.To = start+1, end
	if page > 1 {
		p.Prev = browseURL(f, page-1)
	}
	if end < len(all) {
		p.Next = browseURL(f, page+1)
	}
	p.CanStartSet = filter.Role != "" && filter.Track != "" && len(all) > 0
	s.renderPage(c, status, "browse", p)
}

func browseURL(f browseForm, page int) string {
	v := url.Values{}
	for k, val := range map[string]string{"role": f.Role, "track": f.Track, "category": f.Category, "seniority": f.Seniority, "q": f.Q} {
		if val != "" {
			v.Set(k, val)
		}
	}
	v.Set("page", strconv.Itoa(page))
	return "/questions?" + v.Encode()
}

// bankStartForm starts a practice set from the browse, compare and history
// pages: either the questions named (one question, or a retry) or a set
// drawn from a filter.
type bankStartForm struct {
	Role        string   `form:"role"`
	Track       string   `form:"track"`
	Category    string   `form:"category"`
	Seniority   string   `form:"seniority"`
	Count       string   `form:"count"`
	QuestionIDs []string `form:"question_id"`
}

// startFromBank starts the session and opens its first question. A single
// question of a role ("software-engineer") brings its role and round with
// it; a shared question ("any") needs the role in the form.
func (s *Server) startFromBank(c *gin.Context) {
	var f bankStartForm
	if err := c.ShouldBindWith(&f, binding.Form); err != nil {
		s.fail(c, formError(err))
		return
	}
	in := coach.StartInput{Role: f.Role, Track: coach.Track(f.Track), Seniority: coach.Seniority(f.Seniority)}
	if len(f.QuestionIDs) > 0 {
		for _, id := range f.QuestionIDs {
			if id = strings.TrimSpace(id); id != "" {
				in.QuestionIDs = append(in.QuestionIDs, id)
			}
		}
		if len(in.QuestionIDs) == 0 {
			s.fail(c, coach.Errorf(coach.EInvalid, "Choose a question to practise."))
			return
		}
		if q, err := s.bank.Question(in.QuestionIDs[0]); err == nil {
			if in.Role == "" && q.Role != coach.RoleAny {
				in.Role = q.Role
			}
			if in.Track == "" {
				in.Track = q.Track
			}
		}
		if in.Role == "" {
			s.fail(c, coach.Errorf(coach.EInvalid, "Choose the role you are practising for."))
			return
		}
	} else {
		in.Category = f.Category
		count, err := parseCount(f.Count)
		if err != nil {
			s.fail(c, err)
			return
		}
		in.Count = count
	}
	sess, err := s.svc.StartSession(c.Request.Context(), mustIdentity(c), in)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/practice/"+sess.ID)
}
