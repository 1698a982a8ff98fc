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
)

// payWords say an answer talks about pay, so its figures are salary
// figures and not team sizes or years.
var payWords = []string{"salary", "compensation", "base pay", "base salary", "package", "per annum", "a year",
	"per year", "annual", "annually", "pay range", "expectation", "expectations", "ctc", "ote"}

// talksAboutPay reports whether text holds one of payWords as whole words,
// ignoring ASCII case. It runs on every scored answer, so it is a plain
// substring scan rather than a regular expression (which cost a tenth of
// the answer path's CPU).
func talksAboutPay(text string) bool {
	lower := asciiLower(text)
	for _, w := range payWords {
		for from := 0; ; {
			i := strings.Index(lower[from:], w)
			if i < 0 {
				break
			}
			i += from
			end := i + len(w)
			if (i == 0 || !isWordByte(lower[i-1])) && (end == len(lower) || !isWordByte(lower[end])) {
				return true
			}
			from = i + 1
		}
	}
	return false
}

// asciiLower lowercases A–Z only, so byte offsets stay those of text.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; c >= 'A' && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// isWordByte is \w of regular expressions: an ASCII letter, digit or _.
func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// ExtractSalary finds the salary range an answer states, if it talks about
// pay (or answers a salary question): figures of at least 1,000 after "k"
// and "thousand" are expanded; the range spans the smallest and largest.
func ExtractSalary(q Question, text string) (SalaryStatement, bool) {
	if q.Category != CatSalary && !talksAboutPay(text) {
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
