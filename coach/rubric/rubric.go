// Package rubric is Interview Coach's built-in scorer: deterministic,
// explainable and offline. It judges an answer the way an interviewer
// listens — relevance to the question and its talking points, structure,
// evidence, ownership, concision and clarity, with separate rubrics for the
// HR screening, the user interview and the two drills — and every rubric
// line quotes the words that earned or cost its points, so that a candidate
// can see why and a coach can check it.
//
// It answers when no LLM is configured and whenever the LLM fails, and its
// Analyze and DetectInjection are shared with the LLM scorer so that both
// report the same insights and both refuse to be instructed by an answer.
package rubric

import (
	"context"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/interviewcoach/coach/coach"
)

// Version names this rubric. It is stored with every local evaluation so
// that scores from an older rubric can be told apart after a change.
const Version = "local-rubric-v1"

// Scorer is the local rubric scorer. The zero value is ready to use and
// safe for concurrent use: it holds no state besides the clock.
type Scorer struct {
	// Now stamps ScoredAt; nil means time.Now. Tests set it so that the
	// same answer always yields the same evaluation.
	Now func() time.Time
}

// New returns a Scorer on the system clock.
func New() *Scorer { return &Scorer{} }

var _ coach.InstantScorer = (*Scorer)(nil)

// Instant marks the rubric as a scorer that runs in process, so that
// SubmitAnswer stores an answer and its evaluation in one transaction.
func (s *Scorer) Instant() {}

// Score judges one answer with the rubric of its question's track, or of
// its drill. It never calls the network and never fails on content: an
// empty answer is EInvalid, an oversized one ETooLarge, a question without
// a known track or text EInvalid, and a cancelled context EUnavailable.
// FallbackReason is left empty for the caller to fill in when it fell back.
func (s *Scorer) Score(ctx context.Context, req coach.ScoreRequest) (coach.Evaluation, error) {
	if err := ctx.Err(); err != nil {
		return coach.Evaluation{}, &coach.Error{Code: coach.EUnavailable, Message: "Scoring was cancelled.", Err: err}
	}
	// An answer shorter than 2×MaxAnswerWords bytes cannot hold too many
	// words, so the domain's full check (which splits the text) only runs
	// when it could fail.
	if len(req.Answer) >= 2*coach.MaxAnswerWords || strings.TrimSpace(req.Answer) == "" {
		if err := coach.ValidateAnswer(req.Answer); err != nil {
			return coach.Evaluation{}, err
		}
	}
	if !req.Question.Track.Valid() {
		return coach.Evaluation{}, coach.Errorf(coach.EInvalid, "Unknown track %q: want hr or user.", req.Question.Track)
	}
	if strings.TrimSpace(req.Question.Text) == "" {
		return coach.Evaluation{}, coach.Errorf(coach.EInvalid, "The question has no text to score the answer against.")
	}
	ev := evaluate(req)
	now := time.Now
	if s != nil && s.Now != nil {
		now = s.Now
	}
	ev.ScoredAt = now().UTC()
	return ev, nil
}

// line is one rubric line before rounding, with the advice it gives when
// it is a strength or a weakness.
type line struct {
	name     string
	weight   float64
	score    float64
	comment  string
	strength string // said when the line scores well
	improve  string // said when it scores poorly
}

// judge carries one scoring run: the analysed answer, the question's words
// and the feedback gathered while the lines are computed.
type judge struct {
	q        coach.Question
	a        *analysis
	qs       *qside
	o        *overlap
	target   coach.WordRange
	story    bool // the question asks for an example (STAR)
	flags    []string
	redFlags []string
	improve  []string // said first: what the flags ask for
	asked    []asked  // reverse interview: the questions found, once computed
}

