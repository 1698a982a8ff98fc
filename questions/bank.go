package questions

import (
	"sort"
	"strings"

	"github.com/interviewcoach/coach/coach"
)

// Bank is every question, indexed in memory. It is read-only after Load and
// safe for concurrent use, so listing questions never touches Redis.
type Bank struct {
	all   []coach.Question
	byID  map[string]coach.Question
	roles map[string]*coach.Role
	// lower holds the lower-cased searchable text of each question in all,
	// computed once so free-text filters do not allocate per request.
	lower []string
	// summaries is the sorted role list with counts, computed once.
	summaries []coach.RoleSummary
}

var _ coach.QuestionBank = (*Bank)(nil)

func newBank() *Bank {
	return &Bank{byID: make(map[string]coach.Question), roles: make(map[string]*coach.Role)}
}

// index precomputes what the read paths need.
func (b *Bank) index() {
	sort.SliceStable(b.all, func(i, j int) bool { return b.all[i].ID < b.all[j].ID })
	b.lower = make([]string, len(b.all))
	for i, q := range b.all {
		b.lower[i] = strings.ToLower(q.Text + "\n" + q.Assesses + "\n" + strings.Join(q.TalkingPoints, "\n"))
	}
	counts := make(map[string]map[coach.Track]int)
	shared := map[coach.Track]int{}
	for _, q := range b.all {
		if q.Role == coach.RoleAny {
			shared[q.Track]++
			continue
		}
		if counts[q.Role] == nil {
			counts[q.Role] = map[coach.Track]int{}
		}
		counts[q.Role][q.Track]++
	}
	b.summaries = b.summaries[:0]
	for id, r := range b.roles {
		if id == coach.RoleAny {
			continue
		}
		c := map[coach.Track]int{}
		for _, t := range coach.Tracks {
			c[t] = counts[id][t] + shared[t]
		}
		b.summaries = append(b.summaries, coach.RoleSummary{ID: id, Name: r.Name, Counts: c})
	}
	sort.Slice(b.summaries, func(i, j int) bool { return b.summaries[i].Name < b.summaries[j].Name })
}

// Question returns the question with id, or ENotFound.
func (b *Bank) Question(id string) (coach.Question, error) {
	q, ok := b.byID[id]
	if !ok {
		return coach.Question{}, coach.Errorf(coach.ENotFound, "Question %q does not exist.", id)
	}
	return q, nil
}

// Questions returns the questions matching f, ordered by id.
func (b *Bank) Questions(f coach.QuestionFilter) []coach.Question {
	query := strings.ToLower(strings.TrimSpace(f.Query))
	out := make([]coach.Question, 0, 64)
	for i, q := range b.all {
		if f.Role != "" && q.Role != f.Role && q.Role != coach.RoleAny {
			continue
		}
		if f.Track != "" && q.Track != f.Track {
			continue
		}
		if f.Category != "" && q.Category != f.Category {
			continue
		}
		if f.Seniority != "" && !q.Seniority.Matches(f.Seniority) {
			continue
		}
		if query != "" && !strings.Contains(b.lower[i], query) {
			continue
		}
		out = append(out, q)
	}
	return out
}

// Roles lists the roles (not the shared "any" pseudo-role) with question
// counts per track; shared HR questions count towards every role.
func (b *Bank) Roles() []coach.RoleSummary {
	out := make([]coach.RoleSummary, len(b.summaries))
	copy(out, b.summaries)
	return out
}

// Role returns a role by id.
func (b *Bank) Role(id string) (coach.Role, bool) {
	r, ok := b.roles[id]
	if !ok || id == coach.RoleAny {
		return coach.Role{}, false
	}
	return *r, true
}

// Len is the number of questions in the bank.
func (b *Bank) Len() int { return len(b.all) }
