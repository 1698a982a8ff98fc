package coach

import (
	"fmt"
	"math"
	"sort"
	"time"
)

// Readiness model. Every scored answer updates a small running state per
// (role, round); readiness is computed from that state alone, so it never
// scans history:
//
//   - performance: an exponentially weighted mean of overall scores
//     (alpha 0.3: the last few answers count most, old ones fade);
//   - coverage: the share of the round's categories tried at least once,
//     since an untried category is a blind spot in a real interview;
//   - consistency: 1 − (weighted standard deviation / 30), clamped to 0..1;
//   - confidence: 1 − e^(−answers/6), which is about 0.5 after 4 answers
//     and 0.8 after 10.
//
// score = performance × (0.6 + 0.4·coverage) × (0.85 + 0.15·consistency)
// × (0.6 + 0.4·confidence). "Ready" needs a score of at least 75 with
// confidence at least 0.6 and coverage at least 0.8; "getting there" a
// score of 55; anything else is "not yet".
const (
	readinessAlpha   = 0.3
	readinessHistory = 60  // trend points kept in the state
	readinessQLimit  = 200 // questions remembered for "retry these"
)

// Verdicts.
const (
	VerdictNotYet  = "not yet"
	VerdictGetting = "getting there"
	VerdictReady   = "ready"
)

// The readiness scores at which the verdicts start; pages draw them as the
// marks on bars and charts.
const (
	GettingThereScore = 55
	ReadyScore        = 75
)

// RunningStat is a recency-weighted mean with its variance.
type RunningStat struct {
	N    int     `json:"n"`
	Mean float64 `json:"mean"`
	Var  float64 `json:"var"`
}

// Add folds x into the statistic (West's exponentially weighted update).
func (r *RunningStat) Add(x float64) {
	r.N++
	if r.N == 1 {
		r.Mean, r.Var = x, 0
		return
	}
	d := x - r.Mean
	r.Mean += readinessAlpha * d
	r.Var = (1 - readinessAlpha) * (r.Var + readinessAlpha*d*d)
}

// QuestionStat remembers how a user did on one question.
type QuestionStat struct {
	Last     int       `json:"last"`
	Best     int       `json:"best"`
	Attempts int       `json:"attempts"`
	At       time.Time `json:"at"`
	Category string    `json:"category"`
}

// TrendPoint is readiness after one answer.
type TrendPoint struct {
	At    time.Time `json:"at"`
	Score int       `json:"score"`
}

// ReadinessState is the running state of one user in one role and round.
type ReadinessState struct {
	Role       string                  `json:"role"`
	Track      Track                   `json:"track"`
	Overall    RunningStat             `json:"overall"`
	Categories map[string]*RunningStat `json:"categories"`
	Criteria   map[string]*RunningStat `json:"criteria"`
	Questions  map[string]QuestionStat `json:"questions"`
	Trend      []TrendPoint            `json:"trend"`
	// Days holds the distinct UTC days practised, newest last, for streaks.
	Days []string  `json:"days"`
	Last time.Time `json:"last"`
	// Salary holds the salary ranges stated in this round, newest last.
	Salary []SalaryStatement `json:"salary,omitempty"`
}

// AddSalary remembers a stated salary range (the last 20).
func (s *ReadinessState) AddSalary(st SalaryStatement) {
	s.Salary = append(s.Salary, st)
	if len(s.Salary) > 20 {
		s.Salary = s.Salary[len(s.Salary)-20:]
	}
}

// ReadinessKey names the state of a role and round.
func ReadinessKey(role string, t Track) string { return role + ":" + string(t) }

