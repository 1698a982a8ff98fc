package rubric

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/interviewcoach/coach/coach"
)

// hrAnswer is the HR screening rubric: recruiters listen for a relevant,
// concise, positive and researched answer.
func (j *judge) hrAnswer() []line {
	rel := j.relevance("Relevance")
	st, cc := j.structure(), j.concision()
	cl := j.clarity()
	lines := []line{
		rel,
		merge("Structure & concision", 20, st, cc),
		j.positivity(),
		j.research(),
		{name: "Clarity", weight: 15, score: cl.score, comment: cl.comment, strength: cl.strength, improve: cl.improve},
	}
	// What a recruiter weighs most depends on what was asked: tone when
	// the question is about leaving or a gap, a researched basis when it
	// is about pay, a real example when it is about weaknesses.
	switch j.q.Category {
	case coach.CatWhyLeaving, coach.CatGaps:
		lines[2].weight, lines[3].weight = 30, 10
	case coach.CatSalary:
		lines[2].weight, lines[3].weight, lines[4].weight = 15, 30, 10
	case coach.CatStrengths:
		lines[1].weight, lines[3].weight = 15, 25
	}
	return lines
}

// userAnswer is the user-interview rubric: hiring managers listen for the
// substance of the question, a story or reasoning they can follow,
// evidence, the candidate's own part, and a clear, right-sized delivery.
func (j *judge) userAnswer() []line {
	rel := j.relevance("Relevance & talking points")
	rel.weight = 30
	own := j.ownership()
	if !j.story {
		// Explaining a concept needs no "I"; ownership matters most when
		// the question asks what you did.
		own.weight = 8
	}
	st := j.structure()
	name := "Structure"
	if j.story {
		name = "Structure (STAR)"
	}
	return []line{
		rel,
		{name: name, weight: 15, score: st.score, comment: st.comment, strength: st.strength, improve: st.improve},
		j.evidence(),
		own,
		merge("Clarity & concision", 15, j.clarity(), j.concision()),
	}
}

// merge averages two lines into one rubric line.
func merge(name string, weight float64, x, y line) line {
	return line{
		name: name, weight: weight, score: (x.score + y.score) / 2,
		comment:  x.comment + " " + y.comment,
		strength: pick(x.score >= y.score, x.strength, y.strength),
		improve:  pick(x.score <= y.score, x.improve, y.improve),
	}
}

func pick(c bool, a, b string) string {
	if c && a != "" || b == "" {
		return a
	}
	return b
}

// relevance rewards covering the question's talking points and speaking
// to the question's own words.
func (j *judge) relevance(name string) line {
	o, qs := j.o, j.qs
	qf := o.questionFrac(qs)
	l := line{name: name, weight: 25}
	var b strings.Builder
	if qs.nTP == 0 {
		// A question typed in by hand has no talking points; its own words
		// are all there is to meet.
		l.score = 100 * qf
		var used []string
		for _, k := range qs.segs[0] {
			if t := o.at(k); t >= 0 && len(used) < 6 {
				used = appendNewFold(used, j.a.d.span(t, t+1))
			}
		}
		fmt.Fprintf(&b, "Uses %d of the question's %d key words", len(used), len(qs.segs[0]))
		if len(used) > 0 {
			fmt.Fprintf(&b, " (%s)", quoteList(used))
		}
	} else {
		l.score = 100 * (0.7*o.pointsFrac() + 0.3*qf)
		covered, partly := 0, 0
		var words []string
		var missing []string
		for _, p := range o.points {
			switch p.state {
			case 2:
				covered++
			case 1:
				partly++
			default:
				missing = append(missing, p.text)
			}
			for _, w := range p.words {
				if len(words) < 6 {
					words = appendNewFold(words, w)
				}
			}
		}
		fmt.Fprintf(&b, "Covers %d of %d talking points", covered, qs.nTP)
		if partly > 0 {
			fmt.Fprintf(&b, " and touches %d more", partly)
		}
		if len(words) > 0 {
			fmt.Fprintf(&b, " (you said %s)", quoteList(words))
		}
		if len(missing) > 0 {
			fmt.Fprintf(&b, "; missing: %s", quoteList(truncAll(missing[:min(2, len(missing))], 70)))
			if len(missing) > 2 {
				fmt.Fprintf(&b, " and %d more", len(missing)-2)
			}
			l.improve = "Cover what the interviewer listens for: " + trunc(missing[0], 90) + "."
		}
	}
	b.WriteString(".")
	if len(j.a.terms) > 0 {
		fmt.Fprintf(&b, " Role terms used: %s.", strings.Join(j.termNames(5), ", "))
	}
	l.comment = b.String()
	if l.improve == "" {
		l.improve = "Answer the question that was asked, using its key words, before adding anything else."
	}
	l.strength = "Stays on the question and covers the points the interviewer listens for."
	return l
}

