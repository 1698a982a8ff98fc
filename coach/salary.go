package coach

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// FlagSalaryInconsistent marks an answer whose salary figures contradict
// what the user said earlier for the same role. Recruiters and hiring
// managers compare notes, so a range that moves between rounds costs trust.
const FlagSalaryInconsistent = "salary_inconsistent"

// SalaryStatement is a salary range a user stated in an answer.
type SalaryStatement struct {
	Min      float64   `json:"min"`
	Max      float64   `json:"max"`
	Currency string    `json:"currency,omitempty"`
	Text     string    `json:"text"`
	Question string    `json:"question_id"`
	At       time.Time `json:"at"`
}

// Label renders a statement for a person: "$65,000–75,000".
func (s SalaryStatement) Label() string {
	if s.Min == s.Max {
		return s.Currency + formatMoney(s.Min)
	}
	return s.Currency + formatMoney(s.Min) + "–" + formatMoney(s.Max)
}

func formatMoney(v float64) string {
	n := strconv.FormatInt(int64(math.Round(v)), 10)
	var b strings.Builder
	for i, r := range n {
		if i > 0 && (len(n)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

var (
	moneyRe = regexp.MustCompile(`(?i)(\$|€|£|usd\s?|eur\s?|gbp\s?)?(\d{1,3}(?:[,.]\d{3})+|\d+(?:\.\d+)?)\s?(k\b|thousand\b|grand\b)?`)
	// salaryContext says an answer talks about pay, so its figures are
	// salary figures and not team sizes or years.
	salaryContext = regexp.MustCompile(`(?i)\b(salary|compensation|base pay|base salary|package|per annum|a year|per year|annual|annually|pay range|expectations?|ctc|ote)\b`)
)

// ExtractSalary finds the salary range an answer states, if it talks about
// pay (or answers a salary question): figures of at least 1,000 after "k"
// and "thousand" are expanded; the range spans the smallest and largest.
func ExtractSalary(q Question, text string) (SalaryStatement, bool) {
	if q.Category != CatSalary && !salaryContext.MatchString(text) {
		return SalaryStatement{}, false
	}
	st := SalaryStatement{Min: math.Inf(1), Max: math.Inf(-1)}
	found := false
	for _, m := range moneyRe.FindAllStringSubmatch(text, -1) {
		num := m[2]
		// "65,000" and "65.000" are thousands separators; "65.5k" is a decimal.
		if strings.Count(num, ",")+strings.Count(num, ".") > 0 && len(num) > 4 && (num[len(num)-4] == ',' || num[len(num)-4] == '.') {
			num = strings.NewReplacer(",", "", ".", "").Replace(num)
		}
		v, err := strconv.ParseFloat(num, 64)
		if err != nil {
			continue
		}
		if m[3] != "" {
			v *= 1000
		}
		cur := strings.ToUpper(strings.TrimSpace(m[1]))
		if v < 1000 || v > 10_000_000 || (v >= 1900 && v <= 2100 && m[1] == "" && m[3] == "") {
			// Small numbers are counts; four-digit numbers near now are years.
			continue
		}
		found = true
		st.Min = math.Min(st.Min, v)
		st.Max = math.Max(st.Max, v)
		if st.Currency == "" && cur != "" {
			st.Currency = map[string]string{"USD": "$", "EUR": "€", "GBP": "£"}[cur]
			if st.Currency == "" {
				st.Currency = cur
			}
		}
	}
	if !found {
		return SalaryStatement{}, false
	}
	st.Text = strings.TrimSpace(text)
	if len(st.Text) > 200 {
		st.Text = st.Text[:200] + "…"
	}
	st.Question = q.ID
	return st, true
}

// SalaryContradiction compares a new statement with earlier ones for the
// same role (newest last) and describes the contradiction with the latest
// comparable one, if any: ranges that do not overlap and sit more than 10%
// apart.
func SalaryContradiction(earlier []SalaryStatement, now SalaryStatement) (string, bool) {
	for i := len(earlier) - 1; i >= 0; i-- {
		prev := earlier[i]
		if prev.Currency != "" && now.Currency != "" && prev.Currency != now.Currency {
			continue
		}
		lo, hi := prev, now
		if now.Min < prev.Min {
			lo, hi = now, prev
		}
		if hi.Min <= lo.Max*1.10 {
			return "", false
		}
		return fmt.Sprintf("Earlier you gave %s for this role (on %s); now %s. Recruiters and hiring managers compare notes: keep one researched range across both rounds.",
			prev.Label(), prev.At.Format("2 Jan"), now.Label()), true
	}
	return "", false
}