// Add folds one scored answer into the state. categories is the round's
// category list (for the trend point's coverage). The score used is the
// coach's when a coach reviewed the answer, else the evaluation's.
func (s *ReadinessState) Add(q Question, score int, criteria []Criterion, at time.Time, categories []string) {
	if s.Categories == nil {
		s.Categories = map[string]*RunningStat{}
	}
	if s.Criteria == nil {
		s.Criteria = map[string]*RunningStat{}
	}
	if s.Questions == nil {
		s.Questions = map[string]QuestionStat{}
	}
	s.Overall.Add(float64(score))
	cs := s.Categories[q.Category]
	if cs == nil {
		cs = &RunningStat{}
		s.Categories[q.Category] = cs
	}
	cs.Add(float64(score))
	for _, c := range criteria {
		st := s.Criteria[c.Name]
		if st == nil {
			st = &RunningStat{}
			s.Criteria[c.Name] = st
		}
		st.Add(float64(c.Score))
	}
	qs := s.Questions[q.ID]
	qs.Attempts++
	qs.Last = score
	qs.Best = max(qs.Best, score)
	qs.At = at
	qs.Category = q.Category
	s.Questions[q.ID] = qs
	if len(s.Questions) > readinessQLimit {
		s.forgetOldestQuestion()
	}
	if s.Last.Before(at) {
		s.Last = at
	}
	day := at.UTC().Format("2006-01-02")
	if n := len(s.Days); n == 0 || s.Days[n-1] != day {
		s.Days = append(s.Days, day)
		if len(s.Days) > 400 {
			s.Days = s.Days[len(s.Days)-400:]
		}
	}
	current, _, _, _ := s.measure(categories)
	s.Trend = append(s.Trend, TrendPoint{At: at, Score: current})
	if len(s.Trend) > readinessHistory {
		s.Trend = s.Trend[len(s.Trend)-readinessHistory:]
	}
}

func (s *ReadinessState) forgetOldestQuestion() {
	var oldest string
	var at time.Time
	for id, q := range s.Questions {
		if oldest == "" || q.At.Before(at) || (q.At.Equal(at) && id < oldest) {
			oldest, at = id, q.At
		}
	}
	delete(s.Questions, oldest)
}

// Readiness is where a user stands in one role and round.
type Readiness struct {
	Role         string       `json:"role"`
	Track        Track        `json:"track"`
	Score        int          `json:"score"`
	Verdict      string       `json:"verdict"`
	Answers      int          `json:"answers"`
	Performance  int          `json:"performance"`
	Coverage     float64      `json:"coverage"`
	Consistency  float64      `json:"consistency"`
	Confidence   float64      `json:"confidence"`
	Untried      []string     `json:"untried_categories"`
	Reasons      []string     `json:"reasons"`
	Next         []string     `json:"practise_next"`
	Retry        []string     `json:"retry_questions"`
	Weakest      []string     `json:"weakest_criteria"`
	LastPractice time.Time    `json:"last_practice"`
	Streak       int          `json:"streak_days"`
	Trend        []TrendPoint `json:"trend"`
}

