package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/questions"
)

func cmdQuestions(args []string, stdout, stderr io.Writer) int {
	var f coach.QuestionFilter
	var track, seniority string
	var asJSON bool
	fs := newFlagSet("questions", stderr)
	fs.StringVar(&f.Role, "role", "", "role id (see the list without flags)")
	fs.StringVar(&track, "track", "", "hr or user")
	fs.StringVar(&f.Category, "category", "", "category, e.g. salary, behavioural")
	fs.StringVar(&seniority, "seniority", "", "junior, mid or senior")
	fs.StringVar(&f.Query, "q", "", "free text to search for")
	fs.BoolVar(&asJSON, "json", false, "print a JSON array of question objects")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	f.Track, f.Seniority = coach.Track(track), coach.Seniority(seniority)
	bank, err := questions.Embedded()
	if err != nil {
		fmt.Fprintln(stderr, "coach:", err)
		return 1
	}
	if f.Role != "" {
		if _, ok := bank.Role(f.Role); !ok {
			fmt.Fprintf(stderr, "coach: unknown role %q; roles: %s\n", f.Role, roleIDs(bank))
			return 2
		}
	}
	if f.Track != "" && !f.Track.Valid() {
		fmt.Fprintln(stderr, "coach: --track must be hr or user")
		return 2
	}
	if f.Seniority != "" && !f.Seniority.Valid() {
		fmt.Fprintln(stderr, "coach: --seniority must be junior, mid or senior")
		return 2
	}
	qs := bank.Questions(f)
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(qs); err != nil {
			fmt.Fprintln(stderr, "coach:", err)
			return 1
		}
		return 0
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tROLE\tROUND\tCATEGORY\tLEVEL\tQUESTION")
	for _, q := range qs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", q.ID, q.Role, q.Track, q.Category, q.Seniority, shorten(q.Text, 90))
	}
	tw.Flush()
	fmt.Fprintf(stdout, "\n%d questions. Roles: %s\n", len(qs), roleIDs(bank))
	return 0
}

func roleIDs(bank *questions.Bank) string {
	var ids []string
	for _, r := range bank.Roles() {
		ids = append(ids, r.ID)
	}
	return strings.Join(ids, ", ")
}

func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
