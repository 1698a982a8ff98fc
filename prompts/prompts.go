// Package prompts holds the LLM scoring prompts: text/template files embedded
// in the binary, parsed once at start-up so a broken template fails fast, and
// one typed render function per template.
//
// There is one template per rubric: the HR screening, the user interview,
// and the two drills (reverse interview, follow-up note), each criterion
// anchored by what a 20, a 50 and a 90 look like. Every template carries a
// version derived from its text, stored with every evaluation it produced
// and used in the LLM cache key, so that rewording a rubric can never be
// mistaken for the old one.
package prompts

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"text/template"

	"github.com/interviewcoach/coach/coach"
)

//go:embed *.tmpl
var files embed.FS

// Kind names a scoring template.
type Kind string

// The scoring templates. Their values name the template files and prefix
// their versions.
const (
	HRScreening      Kind = "hr_screening"
	UserInterview    Kind = "user_interview"
	ReverseInterview Kind = "reverse_interview"
	FollowUpNote     Kind = "follow_up_note"
)

// Kinds lists every template, in a stable order.
var Kinds = []Kind{HRScreening, UserInterview, ReverseInterview, FollowUpNote}

// KindFor returns the template that judges answers to q: the drills have
// rubrics of their own on either track, everything else follows its round.
func KindFor(q coach.Question) Kind {
	switch {
	case q.Category == coach.CatReverse:
		return ReverseInterview
	case q.Category == coach.CatFollowUp:
		return FollowUpNote
	case q.Track == coach.TrackHR:
		return HRScreening
	default:
		return UserInterview
	}
}

// Input is what a scoring prompt is rendered from.
type Input struct {
	Question coach.Question
	// Answer is the candidate's text; it is fenced as data in the prompt.
	Answer string
	// Delimiter fences the answer. It must be fresh per call (NewDelimiter)
	// so that an answer cannot close the fence and speak as the grader.
	Delimiter string
	// JobTerms are the session's job-description terms, credited only when
	// the answer uses them with substance.
	JobTerms []string
	// WordCount is the answer's length, given to the model because models
	// count words badly and the target length is part of the rubric.
	WordCount int
}

// Prompt is a rendered scoring prompt.
type Prompt struct {
	Kind Kind
	// Version identifies the template text that produced the prompt.
	Version string
	// Criteria are the rubric lines the reply must score, in order.
	Criteria []string
	// System holds the instructions and the anchored rubric; User holds the
	// question's own rubric and the fenced answer.
	System, User string
}

type set struct {
	tmpl     *template.Template
	version  string
	criteria []string
}

var sets = mustParse()

func mustParse() map[Kind]*set {
	common, err := files.ReadFile("common.tmpl")
	if err != nil {
		panic(err)
	}
	out := make(map[Kind]*set, len(Kinds))
	for _, k := range Kinds {
		own, err := files.ReadFile(string(k) + ".tmpl")
		if err != nil {
			panic(err)
		}
		t := template.Must(template.New(string(k)).
			Option("missingkey=error").
			Funcs(template.FuncMap{"join": strings.Join}).
			ParseFS(files, "common.tmpl", string(k)+".tmpl"))
		var names bytes.Buffer
		if err := t.ExecuteTemplate(&names, "criteria", nil); err != nil {
			panic(fmt.Sprintf("prompts: %s: %v", k, err))
		}
		sum := sha256.New()
		sum.Write(common)
		sum.Write([]byte{0})
		sum.Write(own)
		out[k] = &set{
			tmpl:     t,
			version:  fmt.Sprintf("%s@%x", k, sum.Sum(nil)[:4]),
			criteria: strings.Split(strings.TrimSpace(names.String()), ","),
		}
	}
	return out
}

// Version returns the version of kind's template: its name and a hash of
// its text (and the shared text), so that any edit yields a new version
// without anyone having to remember to bump a number.
func Version(kind Kind) string {
	if s, ok := sets[kind]; ok {
		return s.version
	}
	return ""
}