func (j *judge) termNames(max int) []string {
	out := make([]string, 0, max)
	for _, t := range j.a.terms {
		if len(out) == max {
			break
		}
		out = append(out, t.name)
	}
	return out
}

// structure rewards a STAR story for questions that ask for an example,
// and otherwise the answer first, then the reasons.
func (j *judge) structure() line {
	a := j.a
	l := line{name: "Structure", weight: 15}
	if j.story {
		parts := []struct {
			name  string
			ok    bool
			quote string
		}{
			{"situation", a.star.Situation, a.firstQuote(kSituation)},
			{"task", a.star.Task, a.firstQuote(kTask)},
			{"action", a.star.Action, a.firstQuote(kAction)},
			{"result", a.star.Result, a.firstQuote(kResult)},
		}
		if parts[2].quote == "" && a.iPastAt >= 0 {
			parts[2].quote = a.d.span(a.iPastAt, min(a.iPastAt+2, len(a.d.toks)))
		}
		have, miss := make([]string, 0, 4), make([]string, 0, 4)
		for _, p := range parts {
			if p.ok {
				if p.quote != "" {
					have = append(have, p.name+" (\""+trunc(p.quote, 60)+"\")") // quote, in one piece
				} else {
					have = append(have, p.name)
				}
			} else {
				miss = append(miss, p.name)
			}
		}
		l.score = 10 + 22.5*float64(len(have))
		switch {
		case len(miss) == 0:
			l.comment = "All four STAR parts: " + strings.Join(have, ", ") + "."
		case len(have) == 0:
			l.comment = "No STAR structure: no situation, task, action or result cues such as \"at my last job\", \"I decided\" or \"as a result\"."
		default:
			l.comment = "STAR parts present: " + strings.Join(have, ", ") + "; missing: " + strings.Join(miss, ", ") + "."
		}
		switch {
		case !a.star.Action:
			l.improve = "Say what you did yourself, step by step, in the first person (\"I decided…, I built…\")."
		case !a.star.Result:
			l.improve = "End with the result: what changed, by how much, and what you learned."
		default:
			l.improve = "Set the scene in one or two sentences: where you were and what you had to achieve."
		}
		l.strength = "Tells a complete STAR story that ends with the result."
		return l
	}

	d := a.d
	nS := len(d.sents)
	firstLen := 0
	onPoint := false
	if nS > 0 {
		s0 := d.sents[0]
		firstLen = int(s0.last - s0.first)
		onPoint = len(j.o.perSent) > 0 && j.o.perSent[0] > 0
		for _, t := range a.terms {
			if int(t.first) < int(s0.last) {
				onPoint = true
			}
		}
	}
	reasons := j.labels(kReason)
	l.score = 10
	var b strings.Builder
	switch {
	case onPoint && firstLen <= 35:
		l.score += 35
		opening := d.span(0, min(firstLen, 10))
		if firstLen > 10 {
			opening += "…"
		}
		fmt.Fprintf(&b, "Opens on the question (%s)", quote(opening))
	case onPoint:
		l.score += 20
		fmt.Fprintf(&b, "Opens on the question but in a %d-word sentence", firstLen)
	default:
		b.WriteString("The first sentence does not use the question's words, so the point comes late")
	}
	l.score += float64(min(35, 15*len(reasons)))
	if len(reasons) > 0 {
		fmt.Fprintf(&b, "; reasons signposted with %s", quoteList(reasons[:min(4, len(reasons))]))
	} else {
		b.WriteString("; no signposts such as \"because\", \"for example\" or \"trade-off\"")
	}
	avg := 0
	if nS > 0 {
		avg = len(d.toks) / nS
	}
	if nS >= 3 {
		l.score += 10
	}
	if avg <= 28 {
		l.score += 10
	}
	fmt.Fprintf(&b, "; %d %s averaging %d words.", nS, plural(nS, "sentence", "sentences"), avg)
	l.comment = b.String()
	l.improve = "Lead with your answer in one sentence, then give two reasons or an example (\"because…\", \"for example…\")."
	l.strength = "Clear shape: the answer first, then the reasons behind it."
	return l
}

