package coach

import (
	"time"
	"unicode"
)

// Session limits.
const (
	DefaultQuestionCount = 5
	MaxQuestionCount     = 20
	MaxJobDescription    = 20000 // characters
)

// Session is one mock interview: a role, a round and the questions asked.
type Session struct {
	ID        string    `json:"id"`
	UserID    string    `json:"user_id"`
	Role      string    `json:"role"`
	Track     Track     `json:"track"`
	Seniority Seniority `json:"seniority"`
	// JobDescription is the pasted posting, if any; JobTerms what was found in it.
	JobDescription string   `json:"job_description,omitempty"`
	JobTerms       []string `json:"job_terms"`
	AssignmentID   string   `json:"assignment_id,omitempty"`
	// Focus says why a "practise next" set has these questions (the
	// plan's reasons); empty for other sets.
	Focus     []string   `json:"focus,omitempty"`
	Questions []Question `json:"questions"`
	Answers   []Answer   `json:"answers"`
	CreatedAt time.Time  `json:"created_at"`
}

// HasQuestion reports whether the session asks question id.
func (s Session) HasQuestion(id string) bool {
	for _, q := range s.Questions {
		if q.ID == id {
			return true
		}
	}
	return false
}

// Question returns the session's question with id.
func (s Session) Question(id string) (Question, bool) {
	for _, q := range s.Questions {
		if q.ID == id {
			return q, true
		}
	}
	return Question{}, false
}

// Answer returns the session's answer with id.
func (s Session) Answer(id string) (Answer, bool) {
	for _, a := range s.Answers {
		if a.ID == id {
			return a, true
		}
	}
	return Answer{}, false
}

// Answer is what a user said to one question, with its evaluation once scored.
type Answer struct {
	ID         string      `json:"id"`
	SessionID  string      `json:"session_id"`
	UserID     string      `json:"user_id"`
	QuestionID string      `json:"question_id"`
	Text       string      `json:"answer"`
	Evaluation *Evaluation `json:"evaluation"`
	CreatedAt  time.Time   `json:"created_at"`

	// Review is the coach's review, kept beside the AI's evaluation.
	Review *Review `json:"review,omitempty"`
}

// CountWords counts whitespace-separated words, as strings.Fields splits
// them, without building the list (every answer is counted).
func CountWords(s string) int {
	n, inWord := 0, false
	for _, r := range s {
		space := unicode.IsSpace(r)
		if !space && !inWord {
			n++
		}
		inWord = !space
	}
	return n
}

// ValidateAnswer checks an answer's text before it is stored.
func ValidateAnswer(text string) error {
	if len(text) > MaxAnswerBytes {
		return Errorf(ETooLarge, "The answer is too long (%d KB at most).", MaxAnswerBytes>>10)
	}
	n := CountWords(text)
	if n == 0 {
		return Errorf(EInvalid, "The answer is empty.")
	}
	if n > MaxAnswerWords {
		return Errorf(ETooLarge, "The answer has %d words; %d is the most we score.", n, MaxAnswerWords)
	}
	return nil
}