// Criteria returns the names of the criteria kind's rubric scores, in the
// order the prompt lists them. The caller gets its own copy.
func Criteria(kind Kind) []string {
	if s, ok := sets[kind]; ok {
		return append([]string(nil), s.criteria...)
	}
	return nil
}

// NewDelimiter returns a fresh random fence for one answer (64 bits from
// crypto/rand): unguessable, so an answer cannot contain the closing line.
func NewDelimiter() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms.
	return hex.EncodeToString(b[:])
}

var delimiterPattern = regexp.MustCompile(`^[0-9A-Za-z]{16,64}$`)

// RenderHRScreening renders the HR-screening prompt for an answer to a
// non-drill HR question.
func RenderHRScreening(in Input) (Prompt, error) { return render(HRScreening, in) }

// RenderUserInterview renders the user-interview prompt for an answer to a
// non-drill user-round question.
func RenderUserInterview(in Input) (Prompt, error) { return render(UserInterview, in) }

// RenderReverseInterview renders the reverse-interview drill prompt, aimed
// at the recruiter or the hiring manager according to the question's track.
func RenderReverseInterview(in Input) (Prompt, error) { return render(ReverseInterview, in) }

// RenderFollowUpNote renders the follow-up-note drill prompt, brief and
// about fit after HR, specific to the discussion after the user interview.
func RenderFollowUpNote(in Input) (Prompt, error) { return render(FollowUpNote, in) }

// Render renders the prompt KindFor picks for the input's question.
func Render(in Input) (Prompt, error) { return render(KindFor(in.Question), in) }

// view is the data every template sees: the input plus the wording that
// depends on the round, decided here rather than in template logic.
type view struct {
	Q           coach.Question
	Round       string
	Interviewer string
	// Asked is who the drill's questions or note are addressed to.
	Asked     string
	Role      string
	Answer    string
	Delimiter string
	JobTerms  []string
	WordCount int
}

func render(kind Kind, in Input) (Prompt, error) {
	s, ok := sets[kind]
	if !ok {
		return Prompt{}, fmt.Errorf("prompts: unknown template %q", kind)
	}
	if got := KindFor(in.Question); got != kind {
		return Prompt{}, fmt.Errorf("prompts: question %s (%s, %s) needs the %s template, not %s",
			in.Question.ID, in.Question.Track, in.Question.Category, got, kind)
	}
	if !delimiterPattern.MatchString(in.Delimiter) {
		return Prompt{}, errors.New("prompts: the delimiter must be 16-64 letters or digits (use NewDelimiter)")
	}
	if strings.Contains(in.Answer, in.Delimiter) {
		return Prompt{}, errors.New("prompts: the answer contains the delimiter; draw a new one")
	}
	v := view{
		Q:         in.Question,
		Answer:    strings.TrimSpace(in.Answer),
		Delimiter: in.Delimiter,
		JobTerms:  in.JobTerms,
		WordCount: in.WordCount,
	}
	if in.Question.Role != coach.RoleAny {
		v.Role = in.Question.Role
	}
	if in.Question.Track == coach.TrackHR {
		v.Round, v.Interviewer, v.Asked = "HR screening", "a recruiter", "the recruiter"
	} else {
		v.Round, v.Interviewer, v.Asked = "user interview", "hiring manager or future teammates", "the hiring manager"
	}
	var sys, user strings.Builder
	if err := s.tmpl.ExecuteTemplate(&sys, "system", v); err != nil {
		return Prompt{}, fmt.Errorf("prompts: %s: %w", kind, err)
	}
	if err := s.tmpl.ExecuteTemplate(&user, "user", v); err != nil {
		return Prompt{}, fmt.Errorf("prompts: %s: %w", kind, err)
	}
	return Prompt{
		Kind:     kind,
		Version:  s.version,
		Criteria: append([]string(nil), s.criteria...),
		System:   sys.String(),
		User:     user.String(),
	}, nil
}
