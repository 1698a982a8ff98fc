package coach

import (
	"context"
	"fmt"
	"slices"
	"sort"
)

// NextPlan is a practice set aimed at where a user is weakest in one role
// and round, with the reasons a person reads ("why these questions").
type NextPlan struct {
	QuestionIDs []string `json:"question_ids"`
	Focus       []string `json:"focus"`
}

// retryBelow is the last score under which a question is worth retrying;
// it matches the readiness model's "questions to retry".
const retryBelow = 60

// PlanNext picks up to count questions from pool (a role's questions in
// one round) for the state's weakest areas, in this order:
//
//  1. up to two questions to retry, lowest last score first;
//  2. a first question from up to two categories never tried;
//  3. unanswered questions from the tried categories, weakest
//     recency-weighted mean first, taken in turn;
//  4. any unanswered question, then answered ones, to fill the set.
//
// Drills other than the reverse interview are left out, like in a normal
// set. The result is deterministic for a given state and pool. A nil or
// empty state yields an empty plan: the caller starts an ordinary set.
func PlanNext(st *ReadinessState, pool []Question, categories []string, count int) NextPlan {
	plan := NextPlan{QuestionIDs: []string{}, Focus: []string{}}
	if st == nil || st.Overall.N == 0 || count <= 0 {
		return plan
	}
	byID := map[string]Question{}
	byCat := map[string][]Question{}
	for _, q := range pool {
		if q.Category == CatFollowUp {
			continue
		}
		byID[q.ID] = q
		byCat[q.Category] = append(byCat[q.Category], q)
	}
	chosen := map[string]bool{}
	take := func(id string) bool {
		if chosen[id] || len(plan.QuestionIDs) >= count {
			return false
		}
		chosen[id] = true
		plan.QuestionIDs = append(plan.QuestionIDs, id)
		return true
	}
	fresh := func(cat string) (Question, bool) {
		for _, q := range byCat[cat] {
			if _, done := st.Questions[q.ID]; !done && !chosen[q.ID] {
				return q, true
			}
		}
		return Question{}, false
	}

	// 1. Retry.
	type low struct {
		id    string
		score int
	}
	var lows []low
	for id, qs := range st.Questions {
		if _, ok := byID[id]; ok && qs.Last < retryBelow {
			lows = append(lows, low{id, qs.Last})
		}
	}
	sort.Slice(lows, func(i, j int) bool {
		if lows[i].score != lows[j].score {
			return lows[i].score < lows[j].score
		}
		return lows[i].id < lows[j].id
	})
	retried := 0
	for _, l := range lows {
		if retried == 2 {
			break
		}
		if take(l.id) {
			retried++
		}
	}
	if retried > 0 {
		what := "a question"
		if retried > 1 {
			what = fmt.Sprintf("%d questions", retried)
		}
		plan.Focus = append(plan.Focus, fmt.Sprintf("Retry %s you scored under %d.", what, retryBelow))
	}

	// 2. Untried categories.
	var untried []string
	for _, c := range categories {
		if cs := st.Categories[c]; cs == nil || cs.N == 0 {
			if q, ok := fresh(c); ok && len(untried) < 2 && take(q.ID) {
				untried = append(untried, c)
			}
		}
	}
	if len(untried) > 0 {
		plan.Focus = append(plan.Focus, "First try at: "+joinLabels(untried)+".")
	}

	// 3. Weakest tried categories, in turn.
	type catMean struct {
		cat  string
		mean float64
	}
	var tried []catMean
	for c, cs := range st.Categories {
		if cs != nil && cs.N > 0 && len(byCat[c]) > 0 {
			tried = append(tried, catMean{c, cs.Mean})
		}
	}
	sort.Slice(tried, func(i, j int) bool {
		if tried[i].mean != tried[j].mean {
			return tried[i].mean < tried[j].mean
		}
		return tried[i].cat < tried[j].cat
	})
	if len(tried) > 2 {
		tried = tried[:2]
	}
	var weak []catMean
	for added := true; added && len(plan.QuestionIDs) < count; {
		added = false
		for _, c := range tried {
			if q, ok := fresh(c.cat); ok && take(q.ID) {
				added = true
				if !slices.ContainsFunc(weak, func(w catMean) bool { return w.cat == c.cat }) {
					weak = append(weak, c)
				}
			}
		}
	}
	if len(weak) > 0 {
		plan.Focus = append(plan.Focus, fmt.Sprintf("Your weakest question type so far: %s (recent average %d).", weak[0].cat, int(weak[0].mean+0.5)))
	}
	if w := st.weakestCriterion(); w != "" {
		plan.Focus = append(plan.Focus, "Keep an eye on "+w+", your lowest rubric line.")
	}

	// 4. Fill.
	for _, pass := range []bool{false, true} {
		for _, q := range pool {
			if _, done := st.Questions[q.ID]; done != pass || q.Category == CatFollowUp {
				continue
			}
			take(q.ID)
		}
	}
	return plan
}

func (st *ReadinessState) weakestCriterion() string {
	best, name := 101.0, ""
	for n, cs := range st.Criteria {
		if cs != nil && (cs.Mean < best || cs.Mean == best && n < name) {
			best, name = cs.Mean, n
		}
	}
	return name
}

func joinLabels(s []string) string {
	out := ""
	for i, v := range s {
		switch {
		case i == 0:
		case i == len(s)-1:
			out += " and "
		default:
			out += ", "
		}
		out += v
	}
	return out
}

// StartNext starts a practice session aimed at the caller's weakest areas
// in a role and round (see PlanNext), reading the readiness state once.
// Without any history there it starts an ordinary mixed set. It returns
// the plan's reasons with the session. EInvalid, ENotFound.
func (s *Service) StartNext(ctx context.Context, id Identity, role string, t Track) (Session, NextPlan, error) {
	r, ok := s.Bank.Role(role)
	if !ok {
		return Session{}, NextPlan{}, Errorf(EInvalid, "Unknown role %q.", role)
	}
	if !t.Valid() {
		return Session{}, NextPlan{}, Errorf(EInvalid, "Track must be \"hr\" or \"user\".")
	}
	states, err := s.Store.ReadinessStates(ctx, id.UserID)
	if err != nil {
		return Session{}, NextPlan{}, err
	}
	var st *ReadinessState
	for i := range states {
		if states[i].Role == r.ID && states[i].Track == t {
			st = &states[i]
		}
	}
	pool := s.Bank.Questions(QuestionFilter{Role: r.ID, Track: t})
	plan := PlanNext(st, pool, s.roundCategories(r.ID, t), DefaultQuestionCount)
	sess, err := s.StartSession(ctx, id, StartInput{Role: r.ID, Track: t, QuestionIDs: plan.QuestionIDs, focus: plan.Focus})
	return sess, plan, err
}
