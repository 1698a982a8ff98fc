package web

import (
	"html/template"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/interviewcoach/coach/coach"
)

// The marked-up answer: the answer's own text with what the evaluation's
// insights found in it highlighted, the way a teacher marks an essay.
// Everything is computed here, on the server, and every piece of the
// answer is HTML-escaped before it is wrapped; the page needs no script.
//
// The insights say what the scorer found (which fillers and how often,
// which job terms, which STAR parts); this code finds where. Where the two
// could disagree the insights win: a STAR part the insights call missing is
// never marked, and a filler is marked at most as often as it was counted.

// STAR parts, in story order.
const (
	starSituation = "situation"
	starTask      = "task"
	starAction    = "action"
	starResult    = "result"
)

var starParts = []string{starSituation, starTask, starAction, starResult}

// markedAnswer is an answer ready to show with its highlights.
type markedAnswer struct {
	// HTML is the answer as paragraphs with <mark> and STAR spans.
	HTML template.HTML
	// Fillers and Terms count the highlighted mentions; Star counts the
	// sentences marked with each part.
	Fillers, Terms int
	Star           map[string]int
	// Scored is false when there was no evaluation to draw from and the
	// built-in lists were used instead.
	Scored bool
	// ID makes the section's heading id unique on pages listing many
	// answers; Level is its heading level (2 on the answer page, 4 in lists).
	ID    string
	Level int
}

// Empty reports whether nothing was highlighted.
func (m markedAnswer) Empty() bool {
	n := m.Fillers + m.Terms
	for _, c := range m.Star {
		n += c
	}
	return n == 0
}

// defaultFillers are looked for when an answer has no evaluation.
var defaultFillers = []string{"um", "uh", "erm", "you know", "basically", "literally", "sort of", "kind of", "i mean"}

// starCues are the phrases that suggest a sentence's part of a STAR story.
// Each matched cue adds a point; the position of the sentence in the
// answer breaks ties (stories open with the situation, end with the result).
var starCues = map[string][]string{
	starSituation: {"when i was", "at my previous", "at my last", "in my previous", "in my last", "in my current",
		"last year", "last spring", "last summer", "last autumn", "last winter", "last quarter", "a few years ago",
		"at the time", "we were", "our team was", "the team was", "there was", "i was working", "i worked at",
		"in my role as", "while working", "the situation", "back in", "context", "the problem was", "at my old"},
	starTask: {"my task", "task was", "i was responsible", "responsible for", "my goal", "the goal", "goal was",
		"i needed to", "i had to", "we needed to", "we had to", "my job was", "my role was", "asked me to",
		"the challenge was", "objective", "i was asked", "i was tasked", "my responsibility"},
	starAction: {"i decided", "i built", "i led", "i wrote", "i started", "i created", "i designed", "i set up",
		"i proposed", "i organised", "i organized", "i talked", "i met", "i analysed", "i analyzed", "i ran",
		"i introduced", "i implemented", "i then", "so i", "first i", "then i", "i spoke", "i took", "i made",
		"i brought", "i gave", "i pulled", "i found", "i split", "i walked", "i worked with", "i reached out",
		"i negotiated", "i rewrote", "i measured", "i tested", "i asked"},
	starResult: {"as a result", "result", "resulted", "results", "which meant", "led to", "in the end", "outcome",
		"increased", "reduced", "decreased", "improved", "saved", "recovered", "grew", "shipped", "launched",
		"learned", "learnt", "what i learned", "since then", "ended up", "achieved", "won", "delivered"},
}

// starCue is one cue split into words, indexed by its first word so a
// sentence is scanned once.
type starCue struct {
	part  string
	words []string
}

var starCuesByFirst = func() map[string][]starCue {
	out := map[string][]starCue{}
	for part, cues := range starCues {
		for _, c := range cues {
			w := markWords(c)
			out[w[0]] = append(out[w[0]], starCue{part, w})
		}
	}
	return out
}()

// phrase is one thing to find: its lower-case words and how to mark it.
type phrase struct {
	words []string
	kind  string // "filler" or "term"
	key   string // the filler or the canonical term
}

