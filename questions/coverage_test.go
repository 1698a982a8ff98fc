package questions_test

import (
	"testing"

	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/questions"
)

// TestCoverage enforces the breadth the product promises: every common
// role with a full user-interview bank at every level, a deep HR bank, the
// two drills everywhere, and user-research questions for product roles.
func TestCoverage(t *testing.T) {
	b, err := questions.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	wantRoles := []string{"software-engineer", "frontend-engineer", "data-analyst", "data-scientist",
		"product-manager", "ux-ui-designer", "ux-researcher", "project-manager", "devops-sre",
		"qa-engineer", "marketing", "sales", "customer-success", "graphic-designer"}
	for _, role := range wantRoles {
		t.Run(role, func(t *testing.T) {
			r, ok := b.Role(role)
			if !ok {
				t.Fatalf("role %s has no bank", role)
			}
			var user []coach.Question
			for _, q := range b.Questions(coach.QuestionFilter{Role: role, Track: coach.TrackUser}) {
				if q.Role == role {
					user = append(user, q)
				}
			}
			if len(user) < 40 {
				t.Errorf("%d user-round questions, want at least 40", len(user))
			}
			cats, levels := map[string]int{}, map[coach.Seniority]int{}
			for _, q := range user {
				cats[q.Category]++
				levels[q.Seniority]++
				if n := len(q.TalkingPoints); n < 3 || n > 6 {
					t.Errorf("%s: %d talking points, want 3-6", q.ID, n)
				}
				if n := len(q.FollowUps); n < 1 || n > 3 {
					t.Errorf("%s: %d follow-ups, want 1-3", q.ID, n)
				}
			}
			for _, c := range []string{coach.CatTechnical, coach.CatBehavioural, coach.CatSituational, coach.CatProblemSolving, coach.CatCase, coach.CatTeamFit, coach.CatReverse, coach.CatFollowUp} {
				if cats[c] == 0 {
					t.Errorf("no %s questions", c)
				}
			}
			for _, s := range coach.Seniorities {
				if levels[s] < 5 {
					t.Errorf("only %d %s questions", levels[s], s)
				}
			}
			if len(r.Terms) < 30 {
				t.Errorf("lexicon has %d terms, want at least 30", len(r.Terms))
			}
		})
	}

	hr := b.Questions(coach.QuestionFilter{Role: coach.RoleAny, Track: coach.TrackHR})
	if len(hr) < 80 {
		t.Errorf("%d HR questions, want at least 80", len(hr))
	}
	hrCats := map[string]int{}
	for _, q := range hr {
		hrCats[q.Category]++
	}
	if len(hrCats) < 10 {
		t.Errorf("HR questions span %d categories, want at least 10: %v", len(hrCats), hrCats)
	}
	for _, c := range coach.Categories[coach.TrackHR] {
		if hrCats[c] == 0 {
			t.Errorf("no HR %s questions", c)
		}
	}

	research := 0
	for _, role := range []string{"product-manager", "ux-ui-designer", "ux-researcher"} {
		research += len(b.Questions(coach.QuestionFilter{Role: role, Category: coach.CatUserResearch}))
	}
	if research < 8 {
		t.Errorf("%d user-research questions across product roles, want at least 8", research)
	}
}
