package web

import (
	"encoding/json"
	"sync"

	"github.com/interviewcoach/coach/coach"
)

// questionCache holds the encoded JSON of question listings. The banks do
// not change while the process runs, and encoding a role's questions (with
// their rubrics and talking points) was most of what GET /api/v1/questions
// cost. Only validated filters without free text are cached, so the key
// space is bounded by roles × tracks × categories × seniorities.
type questionCache struct {
	m sync.Map // coach.QuestionFilter → []byte
}

// get returns the listing for f, encoding it on first use.
func (qc *questionCache) get(bank coach.QuestionBank, f coach.QuestionFilter) ([]byte, error) {
	if f.Query != "" {
		return json.Marshal(bank.Questions(f))
	}
	if b, ok := qc.m.Load(f); ok {
		return b.([]byte), nil
	}
	b, err := json.Marshal(bank.Questions(f))
	if err != nil {
		return nil, err
	}
	qc.m.Store(f, b)
	return b, nil
}