// labels returns the distinct canonical labels of the hits of kind k.
func (j *judge) labels(k kind) []string {
	var out []string
	for _, h := range j.a.hits {
		if pt := patterns[h.pat]; pt.kind == k {
			lb := pt.label
			if lb == "" {
				lb = j.a.d.span(int(h.start), int(h.end))
			}
			out = appendNewFold(out, lb)
		}
	}
	return out
}

// concision compares the length with the question's target: too short
// cannot show enough, far too long loses the listener.
func (j *judge) concision() line {
	w, t := j.a.d.words, j.target
	l := line{name: "Concision", weight: 10}
	switch {
	case w < t.Min:
		r := float64(w) / float64(t.Min)
		l.score = 100 * r * math.Sqrt(r)
		l.comment = fmt.Sprintf("%d words against a target of %d–%d: too short to show your reasoning.", w, t.Min, t.Max)
		l.improve = fmt.Sprintf("Say more: aim for %d–%d words with one concrete example.", t.Min, t.Max)
	case w > t.Max:
		over := float64(w)/float64(t.Max) - 1
		l.score = max(5, 100-140*over)
		l.comment = fmt.Sprintf("%d words against a target of %d–%d: %d%% over.", w, t.Min, t.Max, int(over*100+0.5))
		l.improve = fmt.Sprintf("Cut to %d words or fewer: keep the point, one example and the result.", t.Max)
	default:
		l.score = 100
		l.comment = fmt.Sprintf("%d words, inside the %d–%d target.", w, t.Min, t.Max)
	}
	if j.hasFlag(coach.FlagTooShort) || j.hasFlag(coach.FlagTooLong) {
		l.improve = "" // the flag's own advice already says it
	}
	l.strength = "Right length for the question."
	return l
}

// clarity costs filler words, hedging and run-on sentences.
func (j *judge) clarity() line {
	a := j.a
	d := a.d
	l := line{name: "Clarity", weight: 15, score: 100}
	words := max(1, d.words)
	fc := a.fillerCount()
	per100 := float64(fc) * 100 / float64(words)
	hedgeHits := a.kinds[kHedge]
	l.score -= min(45, per100*6)
	l.score -= float64(min(30, hedgeHits*7))
	avg, longest := 0, 0
	for _, s := range d.sents {
		longest = max(longest, int(s.last-s.first))
	}
	if len(d.sents) > 0 {
		avg = len(d.toks) / len(d.sents)
	}
	if avg > 32 {
		l.score -= 10
	}
	if longest > 70 {
		l.score -= 10
	}

	var parts []string
	if fc > 0 {
		parts = append(parts, fmt.Sprintf("fillers %s (%.1f per 100 words)", fillerList(a.fillers), per100))
	}
	if len(a.hedges) > 0 {
		parts = append(parts, "hedges "+quoteList(a.hedges[:min(4, len(a.hedges))]))
	}
	if len(parts) == 0 {
		parts = append(parts, "no filler words or hedges")
	}
	s := strings.Join(parts, "; ")
	l.comment = strings.ToUpper(s[:1]) + s[1:] + fmt.Sprintf("; sentences average %d words", avg)
	if longest > 70 {
		l.comment += fmt.Sprintf(", the longest %d", longest)
	}
	l.comment += "."
	if p := j.fillerPenalty(); p > 0 {
		l.comment += fmt.Sprintf(" So many fillers cost %d points overall.", p)
	}
	switch {
	case fc >= hedgeHits && fc > 0:
		l.improve = "Drop the fillers (" + fillerList(a.fillers) + "): a short pause sounds more confident."
	case hedgeHits > 0:
		l.improve = "State your view plainly instead of hedging (" + quoteList(a.hedges[:min(3, len(a.hedges))]) + ")."
	default:
		l.improve = "Break long sentences up: one idea per sentence is easier to follow when spoken."
	}
	l.strength = "Clear, confident delivery without fillers or hedging."
	return l
}

