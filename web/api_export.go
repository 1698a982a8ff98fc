package web

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/interviewcoach/coach/coach"
)

// exportFormats maps a format to its content type and file extension.
var exportFormats = map[string][2]string{
	"csv":      {"text/csv; charset=utf-8", "csv"},
	"json":     {"application/json; charset=utf-8", "json"},
	"markdown": {"text/markdown; charset=utf-8", "md"},
}

// apiExport streams the caller's whole history as a download. Sessions are
// read a page at a time and written as they come, so memory stays flat
// however long the history is. Once the first byte is out an error can no
// longer become a JSON error; it is logged and the download ends short.
func (s *Server) apiExport(c *gin.Context) {
	format := c.DefaultQuery("format", "json")
	kind, ok := exportFormats[format]
	if !ok {
		s.fail(c, coach.Errorf(coach.EInvalid, "format must be csv, json or markdown."))
		return
	}
	id := mustIdentity(c)
	c.Header("Content-Type", kind[0])
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="interview-coach-%s.%s"`, time.Now().UTC().Format("2006-01-02"), kind[1]))
	c.Header("Cache-Control", "no-store")
	w := bufio.NewWriterSize(c.Writer, 32<<10)
	var err error
	switch format {
	case "csv":
		err = s.exportCSV(c, id, w)
	case "json":
		err = s.exportJSON(c, id, w)
	case "markdown":
		err = s.exportMarkdown(c, id, w)
	}
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		s.log.ErrorContext(c.Request.Context(), "export failed", "request_id", requestIDOf(c), "err", err)
		if !c.Writer.Written() {
			s.fail(c, err)
		}
	}
}

// csvHeader is the column list of the CSV export, one row per answer.
var csvHeader = []string{"session_id", "session_started", "role", "track", "seniority", "question_id", "category",
	"question", "answer_id", "answered_at", "answer", "overall", "scorer", "model", "fallback_reason", "criteria",
	"strengths", "improvements", "red_flags", "flags", "word_count", "follow_up", "coach", "coach_score", "coach_comment"}

// reviewCells are the last csvHeader columns: the coach's review, if any.
func reviewCells(r *coach.Review) []string {
	if r == nil {
		return []string{"", "", ""}
	}
	score := ""
	if r.Score != nil {
		score = strconv.Itoa(*r.Score)
	}
	return []string{r.CoachName, score, r.Comment}
}

// sheetSafe keeps a cell from being run as a formula when the CSV is opened
// in a spreadsheet (CSV injection): an answer or a coach's comment that
// starts with =, +, -, @, a tab or a carriage return gets a leading
// apostrophe, which spreadsheets read as "this is text" and do not show.
func sheetSafe(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

func (s *Server) exportCSV(c *gin.Context, id coach.Identity, w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	err := s.svc.EachSession(c.Request.Context(), id, func(sess coach.Session) error {
		for _, a := range sess.Answers {
			q, _ := sess.Question(a.QuestionID)
			row := []string{sess.ID, sess.CreatedAt.Format(time.RFC3339), sess.Role, string(sess.Track), string(sess.Seniority),
				a.QuestionID, q.Category, q.Text, a.ID, a.CreatedAt.Format(time.RFC3339), a.Text}
			if e := a.Evaluation; e != nil {
				crit := make([]string, len(e.Criteria))
				for i, cr := range e.Criteria {
					crit[i] = cr.Name + ": " + strconv.Itoa(cr.Score)
				}
				row = append(row, strconv.Itoa(e.Overall), e.Scorer, e.Model, e.FallbackReason, strings.Join(crit, "; "),
					strings.Join(e.Strengths, " | "), strings.Join(e.Improvements, " | "), strings.Join(e.RedFlags, " | "),
					strings.Join(e.Flags, " "), strconv.Itoa(e.Insights.WordCount), e.FollowUp)
			} else {
				row = append(row, make([]string, len(csvHeader)-3-len(row))...)
			}
			row = append(row, reviewCells(a.Review)...)
			for i := range row {
				row[i] = sheetSafe(row[i])
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	})
	cw.Flush()
	if err != nil {
		return err
	}
	return cw.Error()
}

func (s *Server) exportJSON(c *gin.Context, id coach.Identity, w io.Writer) error {
	if _, err := io.WriteString(w, "["); err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	first := true
	err := s.svc.EachSession(c.Request.Context(), id, func(sess coach.Session) error {
		if !first {
			if _, err := io.WriteString(w, ","); err != nil {
				return err
			}
		}
		first = false
		return enc.Encode(sess)
	})
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, "]\n")
	return err
}

// exportMarkdown writes the history as a study sheet: each question with
// the answer, the verdict and what a strong answer covers.
func (s *Server) exportMarkdown(c *gin.Context, id coach.Identity, w *bufio.Writer) error {
	fmt.Fprintf(w, "# Interview practice history\n\nExported %s. Newest sessions first.\n", time.Now().UTC().Format("2 January 2006"))
	return s.svc.EachSession(c.Request.Context(), id, func(sess coach.Session) error {
		name := sess.Role
		if r, ok := s.bank.Role(sess.Role); ok {
			name = r.Name
		}
		fmt.Fprintf(w, "\n## %s · %s · %s\n", name, sess.Track.Label(), sess.CreatedAt.Format("2 Jan 2006"))
		if len(sess.JobTerms) > 0 {
			fmt.Fprintf(w, "\nJob description terms: %s\n", strings.Join(sess.JobTerms, ", "))
		}
		for _, a := range sess.Answers {
			q, _ := sess.Question(a.QuestionID)
			fmt.Fprintf(w, "\n### %s\n\n*%s · %s*\n\n", mdLine(q.Text), q.Category, a.CreatedAt.Format("2 Jan 2006 15:04 MST"))
			for _, line := range strings.Split(a.Text, "\n") {
				fmt.Fprintf(w, "> %s\n", line)
			}
			if e := a.Evaluation; e != nil {
				by := "the built-in rubric"
				if e.Scorer == coach.ScorerLLM {
					by = e.Model
				}
				fmt.Fprintf(w, "\n**Score: %d/100** (scored by %s)\n", e.Overall, by)
				if e.FallbackReason != "" {
					fmt.Fprintf(w, "\n_%s_\n", mdLine(e.FallbackReason))
				}
				fmt.Fprintln(w)
				for _, cr := range e.Criteria {
					fmt.Fprintf(w, "- %s: %d. %s\n", cr.Name, cr.Score, mdLine(cr.Comment))
				}
				mdList(w, "Strengths", e.Strengths)
				mdList(w, "To improve", e.Improvements)
				mdList(w, "Red flags", e.RedFlags)
				if e.FollowUp != "" {
					fmt.Fprintf(w, "\n**Likely follow-up:** %s\n", mdLine(e.FollowUp))
				}
			}
			if r := a.Review; r != nil {
				score := ""
				if r.Score != nil {
					score = fmt.Sprintf(", score %d/100", *r.Score)
				}
				fmt.Fprintf(w, "\n**Coach's review** (%s%s): %s\n", mdLine(r.CoachName), score, mdLine(r.Comment))
			}
			mdList(w, "A strong answer covers", q.TalkingPoints)
		}
		// Flush reports a write error (the client went away) so the walk
		// stops instead of reading the rest of the history for nobody.
		return w.Flush()
	})
}

func mdList(w io.Writer, title string, items []string) {
	if len(items) == 0 {
		return
	}
	fmt.Fprintf(w, "\n**%s**\n\n", title)
	for _, it := range items {
		fmt.Fprintf(w, "- %s\n", mdLine(it))
	}
}

// mdLine keeps user text on one line so it cannot break the sheet's structure.
func mdLine(s string) string { return strings.Join(strings.Fields(s), " ") }