// Readiness computes the readiness of the state against the round's
// categories (drills excluded by the caller) as of now. title names a
// question in the advice (nil, or "" from it: the id), so that a person
// reads "Retry “Why do you want to leave…”", not a bank id.
func (s *ReadinessState) Readiness(categories []string, now time.Time, title func(questionID string) string) Readiness {
	r := Readiness{Role: s.Role, Track: s.Track, Answers: s.Overall.N, LastPractice: s.Last, Trend: s.Trend,
		Untried: []string{}, Reasons: []string{}, Next: []string{}, Retry: []string{}, Weakest: []string{}}
	if r.Trend == nil {
		r.Trend = []TrendPoint{}
	}
	if s.Overall.N == 0 {
		r.Verdict = VerdictNotYet
		r.Reasons = append(r.Reasons, "No answers yet in this round.")
		r.Next = append(r.Next, "Start a practice session for this round.")
		return r
	}
	for _, c := range categories {
		if st := s.Categories[c]; st == nil || st.N == 0 {
			r.Untried = append(r.Untried, c)
		}
	}
	r.Score, r.Coverage, r.Consistency, r.Confidence = s.measure(categories)
	r.Performance = int(math.Round(s.Overall.Mean))

	switch {
	case r.Score >= ReadyScore && r.Confidence >= 0.6 && r.Coverage >= 0.8:
		r.Verdict = VerdictReady
	case r.Score >= GettingThereScore:
		r.Verdict = VerdictGetting
	default:
		r.Verdict = VerdictNotYet
	}

	// Reasons, strongest effect first.
	r.Reasons = append(r.Reasons, fmt.Sprintf("Recent answers average %d/100.", r.Performance))
	if len(r.Untried) > 0 {
		r.Reasons = append(r.Reasons, fmt.Sprintf("%d of %d question types not tried yet.", len(r.Untried), len(categories)))
	}
	if r.Confidence < 0.6 {
		r.Reasons = append(r.Reasons, fmt.Sprintf("Only %d answer(s) so far: practise more for a reliable reading.", s.Overall.N))
	}
	if r.Consistency < 0.6 {
		r.Reasons = append(r.Reasons, "Scores vary a lot from answer to answer.")
	}

	// Weakest criteria: lowest recency-weighted mean.
	type named struct {
		name string
		mean float64
	}
	var crit []named
	for name, st := range s.Criteria {
		crit = append(crit, named{name, st.Mean})
	}
	sort.Slice(crit, func(i, j int) bool {
		if crit[i].mean != crit[j].mean {
			return crit[i].mean < crit[j].mean
		}
		return crit[i].name < crit[j].name
	})
	for _, c := range crit {
		if len(r.Weakest) == 3 || c.mean >= 75 {
			break
		}
		r.Weakest = append(r.Weakest, c.name)
	}
	// Questions to retry: lowest last scores under 60.
	type qscore struct {
		id    string
		score int
	}
	var low []qscore
	for id, q := range s.Questions {
		if q.Last < 60 {
			low = append(low, qscore{id, q.Last})
		}
	}
	sort.Slice(low, func(i, j int) bool {
		if low[i].score != low[j].score {
			return low[i].score < low[j].score
		}
		return low[i].id < low[j].id
	})
	for i := 0; i < len(low) && i < 3; i++ {
		r.Retry = append(r.Retry, low[i].id)
	}

	// Three things to practise next, mixing the three sources.
	if len(r.Weakest) > 0 {
		r.Next = append(r.Next, "Work on "+r.Weakest[0]+".")
	}
	if len(r.Untried) > 0 {
		r.Next = append(r.Next, "Try a "+r.Untried[0]+" question.")
	}
	if len(r.Retry) > 0 {
		name := ""
		if title != nil {
			name = title(r.Retry[0])
		}
		if name == "" {
			r.Next = append(r.Next, "Retry question "+r.Retry[0]+".")
		} else {
			r.Next = append(r.Next, "Retry “"+name+"”.")
		}
	}
	for _, w := range r.Weakest[min(1, len(r.Weakest)):] {
		if len(r.Next) < 3 {
			r.Next = append(r.Next, "Work on "+w+".")
		}
	}
	for _, c := range r.Untried[min(1, len(r.Untried)):] {
		if len(r.Next) < 3 {
			r.Next = append(r.Next, "Try a "+c+" question.")
		}
	}
	r.Streak = streak(s.Days, now)
	return r
}

// measure computes the readiness score and the parts that shape it. Add
// calls it for every answer's trend point, so it allocates nothing.
func (s *ReadinessState) measure(categories []string) (score int, coverage, consistency, confidence float64) {
	tried := 0
	for _, c := range categories {
		if st := s.Categories[c]; st != nil && st.N > 0 {
			tried++
		}
	}
	coverage = 1
	if len(categories) > 0 {
		coverage = float64(tried) / float64(len(categories))
	}
	consistency = clamp01(1 - math.Sqrt(s.Overall.Var)/30)
	confidence = 1 - math.Exp(-float64(s.Overall.N)/6)
	raw := s.Overall.Mean * (0.6 + 0.4*coverage) * (0.85 + 0.15*consistency) * (0.6 + 0.4*confidence)
	return int(math.Round(math.Max(0, math.Min(100, raw)))), coverage, consistency, confidence
}

// streak counts consecutive practice days ending today or yesterday.
func streak(days []string, now time.Time) int {
	if len(days) == 0 {
		return 0
	}
	day := now.UTC().Truncate(24 * time.Hour)
	last, err := time.Parse("2006-01-02", days[len(days)-1])
	if err != nil || day.Sub(last) > 24*time.Hour {
		return 0
	}
	n := 1
	for i := len(days) - 1; i > 0; i-- {
		a, err1 := time.Parse("2006-01-02", days[i])
		b, err2 := time.Parse("2006-01-02", days[i-1])
		if err1 != nil || err2 != nil || a.Sub(b) != 24*time.Hour {
			break
		}
		n++
	}
	return n
}

func clamp01(x float64) float64 { return math.Max(0, math.Min(1, x)) }