// fillerPenalty is what a stream of fillers costs beyond the clarity line:
// past five per hundred words they drown the content, whatever its
// quality, so padding an answer with them can never pay.
func (j *judge) fillerPenalty() int {
	per100 := float64(j.a.fillerCount()) * 100 / float64(max(1, j.a.d.words))
	if per100 <= 5 {
		return 0
	}
	return int(min(25, (per100-5)*1.5) + 0.5)
}

// fillerList formats filler counts, most frequent first. It sorts the
// counts in place; their order means nothing elsewhere.
func fillerList(list []fillerCount) string {
	slices.SortFunc(list, func(x, y fillerCount) int {
		if x.n != y.n {
			return cmp.Compare(y.n, x.n)
		}
		return strings.Compare(x.word, y.word)
	})
	var b strings.Builder
	for i, f := range list[:min(4, len(list))] {
		if i > 0 {
			b.WriteString(", ")
		}
		writeQuote(&b, f.word)
		b.WriteString(" ×")
		b.WriteString(strconv.Itoa(f.n))
	}
	return b.String()
}

// evidence rewards figures, concrete tools and named things, and an
// outcome: what makes a claim checkable.
func (j *judge) evidence() line {
	a := j.a
	l := line{name: "Evidence & specificity", weight: 25}
	terms := len(a.terms)
	if j.hasFlag(coach.FlagKeywordStuffing) {
		terms = 0 // a list of terms is not evidence of using them
	}
	names := len(a.proper)
	l.score = 20 + float64(min(35, 12*a.numbers)) + float64(min(25, 8*terms+4*names))
	if a.star.Result {
		l.score += 10
	}
	examples := 0
	for _, r := range j.labels(kReason) {
		if r == "for example" || r == "trade-off" || r == "rather than" {
			examples++
		}
	}
	l.score += float64(min(10, 5*examples))
	var parts []string
	if a.numbers > 0 {
		parts = append(parts, "figures "+quoteList(a.numQuotes))
	} else {
		parts = append(parts, "no figures")
	}
	if terms > 0 {
		parts = append(parts, "tools and terms "+strings.Join(j.termNames(5), ", "))
	}
	if names > 0 {
		parts = append(parts, "named "+quoteList(j.properNames(4)))
	}
	if a.star.Result {
		parts = append(parts, "outcome "+quoteList(a.quotes(kResult, 2)))
	} else {
		parts = append(parts, "no stated outcome")
	}
	if j.story && !a.star.Result && a.numbers == 0 {
		l.score -= 15
		j.redFlag("No result: the story never says what changed. End with the outcome and a number (time saved, % improved, users affected).")
	}
	s := strings.Join(parts, "; ")
	l.comment = strings.ToUpper(s[:1]) + s[1:] + "."
	switch {
	case a.numbers == 0:
		l.improve = "Add a number that shows scale or impact: how many users, how much time or money, what percentage."
	case terms+names == 0:
		l.improve = "Name the concrete tools, methods or systems you used rather than describing them in general."
	default:
		l.improve = "Close with the measurable outcome so the interviewer can judge the impact."
	}
	l.strength = "Specific and checkable: figures, named tools and a stated outcome."
	return l
}

func (j *judge) properNames(max int) []string {
	var out []string
	for _, i := range j.a.proper {
		if len(out) == max {
			break
		}
		out = append(out, j.a.d.span(i, i+1))
	}
	return out
}

