package rubric

import (
	"cmp"
	"slices"

	"github.com/interviewcoach/coach/coach"
)

// FollowUp picks the follow-up question from q.FollowUps that an
// interviewer would ask next: the one that best matches the talking point
// the answer covers least, because that is where an interviewer probes.
// When no follow-up relates to a weak point it returns the first one, and
// "" when the question has none.
func FollowUp(q coach.Question, answer string) string {
	if len(q.FollowUps) == 0 {
		return ""
	}
	a := newAnalysis(newDoc(answer), conceptLexicon)
	defer a.release()
	a.countTokens()
	a.findTerms()
	qs := questionSide(q, a.lex)
	o := measureOverlap(a, qs)
	o.cover(q, qs, a.d)
	return followUp(q, qs, o)
}

func followUp(q coach.Question, qs *qside, o *overlap) string {
	if len(q.FollowUps) == 0 {
		return ""
	}
	// Weakest talking points first: missing before partly covered, then by
	// the share of their words the answer used; ties keep bank order.
	order := make([]int, 0, len(o.points))
	for i, p := range o.points {
		if p.state < 2 {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(x, y int) int {
		px, py := &o.points[x], &o.points[y]
		if px.state != py.state {
			return cmp.Compare(px.state, py.state)
		}
		return cmp.Compare(px.matched*max(1, py.total), py.matched*max(1, px.total))
	})
	for _, p := range order {
		if f := qs.followFor[p]; f >= 0 {
			return q.FollowUps[f]
		}
	}
	return q.FollowUps[0]
}

// followUpsByPoint returns, by talking point, the follow-up that shares
// the most content stems with it (the first on a tie), or -1 when none
// shares any. It depends on the question alone, so it is worked out once
// with the question's words rather than for every answer. The stems are
// given as ids below nStems.
func followUpsByPoint(points, followUps [][]int32, nStems int) []int {
	out := make([]int, len(points))
	inPoint := make([]bool, nStems)
	for p, pst := range points {
		for _, s := range pst {
			inPoint[s] = true
		}
		best, bestN := -1, 0
		for i, fs := range followUps {
			n := 0
			for _, s := range fs {
				if inPoint[s] {
					n++
				}
			}
			if n > bestN {
				best, bestN = i, n
			}
		}
		out[p] = best
		for _, s := range pst {
			inPoint[s] = false
		}
	}
	return out
}
