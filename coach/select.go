package coach

import (
	"cmp"
	"math/rand/v2"
	"slices"
)

// SelectOptions tunes how a practice set is drawn from a pool.
type SelectOptions struct {
	Count     int
	Seniority Seniority
	// Recent holds ids the user answered lately; they are used only when
	// the pool has nothing fresher.
	Recent map[string]bool
	// Boost ranks questions first by how many job-description terms they
	// touch (question id → overlap); nil when there is no job description.
	Boost map[string]int
	// EndWithReverse closes a long enough set the way real interviews end:
	// "do you have any questions for us?".
	EndWithReverse bool
	Rand           *rand.Rand
}

// candidate is a question of the pool, by index, with its rank worked out
// once: questions are large to move around, and every session start
// sorts the pool.
type candidate struct {
	i, rank int
}

// SelectQuestions draws a practice set from pool: categories are taken in
// turn so a set is not five weakness questions; questions matching the
// seniority, not answered recently, and touching the job description come
// first. Drills are left out of the mix except the optional closing
// reverse-interview question. The pool is not changed.
func SelectQuestions(pool []Question, o SelectOptions) []Question {
	r := o.Rand
	if r == nil {
		r = rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	}
	rank := func(q *Question) int {
		score := 0
		if !q.Seniority.Matches(o.Seniority) {
			score -= 1000
		} else if q.Seniority == o.Seniority {
			score += 5 // exact level beats "any"
		}
		// A repeat is worse than a question pitched a level off: the
		// user asked for fresh practice (retries are explicit).
		if o.Recent[q.ID] {
			score -= 10000
		}
		return score + 10*o.Boost[q.ID]
	}
	var reverse, drills []candidate
	byCat := map[string][]candidate{}
	var cats []string
	for i := range pool {
		q := &pool[i]
		c := candidate{i: i, rank: rank(q)}
		switch {
		case q.Category == CatReverse:
			reverse = append(reverse, c)
		case IsDrill(q.Category):
			drills = append(drills, c)
		default:
			if _, ok := byCat[q.Category]; !ok {
				cats = append(cats, q.Category)
			}
			byCat[q.Category] = append(byCat[q.Category], c)
		}
	}
	if len(cats) == 0 {
		// A pool of drills only (a drill category was asked for).
		cats = []string{""}
		byCat[""] = append(reverse, drills...)
		reverse = nil
	}
	// Shuffled, then stably sorted by rank: equal ranks stay shuffled.
	best := func(a, b candidate) int { return cmp.Compare(b.rank, a.rank) }
	for _, c := range cats {
		qs := byCat[c]
		r.Shuffle(len(qs), func(i, j int) { qs[i], qs[j] = qs[j], qs[i] })
		slices.SortStableFunc(qs, best)
	}
	// Categories with the best-ranked head go first; ties shuffled.
	r.Shuffle(len(cats), func(i, j int) { cats[i], cats[j] = cats[j], cats[i] })
	slices.SortStableFunc(cats, func(a, b string) int { return best(byCat[a][0], byCat[b][0]) })

	n := o.Count
	closing := o.EndWithReverse && n >= 5 && len(reverse) > 0
	if closing {
		n--
	}
	out := make([]Question, 0, o.Count)
	for round := 0; len(out) < n; round++ {
		added := false
		for _, c := range cats {
			if round < len(byCat[c]) && len(out) < n {
				out = append(out, pool[byCat[c][round].i])
				added = true
			}
		}
		if !added {
			break
		}
	}
	if closing {
		r.Shuffle(len(reverse), func(i, j int) { reverse[i], reverse[j] = reverse[j], reverse[i] })
		slices.SortStableFunc(reverse, best)
		out = append(out, pool[reverse[0].i])
	}
	return out
}