// ownership rewards saying what you did ("I") rather than what "we" did,
// and costs blaming others.
func (j *judge) ownership() line {
	a := j.a
	l := line{name: "Ownership", weight: 15}
	var b strings.Builder
	total := a.iCount + a.weCount
	switch {
	case total == 0 && j.story:
		l.score = 30
		b.WriteString("Neither \"I\" nor \"we\": the interviewer cannot tell what you did")
	case total == 0:
		l.score = 65
		b.WriteString("Explained impersonally, with no \"I\" or \"we\"; fine for a concept, but say what you would do")
	default:
		ratio := float64(a.iCount) / float64(total)
		l.score = 35 + 55*ratio
		if a.iAct >= 2 || !j.story && a.iHypo >= 2 {
			l.score += 10
		}
		fmt.Fprintf(&b, "\"I\" %d %s, \"we\" %d", a.iCount, plural(a.iCount, "time", "times"), a.weCount)
		if a.iPastAt >= 0 {
			fmt.Fprintf(&b, "; your own actions, such as %s", quote(a.d.span(a.iPastAt, min(a.iPastAt+3, len(a.d.toks)))))
		}
	}
	if j.story && a.iPast+a.wePast < 2 {
		l.score -= 15
		b.WriteString("; no past-tense example")
		msg := "No example: the question asks for a time you did this, and the answer describes no specific past situation"
		if g := a.quotes(kGeneric, 3); len(g) > 0 {
			msg += " (it talks in generalities: " + quoteList(g) + ")"
		}
		j.redFlag(msg + ". Tell one real story.")
	}
	if blame := a.quotes(kBlame, 3); len(blame) > 0 {
		l.score -= float64(min(50, 25*len(blame)))
		fmt.Fprintf(&b, "; blames others: %s", quoteList(blame))
		j.redFlag("Blaming others (" + quoteList(blame) + "): say what you did about it and what you would do differently.")
	}
	b.WriteString(".")
	l.comment = b.String()
	l.improve = "Say what you did with \"I\" (\"I proposed…, I wrote…\") and keep \"we\" for the team's part."
	l.strength = "Clear ownership: says what you did yourself."
	return l
}

// positivity is the HR line for tone: forward-looking, no complaints about
// past employers, no desperation or profanity.
func (j *judge) positivity() line {
	a := j.a
	d := a.d
	l := line{name: "Positivity & professionalism", weight: 20}
	pos := j.labels(kPositive)
	l.score = 70 + float64(min(30, 6*len(pos)))
	var cost []string
	var bad, mild []string
	for _, h := range a.hits {
		if patterns[h.pat].kind != kNegative {
			continue
		}
		w := d.tok(int(h.start))
		s := d.sents[d.toks[h.start].sent]
		aboutPeople := in(inherentNegative, w)
		for k := s.first; k < s.last && !aboutPeople; k++ {
			aboutPeople = in(employerWords, d.toks[k].s)
		}
		q := d.span(max(int(s.first), int(h.start)-4), min(int(s.last), int(h.end)+2))
		if aboutPeople {
			bad = appendNewFold(bad, q)
		} else {
			mild = appendNewFold(mild, q)
		}
	}
	if len(bad) > 0 {
		l.score -= float64(min(60, 30*len(bad)))
		cost = append(cost, "badmouths a past employer or colleagues: "+quoteList(bad[:min(3, len(bad))]))
		j.redFlag("Badmouthing a previous employer (" + quoteList(bad[:min(2, len(bad))]) + "): HR hears how you would talk about them. Say what you want next instead.")
	}
	if len(mild) > 0 {
		l.score -= float64(min(15, 5*len(mild)))
		cost = append(cost, "negative words "+quoteList(mild[:min(2, len(mild))]))
	}
	if p := a.quotes(kProfanity, 2); len(p) > 0 {
		l.score -= 30
		cost = append(cost, "profanity "+quoteList(p))
		j.redFlag("Profanity (" + quoteList(p) + ") in an interview answer.")
	}
	if p := a.quotes(kDesperation, 2); len(p) > 0 {
		l.score -= 25
		cost = append(cost, "sounds desperate: "+quoteList(p))
		j.redFlag("Sounds like any job will do (" + quoteList(p) + "): say why this role, not why a job.")
	}
	if u := a.quotes(kUltimatum, 2); len(u) > 0 {
		l.score -= 25
		cost = append(cost, "ultimatum "+quoteList(u))
	}
	var b strings.Builder
	if len(pos) > 0 {
		fmt.Fprintf(&b, "Positive, forward-looking words: %s", quoteList(pos[:min(4, len(pos))]))
	} else {
		b.WriteString("Neutral tone, no forward-looking words such as \"excited\" or \"grow\"")
	}
	if len(cost) > 0 {
		b.WriteString("; but " + strings.Join(cost, "; "))
	} else {
		b.WriteString("; nothing negative about past employers")
	}
	b.WriteString(".")
	l.comment = b.String()
	l.improve = "Keep it positive: talk about what you are moving towards, not what you are leaving."
	l.strength = "Positive and professional, even about the past."
	return l
}

