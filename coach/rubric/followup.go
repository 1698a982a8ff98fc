package rubric

import (
	"sort"

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
	a := &analysis{d: newDoc(answer), firstNum: -1}
	a.countTokens()
	a.lex = concepts
	a.findTerms()
	qs := questionSide(q, a.lex, 0)
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
	sort.SliceStable(order, func(x, y int) bool {
		px, py := o.points[order[x]], o.points[order[y]]
		if px.state != py.state {
			return px.state < py.state
		}
		return px.matched*max(1, py.total) < py.matched*max(1, px.total)
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
// with the question's words rather than for every answer.
func followUpsByPoint(q coach.Question) []int {
	out := make([]int, len(q.TalkingPoints))
	fstems := make([]map[string]bool, len(q.FollowUps))
	for i, f := range q.FollowUps {
		fstems[i] = stemSet(f)
	}
	for p, tp := range q.TalkingPoints {
		pst := stemSet(tp)
		best, bestN := -1, 0
		for i, fs := range fstems {
			n := 0
			for s := range fs {
				if pst[s] {
					n++
				}
			}
			if n > bestN {
				best, bestN = i, n
			}
		}
		out[p] = best
	}
	return out
}

// stemSet is the set of content stems of s, meta words left out.
func stemSet(s string) map[string]bool {
	d := newDoc(s)
	m := make(map[string]bool, len(d.toks))
	for i := range d.toks {
		if t := &d.toks[i]; t.content && !t.is(cMeta) {
			m[d.stems[i]] = true
		}
	}
	return m
}
