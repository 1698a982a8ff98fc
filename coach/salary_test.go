package coach_test

import (
	"testing"

	"github.com/interviewcoach/coach/coach"
)

func TestExtractSalary(t *testing.T) {
	salaryQ := coach.Question{ID: "hr-salary-001", Category: coach.CatSalary}
	otherQ := coach.Question{ID: "q", Category: coach.CatTechnical}
	cases := []struct {
		name     string
		q        coach.Question
		text     string
		ok       bool
		min, max float64
		cur      string
	}{
		{"range with k", salaryQ, "I'm looking for 65k to 75k based on market data.", true, 65000, 75000, ""},
		{"dollars with commas", salaryQ, "Somewhere between $120,000 and $135,000 base.", true, 120000, 135000, "$"},
		{"thousand", salaryQ, "around 70 thousand euros", true, 70000, 70000, ""},
		{"euro code", salaryQ, "EUR 55.000 – 60.000 gross", true, 55000, 60000, "€"},
		{"no figures", salaryQ, "I'd like to learn more about the role first.", false, 0, 0, ""},
		{"not about pay", otherQ, "I led a team of 12 and cut costs by 30% in 2023, saving 40,000 hours.", false, 0, 0, ""},
		{"pay talk in another question", otherQ, "My salary expectation is 90k.", true, 90000, 90000, ""},
		{"years are not salaries", salaryQ, "In 2024 I earned 80k; I expect 85k.", true, 80000, 85000, ""},
		// Pay words count as whole words in any case, and only then.
		{"pay word in capitals", otherQ, "Base Salary: 95k.", true, 95000, 95000, ""},
		{"pay word at the very end", otherQ, "I'd ask for 95k a year", true, 95000, 95000, ""},
		{"pay word inside another word", otherQ, "We shipped 12,000 packages and promoted 2,000 notes.", false, 0, 0, ""},
		{"pay word glued to a digit", otherQ, "Ran 5,000 tests in ctc2 and 3,000 in xote.", false, 0, 0, ""},
		{"pay word after punctuation", otherQ, "(compensation) 100k-110k", true, 100000, 110000, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st, ok := coach.ExtractSalary(tc.q, tc.text)
			if ok != tc.ok || (ok && (st.Min != tc.min || st.Max != tc.max || st.Currency != tc.cur)) {
				t.Fatalf("got %+v %v, want %v-%v %q %v", st, ok, tc.min, tc.max, tc.cur, tc.ok)
			}
		})
	}
}

func TestSalaryContradiction(t *testing.T) {
	prev := []coach.SalaryStatement{{Min: 65000, Max: 75000, Currency: "$"}}
	cases := []struct {
		name     string
		now      coach.SalaryStatement
		conflict bool
	}{
		{"same range", coach.SalaryStatement{Min: 65000, Max: 75000, Currency: "$"}, false},
		{"overlapping", coach.SalaryStatement{Min: 70000, Max: 80000}, false},
		{"just above, within 10%", coach.SalaryStatement{Min: 80000, Max: 82000}, false},
		{"far above", coach.SalaryStatement{Min: 95000, Max: 100000, Currency: "$"}, true},
		{"far below", coach.SalaryStatement{Min: 40000, Max: 45000}, true},
		{"other currency", coach.SalaryStatement{Min: 95000, Max: 100000, Currency: "€"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			msg, got := coach.SalaryContradiction(prev, tc.now)
			if got != tc.conflict || (got && msg == "") {
				t.Fatalf("conflict = %v (%q), want %v", got, msg, tc.conflict)
			}
		})
	}
}
