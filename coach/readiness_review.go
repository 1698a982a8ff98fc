package coach

import (
	"math"
	"time"
)

// Override replaces, in the running state, the score an earlier answer
// (given at at) contributed — from — with a coach's score, to. It works
// incrementally, like Add: the exponentially weighted mean gives the
// answer folded k answers ago the weight α(1−α)^k (or (1−α)^k if it was
// the state's first), and every trend point is one folded answer, so k is
// the number of trend points after at. The mean moves by that weight times
// (to − from): exactly what a full recomputation would give, as answers
// are folded in the order they were given (a slow scorer can swap two
// neighbours, which shifts that one weight by a step). The
// question's last and best scores ("retry these") follow the coach too.
// The variance and the per-category and per-criterion means keep the
// scorer's reading: a coach scores the answer as a whole, and those parts
// only steer coverage, consistency and the advice. An answer older than
// the trend window has a weight below 10⁻⁹ and only its question changes.
func (s *ReadinessState) Override(q Question, at time.Time, from, to int) {
	if s.Overall.N == 0 || from == to {
		return
	}
	k, found := 0, false
	for i := len(s.Trend) - 1; i >= 0; i-- {
		if s.Trend[i].At.After(at) {
			k++
			continue
		}
		found = true
		break
	}
	if found || len(s.Trend) < readinessHistory {
		pos := s.Overall.N - k // the answer's 1-based place in the state
		w := math.Pow(1-readinessAlpha, float64(k))
		if pos > 1 {
			w *= readinessAlpha
		}
		if pos >= 1 {
			s.Overall.Mean = math.Max(0, math.Min(100, s.Overall.Mean+w*float64(to-from)))
		}
	}
	if qs, ok := s.Questions[q.ID]; ok && qs.At.Equal(at) {
		qs.Last = to
		switch {
		case to > qs.Best:
			qs.Best = to
		case qs.Best == from && qs.Attempts == 1:
			qs.Best = to
		}
		s.Questions[q.ID] = qs
	}
}
