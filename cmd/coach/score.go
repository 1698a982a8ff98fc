package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/questions"
)

// scoreLine is one input line of `coach score`.
type scoreLine struct {
	ID         json.RawMessage `json:"id"`
	Question   string          `json:"question"`
	QuestionID string          `json:"question_id"`
	Answer     string          `json:"answer"`
	Track      string          `json:"track"`
	Role       string          `json:"role"`
	// JobDescription is optional: its matched terms count as job terms.
	JobDescription string `json:"job_description"`
}

// scoreResult is one output line: an evaluation or an error, with the id.
type scoreResult struct {
	ID         json.RawMessage   `json:"id"`
	QuestionID string            `json:"question_id,omitempty"`
	Evaluation *coach.Evaluation `json:"evaluation,omitempty"`
	Error      string            `json:"error,omitempty"`
}

// maxLine bounds one input line: a 5,000-word answer plus its question.
const maxLine = 1 << 20

func cmdScore(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	cfg, err := loadConfig(getenv)
	if err != nil {
		fmt.Fprintln(stderr, "coach:", err)
		return 2
	}
	fs := newFlagSet("score", stderr)
	scorerFlag(fs, &cfg)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if err := checkScorer(cfg); err != nil {
		fmt.Fprintln(stderr, "coach:", err)
		return 2
	}
	bank, err := questions.Embedded()
	if err != nil {
		fmt.Fprintln(stderr, "coach:", err)
		return 1
	}
	log := newLogger(stderr, envOr(getenv, "COACH_LOG_LEVEL", "warn"))
	scorer, _, err := buildScorer(cfg, nil, log)
	if err != nil {
		fmt.Fprintln(stderr, "coach:", err)
		return 1
	}

	in := bufio.NewReaderSize(stdin, 64<<10)
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	for lineNo := 1; ; lineNo++ {
		line, err := readLine(in)
		if len(strings.TrimSpace(string(line))) > 0 {
			res := scoreOne(ctx, bank, scorer, line, lineNo)
			if encErr := enc.Encode(res); encErr != nil {
				fmt.Fprintln(stderr, "coach:", encErr)
				return 1
			}
			out.Flush()
		}
		if err == io.EOF {
			return 0
		}
		if err != nil {
			fmt.Fprintln(stderr, "coach: reading stdin:", err)
			return 1
		}
		if ctx.Err() != nil {
			return 1
		}
	}
}

// readLine reads one line of any length up to maxLine; a longer line is
// consumed and returned truncated so that the caller reports it as bad
// without losing its place in the stream.
func readLine(r *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, isPrefix, err := r.ReadLine()
		if len(line) <= maxLine {
			line = append(line, chunk...)
		}
		if err != nil || !isPrefix {
			return line, err
		}
	}
}

func scoreOne(ctx context.Context, bank *questions.Bank, scorer coach.Scorer, raw []byte, lineNo int) scoreResult {
	var in scoreLine
	if len(raw) > maxLine {
		return scoreResult{ID: json.RawMessage("null"), Error: fmt.Sprintf("line %d is longer than %d bytes", lineNo, maxLine)}
	}
	if err := json.Unmarshal(raw, &in); err != nil {
		return scoreResult{ID: lenientID(raw), Error: fmt.Sprintf("line %d is not a JSON object: %v", lineNo, err)}
	}
	if len(in.ID) == 0 {
		in.ID = json.RawMessage("null")
	}
	res := scoreResult{ID: in.ID}
	q, terms, err := resolveQuestion(bank, in)
	if err != nil {
		res.Error = coach.ErrorMessage(err)
		return res
	}
	res.QuestionID = q.ID
	if err := coach.ValidateAnswer(in.Answer); err != nil {
		res.Error = coach.ErrorMessage(err)
		return res
	}
	jobTerms := coach.MatchTerms(in.JobDescription, terms)
	ev, err := scorer.Score(ctx, coach.ScoreRequest{Question: q, Answer: in.Answer, RoleTerms: terms, JobTerms: jobTerms})
	if err != nil {
		res.Error = coach.ErrorMessage(err)
		return res
	}
	res.Evaluation = &ev
	return res
}

// lenientID pulls the id out of a line that is not valid as a whole, so the
// error can still be matched to its input.
func lenientID(raw []byte) json.RawMessage {
	var v struct {
		ID json.RawMessage `json:"id"`
	}
	if json.Unmarshal(raw, &v) == nil && len(v.ID) > 0 {
		return v.ID
	}
	return json.RawMessage("null")
}

// resolveQuestion finds the question a line is about: by id, by its exact
// text in the banks (so the bank's rubric applies), or as an ad-hoc
// question scored with the generic rubric of its track.
func resolveQuestion(bank *questions.Bank, in scoreLine) (coach.Question, []coach.Term, error) {
	var terms []coach.Term
	if r, ok := bank.Role(in.Role); ok {
		terms = r.Terms
	}
	if in.QuestionID != "" {
		q, err := bank.Question(in.QuestionID)
		if err != nil {
			return q, nil, err
		}
		if terms == nil {
			if r, ok := bank.Role(q.Role); ok {
				terms = r.Terms
			}
		}
		return q, terms, nil
	}
	text := strings.TrimSpace(in.Question)
	if text == "" {
		return coach.Question{}, nil, coach.Errorf(coach.EInvalid, "each line needs \"question\" or \"question_id\"")
	}
	if len(text) > 2000 {
		return coach.Question{}, nil, coach.Errorf(coach.ETooLarge, "the question is longer than 2000 characters")
	}
	track := coach.Track(in.Track)
	if track == "" {
		track = coach.TrackUser
	}
	if !track.Valid() {
		return coach.Question{}, nil, coach.Errorf(coach.EInvalid, "track must be \"hr\" or \"user\"")
	}
	for _, q := range bank.Questions(coach.QuestionFilter{Track: track}) {
		if strings.EqualFold(q.Text, text) {
			return q, terms, nil
		}
	}
	return coach.AdHocQuestion(text, track), terms, nil
}