// markAnswer marks up text. ins is the evaluation's insights (nil when the
// answer was not scored); roleTerms is the role's lexicon, for the
// synonyms of the job terms the insights report; jobTerms are the terms of
// the session's job description.
func markAnswer(text string, ins *coach.Insights, roleTerms []coach.Term, jobTerms []string) markedAnswer {
	m := markedAnswer{Star: map[string]int{}, Scored: ins != nil}
	phrases, budget := markPhrases(ins, roleTerms, jobTerms)
	allowed := map[string]bool{starSituation: true, starTask: true, starAction: true, starResult: true}
	if ins != nil {
		allowed = map[string]bool{starSituation: ins.Star.Situation, starTask: ins.Star.Task,
			starAction: ins.Star.Action, starResult: ins.Star.Result}
	}

	var b strings.Builder
	b.Grow(2*len(text) + 256)
	paras := splitParagraphs(text)
	total := 0
	for _, p := range paras {
		total += len(splitSentences(p))
	}
	idx := 0
	for _, p := range paras {
		b.WriteString(`<p class="marked-para">`)
		for _, s := range splitSentences(p) {
			part := ""
			if strings.TrimSpace(s.text) != "" {
				part = starPart(s.text, idx, total)
				idx++
			}
			if part != "" && !allowed[part] {
				part = ""
			}
			b.WriteString(esc(s.lead))
			if part != "" {
				m.Star[part]++
				label := strings.ToUpper(part[:1]) + part[1:]
				b.WriteString(`<span class="star-part star-` + part + `" data-star="` + part + `">`)
				b.WriteString(`<span class="star-tag" title="` + label + `"><span aria-hidden="true">` + label[:1] + `</span><span class="visually-hidden">` + label + `:</span></span> `)
			}
			writeInline(&b, s.text, phrases, budget, &m)
			if part != "" {
				b.WriteString(`</span>`)
			}
			b.WriteString(esc(s.trail))
		}
		b.WriteString("</p>\n")
	}
	m.HTML = template.HTML(b.String())
	return m
}

// markPhrases builds the phrases to find and, for fillers, how many of
// each may be marked (the insights' count); -1 means no limit.
func markPhrases(ins *coach.Insights, roleTerms []coach.Term, jobTerms []string) (phraseSet, map[string]int) {
	var out []phrase
	budget := map[string]int{}
	add := func(text, kind, key string) {
		w := markWords(text)
		if len(w) > 0 {
			out = append(out, phrase{words: w, kind: kind, key: key})
		}
	}
	if ins != nil {
		for f, n := range ins.FillerWords {
			add(f, "filler", f)
			budget[f] = n
		}
	} else {
		for _, f := range defaultFillers {
			add(f, "filler", f)
			budget[f] = -1
		}
	}
	synonyms := map[string][]string{}
	for _, t := range roleTerms {
		synonyms[strings.ToLower(t.Term)] = t.Synonyms
	}
	var terms []string
	if ins != nil {
		terms = ins.JobTerms
	} else {
		for _, t := range roleTerms {
			terms = append(terms, t.Term)
		}
		terms = append(terms, jobTerms...)
	}
	for _, t := range terms {
		add(t, "term", t)
		for _, syn := range synonyms[strings.ToLower(t)] {
			add(syn, "term", t)
		}
	}
	set := phraseSet{list: out, byFirst: map[string][]int{}}
	for i, p := range out {
		// A plural answer word ("dashboards") is looked up under the
		// phrase's first word as written and with its plural endings.
		for _, k := range []string{p.words[0], p.words[0] + "s", p.words[0] + "es"} {
			set.byFirst[k] = append(set.byFirst[k], i)
		}
	}
	return set, budget
}

// phraseSet is the phrases to find, indexed by the answer words that can
// start them.
type phraseSet struct {
	list    []phrase
	byFirst map[string][]int
}

// wordSpan is one word of a sentence: its lower-case form and its bytes.
type wordSpan struct {
	w          string
	start, end int
}

func isMarkRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '+' || r == '#' || r == '\''
}

// markWordSpans splits s into words the way phrases are split: letters,
// digits, '+', '#' and apostrophes; everything else separates.
func markWordSpans(s string) []wordSpan {
	var out []wordSpan
	start := -1
	for i, r := range s {
		if r == '’' {
			r = '\''
		}
		if isMarkRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, wordSpan{w: strings.ToLower(strings.ReplaceAll(s[start:i], "’", "'")), start: start, end: i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, wordSpan{w: strings.ToLower(strings.ReplaceAll(s[start:], "’", "'")), start: start, end: len(s)})
	}
	return out
}

func markWords(s string) []string {
	spans := markWordSpans(s)
	out := make([]string, len(spans))
	for i, sp := range spans {
		out[i] = sp.w
	}
	return out
}

// sameWord compares an answer word with a phrase word, letting a plural
// match its singular ("dashboards" ~ "dashboard").
func sameWord(answer, want string) bool {
	return answer == want || answer == want+"s" || answer == want+"es"
}

// writeInline writes one sentence, escaped, with fillers and terms marked.
// At each word the longest phrase starting there wins.
func writeInline(b *strings.Builder, s string, phrases phraseSet, budget map[string]int, m *markedAnswer) {
	words := markWordSpans(s)
	pos := 0
	for i := 0; i < len(words); i++ {
		best, bestLen := -1, 0
		for _, pi := range phrases.byFirst[words[i].w] {
			p := phrases.list[pi]
			if len(p.words) <= bestLen || i+len(p.words) > len(words) {
				continue
			}
			ok := true
			for k, w := range p.words {
				if !sameWord(words[i+k].w, w) {
					ok = false
					break
				}
			}
			if ok && (p.kind != "filler" || budget[p.key] != 0) {
				best, bestLen = pi, len(p.words)
			}
		}
		if best < 0 {
			continue
		}
		p := phrases.list[best]
		start, end := words[i].start, words[i+bestLen-1].end
		b.WriteString(esc(s[pos:start]))
		label := "job term"
		if p.kind == "filler" {
			label = "filler"
			m.Fillers++
			if budget[p.key] > 0 {
				budget[p.key]--
			}
		} else {
			m.Terms++
		}
		b.WriteString(`<mark class="mk mk-` + p.kind + `">`)
		b.WriteString(esc(s[start:end]))
		b.WriteString(`<span class="visually-hidden"> (` + label + `)</span></mark>`)
		pos = end
		i += bestLen - 1
	}
	b.WriteString(esc(s[pos:]))
}