func evaluate(req coach.ScoreRequest) coach.Evaluation {
	q := req.Question
	a := analyse(q, req.Answer, req.RoleTerms, req.JobTerms)
	defer a.release()
	qs := questionSide(q, a.lex)
	o := measureOverlap(a, qs)
	o.cover(q, qs, a.d)
	// A capitalised word the question already uses ("GROUP BY", "RANK")
	// is not a name the candidate brought.
	names := a.proper[:0]
	for _, i := range a.proper {
		if _, ok := qs.idx[a.d.stems[i]]; !ok {
			names = append(names, i)
		}
	}
	a.proper = names
	j := &judge{q: q, a: a, qs: qs, o: o, target: targetOf(q), story: storyQuestion(q, qs)}
	j.detectFlags()

	var lines []line
	switch {
	case q.Category == coach.CatReverse:
		lines = j.reverseInterview()
	case q.Category == coach.CatFollowUp:
		lines = j.followUpNote()
	case q.Track == coach.TrackHR:
		lines = j.hrAnswer()
	default:
		lines = j.userAnswer()
	}

	ev := coach.Evaluation{
		Scorer:       coach.ScorerLocal,
		Rubric:       Version,
		Criteria:     make([]coach.Criterion, 0, len(lines)),
		Strengths:    make([]string, 0, len(lines)),
		Improvements: append(make([]string, 0, len(j.improve)+len(lines)), j.improve...),
		RedFlags:     append([]string{}, j.redFlags...),
		Flags:        append([]string{}, j.flags...),
		Insights:     a.insights(q),
		FollowUp:     followUp(q, qs, o),
	}
	var sum, weights float64
	for _, l := range lines {
		sc := clampScore(l.score)
		ev.Criteria = append(ev.Criteria, coach.Criterion{Name: l.name, Score: sc, Comment: l.comment})
		sum += l.weight * float64(sc)
		weights += l.weight
		switch {
		case sc >= 80 && l.strength != "":
			ev.Strengths = appendNew(ev.Strengths, l.strength)
		case sc < 65 && l.improve != "":
			ev.Improvements = appendNew(ev.Improvements, l.improve)
		}
	}
	overall := 0
	if weights > 0 {
		overall = int(math.Round(sum / weights))
	}
	for _, f := range ev.Flags {
		if c, ok := flagCaps[f]; ok && overall > c {
			overall = c
		}
	}
	// Each red flag is something an interviewer remembers after the rest
	// of the answer is forgotten, and a stream of fillers is what they
	// remember about the delivery.
	overall -= 8*len(ev.RedFlags) + j.fillerPenalty()
	ev.Overall = max(0, min(100, overall))
	if ev.Overall < 50 {
		// A weak answer's "strengths" read as faint praise; keep only the
		// ones from lines that scored very well.
		ev.Strengths = ev.Strengths[:0]
		for _, l := range lines {
			if clampScore(l.score) >= 90 && l.strength != "" {
				ev.Strengths = appendNew(ev.Strengths, l.strength)
			}
		}
	}
	return ev
}

// flagCaps bound the overall score of a flagged answer: length, keyword
// density or an instruction to the grader must never buy a good score.
var flagCaps = map[string]int{
	coach.FlagPromptInjection: 20,
	coach.FlagOffTopic:        25,
	coach.FlagTooShort:        30,
	coach.FlagKeywordStuffing: 35,
	coach.FlagRepetitive:      50,
	coach.FlagTooLong:         70,
}

func clampScore(f float64) int {
	return int(math.Round(max(0, min(100, f))))
}

func appendNew(s []string, v string) []string {
	if v == "" || slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}

// targetOf is the question's target length, or a sensible default for
// hand-written questions that have none.
func targetOf(q coach.Question) coach.WordRange {
	if q.TargetWords.Min > 0 && q.TargetWords.Max >= q.TargetWords.Min {
		return q.TargetWords
	}
	switch q.Category {
	case coach.CatReverse:
		return coach.WordRange{Min: 30, Max: 150}
	case coach.CatFollowUp:
		return coach.WordRange{Min: 60, Max: 180}
	}
	return coach.WordRange{Min: 60, Max: 250}
}

// storyQuestion reports whether q asks for a past example, which an
// interviewer expects as a STAR story. Situational questions ("what would
// you do if…") ask for a plan and are judged as point-then-reasons.
func storyQuestion(q coach.Question, qs *qside) bool {
	switch q.Category {
	case coach.CatBehavioural:
		return true
	case coach.CatReverse, coach.CatFollowUp:
		return false
	}
	return qs.storyCue
}

// hasStoryCue reports whether a question's text asks for an example in
// so many words ("tell me about a time").
func hasStoryCue(text string) bool {
	t := strings.ToLower(text)
	for _, cue := range storyCues {
		if strings.Contains(t, cue) {
			return true
		}
	}
	return false
}

var storyCues = []string{"tell me about a time", "describe a time", "a time when", "a time you", "give me an example",
	"give an example", "an example of", "walk me through a time", "share an example", "describe a situation",
	"tell me about a situation", "have you ever", "tell me about a project", "most recent project"}