var (
	inherentNegative = setOf("toxic incompetent clueless idiot idiots micromanager micromanaged micromanaging lazy dumb pathetic backstabbing liars liar")
	employerWords    = setOf(`boss bosses manager managers management company companies employer employers workplace team teams
coworker coworkers colleague colleagues workers leadership ceo cto founder founders director directors supervisor lead
leads people culture job office organisation organization place they them he she client clients department hr executives owner`)
)

// research is the HR line for preparation and specifics: what the answer
// shows about the company and the role, and, for salary, a researched
// basis instead of a bare number.
func (j *judge) research() line {
	a := j.a
	l := line{name: "Research & specifics", weight: 20}
	cues := a.quotes(kResearch, 4)
	var got, cost []string
	if companyQuestion(j.q) {
		// Motivation, culture, introduction and salary answers are judged on
		// what they show about the company and the market.
		l.score = 30 + float64(min(40, 12*len(cues))) + float64(min(15, 5*len(a.proper))) +
			float64(min(10, 4*a.numbers)) + float64(min(10, 5*len(a.terms)))
	} else {
		// Weaknesses, gaps, goals and the rest are judged on specifics: a
		// real example with names, figures and what came of it.
		l.score = 35 + float64(min(35, 10*a.numbers+6*len(a.proper)+6*len(a.terms))) + float64(min(20, 10*len(cues)))
		if a.iAct >= 2 {
			l.score += 15
			got = append(got, "a real example "+quote(a.d.span(a.iPastAt, min(a.iPastAt+3, len(a.d.toks)))))
		}
		if a.star.Result {
			l.score += 10
			got = append(got, "an outcome "+quoteList(a.quotes(kResult, 1)))
		}
	}
	if len(cues) > 0 {
		got = append(got, "research cues "+quoteList(cues))
	}
	if len(a.proper) > 0 {
		got = append(got, "names "+quoteList(j.properNames(4)))
	}
	if a.numbers > 0 {
		got = append(got, "figures "+quoteList(a.numQuotes))
	}
	if nr := a.quotes(kNoResearch, 2); len(nr) > 0 {
		l.score -= 40
		cost = append(cost, "admits no research: "+quoteList(nr))
		j.redFlag("No research (" + quoteList(nr) + "): read the website, a recent announcement and the job ad before the call, and mention one.")
	}
	if c := a.quotes(kCliche, 2); len(c) > 0 {
		l.score -= 30
		cost = append(cost, "cliché "+quoteList(c))
		j.redFlag("Cliché weakness (" + quoteList(c) + "): name a real weakness, give an example, and say what you are doing about it.")
	}
	salary := j.q.Category == coach.CatSalary || a.d.has("salary") || a.d.has("compensation")
	if salary {
		money := j.moneyFigures()
		basis := a.quotes(kSalaryBasis, 3)
		ultimatum := a.quotes(kUltimatum, 2)
		switch {
		case len(money) > 0 && len(basis) > 0:
			l.score += 20
			got = append(got, "salary figure "+quoteList(money[:1])+" backed by "+quoteList(basis))
		case len(basis) > 0:
			l.score += 10
			got = append(got, "salary basis "+quoteList(basis))
		case len(money) > 0:
			l.score -= 25
			cost = append(cost, "salary figure "+quoteList(money[:1])+" with no basis (no market data, range or research)")
		}
		if len(ultimatum) > 0 || len(money) > 0 && len(basis) == 0 {
			what := "a salary number with no basis"
			if len(ultimatum) > 0 {
				what = "a salary ultimatum (" + quoteList(ultimatum) + ")"
			}
			j.redFlag("Salary: " + what + ". Give a researched range (market data, levels for the role and location) and stay open to the whole package.")
		}
	}
	var b strings.Builder
	if len(got) > 0 {
		b.WriteString(upperFirst(strings.Join(got, "; ")))
	} else {
		b.WriteString("Nothing specific to the company or role: no research cues, names or figures")
	}
	if len(cost) > 0 {
		b.WriteString("; costs: " + strings.Join(cost, "; "))
	}
	b.WriteString(".")
	l.comment = b.String()
	l.improve = "Show your homework: mention something specific about the company (a product, a recent launch, its values) and link it to you."
	if !companyQuestion(j.q) {
		l.improve = "Back the answer with one real example: when it happened, what you did, and what came of it."
	}
	if salary {
		l.improve = "Anchor salary in research: a range from market data for the role and location, and openness on the full package."
	}
	l.strength = "Well researched: specific about the company and the role."
	return l
}