// esc escapes text for HTML and keeps its line breaks.
func esc(s string) string {
	return strings.ReplaceAll(template.HTMLEscapeString(s), "\n", "<br>\n")
}

// blankLine separates paragraphs; a single line break stays inside one, so
// a sentence wrapped over two lines is still one sentence.
var blankLine = regexp.MustCompile(`\n[ \t]*\n\s*`)

// splitParagraphs splits on blank lines, dropping empty paragraphs.
func splitParagraphs(text string) []string {
	var out []string
	for _, p := range blankLine.Split(strings.ReplaceAll(text, "\r\n", "\n"), -1) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// sentence is a sentence with the whitespace around it kept apart, so
// the STAR span wraps the words only.
type sentence struct{ lead, text, trail string }

// splitSentences ends a sentence after '.', '!' or '?' (and any closing
// quotes or brackets) followed by whitespace. Decimals ("3.4%") and
// abbreviations followed by a lower-case word ("e.g. this") stay inside.
func splitSentences(p string) []sentence {
	var out []sentence
	start := 0
	for i := 0; i < len(p); {
		r, size := utf8.DecodeRuneInString(p[i:])
		i += size
		if r != '.' && r != '!' && r != '?' {
			continue
		}
		for i < len(p) && strings.ContainsRune(`"')]”’`, rune(p[i])) {
			i++
		}
		if i >= len(p) || !isSpace(p[i]) {
			continue
		}
		j := i
		for j < len(p) && isSpace(p[j]) {
			j++
		}
		if j < len(p) {
			next, _ := utf8.DecodeRuneInString(p[j:])
			if unicode.IsLower(next) {
				continue
			}
		}
		out = append(out, sentence{text: p[start:i], trail: p[i:j]})
		start = j
		i = j
	}
	if start < len(p) {
		out = append(out, sentence{text: p[start:]})
	}
	return out
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' }

// starPart names the STAR part sentence i of n reads as, or "" when no
// cue matches.
func starPart(s string, i, n int) string {
	words := markWords(s)
	pos := 0.5
	if n > 1 {
		pos = float64(i) / float64(n-1)
	}
	hits := map[string]int{}
	seen := map[*starCue]bool{}
	for k, w := range words {
		cues := starCuesByFirst[w]
		for ci := range cues {
			c := &cues[ci]
			if !seen[c] && k+len(c.words) <= len(words) && equalWords(words[k:k+len(c.words)], c.words) {
				seen[c] = true
				hits[c.part]++
			}
		}
	}
	if hits[starAction] == 0 && pastAction(words) {
		hits[starAction] = 1
	}
	best, bestScore := "", 0.0
	for _, part := range starParts {
		if hits[part] == 0 {
			continue
		}
		score := float64(hits[part])
		switch part {
		case starSituation:
			score += 0.5 * (1 - pos)
		case starResult:
			score += 0.5 * pos
		}
		if score > bestScore {
			best, bestScore = part, score
		}
	}
	return best
}

func equalWords(a, b []string) bool {
	for i := range b {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// pastAction reports "I" followed by a past-tense verb ("I migrated").
func pastAction(words []string) bool {
	for i := 0; i+1 < len(words); i++ {
		if words[i] == "i" && strings.HasSuffix(words[i+1], "ed") && !notAction[words[i+1]] {
			return true
		}
	}
	return false
}

var notAction = map[string]bool{"needed": true, "wanted": true, "used": true, "liked": true, "loved": true,
	"hated": true, "enjoyed": true, "preferred": true, "seemed": true, "felt": true, "learned": true}

// markFor marks up an answer of sess for the templates: the session's role
// gives the lexicon, its job description the extra terms.
func (s *Server) markFor(sess coach.Session, a *coach.Answer) markedAnswer {
	if a == nil {
		return markedAnswer{Star: map[string]int{}}
	}
	var terms []coach.Term
	if r, ok := s.bank.Role(sess.Role); ok {
		terms = r.Terms
	}
	var ins *coach.Insights
	if a.Evaluation != nil {
		ins = &a.Evaluation.Insights
	}
	m := markAnswer(a.Text, ins, terms, sess.JobTerms)
	m.ID, m.Level = "marked-"+a.ID, 2
	return m
}

// markInList is markFor for an answer shown in a list, under a level-3
// heading.
func (s *Server) markInList(sess coach.Session, a *coach.Answer) markedAnswer {
	m := s.markFor(sess, a)
	m.Level = 4
	return m
}