// companyQuestion reports whether an HR question is about the company
// itself, where research is what the recruiter listens for.
func companyQuestion(q coach.Question) bool {
	switch q.Category {
	case coach.CatMotivation, coach.CatCulture, coach.CatIntroduction, coach.CatSalary:
		return true
	}
	return false
}

// moneyFigures returns the figures that read as pay: "$95k", "€65,000",
// "90,000 a year".
func (j *judge) moneyFigures() []string {
	d := j.a.d
	var out []string
	for i, t := range d.toks {
		if !t.num {
			continue
		}
		r, size := utf8.DecodeLastRuneInString(d.raw[:t.start])
		currency := strings.ContainsRune("$€£¥", r)
		digits := 0
		for k := 0; k < len(t.s); k++ {
			if isDigit(t.s[k]) {
				digits++
			}
		}
		year := len(t.s) == 4 && (strings.HasPrefix(t.s, "19") || strings.HasPrefix(t.s, "20"))
		if currency || strings.HasSuffix(t.s, "k") || digits >= 4 && !year || in(moneyUnits, d.tok(i+1)) {
			start := int(t.start)
			if currency {
				start -= size
			}
			out = append(out, d.raw[start:t.end])
		}
	}
	return out
}

var moneyUnits = setOf("k thousand grand dollars euros pounds usd eur gbp chf annually")

func (j *judge) hasFlag(f string) bool { return slices.Contains(j.flags, f) }

func (j *judge) redFlag(s string) { j.redFlags = appendNew(j.redFlags, s) }

// Formatting helpers: every comment quotes the answer the same way.

func quote(s string) string { return "\"" + trunc(s, 60) + "\"" }

// writeQuote writes quote(s) to b.
func writeQuote(b *strings.Builder, s string) {
	b.WriteByte('"')
	b.WriteString(trunc(s, 60))
	b.WriteByte('"')
}

func quoteList(s []string) string {
	n := 0
	for _, v := range s {
		n += len(v) + 4
	}
	var b strings.Builder
	b.Grow(n)
	for i, v := range s {
		if i > 0 {
			b.WriteString(", ")
		}
		writeQuote(&b, v)
	}
	return b.String()
}

func trunc(s string, n int) string {
	if len(s) <= n || utf8.RuneCountInString(s) <= n {
		return s // a string has no more runes than bytes
	}
	if !utf8.ValidString(s) {
		r := []rune(s) // spells invalid bytes as U+FFFD
		return strings.TrimSpace(string(r[:n-1])) + "…"
	}
	cut := 0 // after n-1 runes
	for range n - 1 {
		_, size := utf8.DecodeRuneInString(s[cut:])
		cut += size
	}
	return strings.TrimSpace(s[:cut]) + "…"
}

func truncAll(s []string, n int) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = trunc(v, n)
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r, size := utf8.DecodeRuneInString(s)
	return strings.ToUpper(string(r)) + s[size:]
}

func appendNewFold(s []string, v string) []string {
	if v == "" || containsFold(s, v) {
		return s
	}
	return append(s, v)
}
