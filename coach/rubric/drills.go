package rubric

import (
	"fmt"
	"strings"

	"github.com/interviewcoach/coach/coach"
)

// asked is one question the candidate would ask in a reverse interview.
type asked struct {
	sent                    int
	open, closed, leading   bool
	perks, website, targets bool
}

var (
	skipLead     = setOf("and so also but then finally lastly first firstly second secondly third next one two three q")
	openStart    = setOf("how what what's why which where when who whom tell describe walk explain share talk in to")
	closedStart  = setOf("is are do does did can could will would have has should was were am may isn't aren't don't doesn't didn't won't wouldn't shall")
	politeAsk    = setOf("can could would will")
	openAfterYou = setOf("tell describe walk explain share talk give help say")
)

// questions finds the questions of a reverse-interview answer: sentences
// ending in '?', and question-shaped lines whose mark was forgotten.
func (j *judge) questions() []asked {
	if j.asked != nil {
		return j.asked
	}
	d := j.a.d
	bySent := make([]int, len(d.sents))
	out := []asked{}
	for si, s := range d.sents {
		bySent[si] = -1
		k := int(s.first)
		for k < int(s.last)-1 && (in(skipLead, d.toks[k].s) || d.toks[k].num) {
			k++
		}
		w0, w1, w2 := d.tok(k), d.tok(k+1), d.tok(k+2)
		if k >= int(s.last) {
			w1, w2 = "", ""
		}
		open := in(openStart, w0) || in(politeAsk, w0) && w1 == "you" && in(openAfterYou, w2)
		closed := !open && in(closedStart, w0)
		if !s.question && !(open && s.last-s.first >= 4 && w0 != "in" && w0 != "to") {
			continue
		}
		bySent[si] = len(out)
		out = append(out, asked{sent: si, open: open, closed: closed})
	}
	topic := kTopicUser
	if j.q.Track == coach.TrackHR {
		topic = kTopicHR
	}
	for _, h := range j.a.hits {
		qi := bySent[d.toks[h.start].sent]
		if qi < 0 {
			continue
		}
		switch patterns[h.pat].kind {
		case kLeading:
			out[qi].leading = true
		case kPerks:
			out[qi].perks = true
		case kWebsite:
			out[qi].website = true
		case topic:
			out[qi].targets = true
		}
	}
	for i := range out {
		if j.o.perSent[out[i].sent] >= 2 {
			out[i].targets = true
		}
	}
	j.asked = out
	return out
}

func (j *judge) questionCount() int { return len(j.questions()) }

// sentenceQuote quotes the start of sentence si.
func (j *judge) sentenceQuote(si int) string {
	d := j.a.d
	s := d.sents[si]
	end := min(int(s.last), int(s.first)+9)
	q := d.span(int(s.first), end)
	if end < int(s.last) {
		q += "…"
	} else if s.question {
		q += "?"
	}
	return q
}

// reverseInterview is the rubric of the questions a candidate asks the
// interviewer: enough of them, aimed at what this interviewer knows,
// open-ended and not leading, and not salary-first or answerable from the
// website.
func (j *judge) reverseInterview() []line {
	qs := j.questions()
	n := len(qs)
	var quotes []string
	for i, q := range qs {
		if i == 3 {
			break
		}
		quotes = append(quotes, j.sentenceQuote(q.sent))
	}

	count := line{name: "Questions asked", weight: 20}
	switch {
	case n == 0:
		count.score = 0
	case n == 1:
		count.score = 35
	case n == 2:
		count.score = 65
	case n <= 6:
		count.score = 100
	case n <= 8:
		count.score = 85
	default:
		count.score = 60
	}
	if n == 0 {
		count.comment = "No questions found (no sentence ends with \"?\")."
		j.redFlag("No questions for the interviewer: having none reads as having no interest.")
	} else {
		count.comment = fmt.Sprintf("Asks %d %s: %s.", n, plural(n, "question", "questions"), quoteList(quotes))
		if n > 8 {
			count.comment += " More than you will have time for; pick the best five."
		}
	}
	count.improve = "Prepare three to five questions, so that you still have some if a few are answered during the interview."
	count.strength = "A good number of questions, enough to keep a conversation going."

	round := "culture, growth, onboarding, team or process"
	if j.q.Track == coach.TrackUser {
		round = "projects, the team, technical challenges, how success is measured or the first 90 days"
	}
	targeted := line{name: "Targeted to the round", weight: 30}
	var off []string
	hits := 0
	for _, q := range qs {
		if q.targets {
			hits++
		} else if len(off) < 2 {
			off = append(off, j.sentenceQuote(q.sent))
		}
	}
	if n > 0 {
		targeted.score = 100 * float64(hits) / float64(n)
	}
	topicKind := kTopicUser
	if j.q.Track == coach.TrackHR {
		topicKind = kTopicHR
	}
	targeted.comment = fmt.Sprintf("%d of %d questions are about %s", hits, n, round)
	if w := j.labels(topicKind); len(w) > 0 {
		targeted.comment += " (" + quoteList(w[:min(5, len(w))]) + ")"
	}
	if len(off) > 0 {
		targeted.comment += "; not aimed at this interviewer: " + quoteList(off)
	}
	targeted.comment += "."
	targeted.improve = "Aim each question at what this interviewer knows best: " + round + "."
	targeted.strength = "Questions aimed squarely at what this interviewer can answer."

	open := line{name: "Open-ended, not leading", weight: 25}
	var closed, leading []string
	openN, neutral := 0, 0
	for _, q := range qs {
		switch {
		case q.leading:
			leading = append(leading, j.sentenceQuote(q.sent))
		case q.open:
			openN++
		case q.closed:
			closed = append(closed, j.sentenceQuote(q.sent))
		default:
			neutral++
		}
	}
	if n > 0 {
		open.score = 100*(float64(openN)+0.5*float64(neutral))/float64(n) - float64(min(50, 25*len(leading)))
	}
	open.comment = fmt.Sprintf("%d of %d open-ended (how, what, why, tell me)", openN, n)
	if len(closed) > 0 {
		open.comment += "; yes/no: " + quoteList(closed[:min(2, len(closed))])
	}
	if len(leading) > 0 {
		open.comment += "; leading: " + quoteList(leading[:min(2, len(leading))])
		j.redFlag("Leading questions (" + quoteList(leading[:min(2, len(leading))]) + ") fish for reassurance; ask what, how or why instead.")
	}
	open.comment += "."
	open.improve = "Rephrase yes/no questions to start with \"what\" or \"how\" (\"How does the team…\" rather than \"Does the team…?\")."
	open.strength = "Open questions that invite the interviewer to talk."

	prio := line{name: "Priorities & research", weight: 15, score: 100}
	var costs []string
	perks := 0
	for i, q := range qs {
		if q.perks {
			perks++
			if i == 0 {
				prio.score -= 45
				costs = append(costs, "leads with pay or perks: "+quote(j.sentenceQuote(q.sent)))
				j.redFlag("The first question is about pay or perks; lead with the work and the team, and let salary come later.")
			} else {
				prio.score -= 15
			}
		}
		if q.website {
			prio.score -= 30
			costs = append(costs, "answerable from the website: "+quote(j.sentenceQuote(q.sent)))
		}
	}
	if n > 0 && perks*2 > n {
		prio.score -= 30
		costs = append(costs, fmt.Sprintf("%d of %d questions are about pay or perks", perks, n))
	}
	if w := j.a.quotes(kWebsite, 1); len(w) > 0 {
		j.redFlag("A question the website already answers (" + quoteList(w) + ") suggests no research.")
	}
	if len(costs) == 0 {
		prio.comment = "Puts the work first: no pay-or-perks opener and nothing the website already answers."
	} else {
		prio.comment = upperFirst(strings.Join(costs, "; ")) + "."
	}
	prio.improve = "Open with the work and the team; ask about pay and perks only later, and never what the website already says."
	prio.strength = "Priorities in the right order, and questions that show research."

	conc := j.concision()
	return []line{count, targeted, open, prio, conc}
}

// followUpNote is the rubric of the thank-you note after a round: thanks,
// brevity, fit and interest for HR or specifics of the discussion for the
// hiring manager, a clear close, and a tone without demands or desperation.
func (j *judge) followUpNote() []line {
	a := j.a
	thanks := line{name: "Thanks", weight: 15}
	if t := a.quotes(kThanks, 1); len(t) > 0 {
		early := false
		for _, h := range a.hits {
			if patterns[h.pat].kind == kThanks {
				early = a.d.toks[h.start].sent <= 1
				break
			}
		}
		thanks.score = 80
		thanks.comment = "Thanks the interviewer (" + quote(t[0]) + ")"
		if early {
			thanks.score = 100
			thanks.comment += " at the start"
		}
		thanks.comment += "."
	} else {
		thanks.score = 10
		thanks.comment = "No thanks anywhere (\"thank you\", \"I appreciated\")."
	}
	thanks.improve = "Open by thanking them for their time, by name."
	thanks.strength = "Opens with a genuine thank-you."

	brief := j.concision()
	brief.name, brief.weight = "Brevity", 20

	body := line{weight: 35}
	interest := a.quotes(kInterest, 2)
	callbacks := a.quotes(kCallback, 3)
	template := a.quotes(kTemplate, 2)
	pf := j.o.pointsFrac()
	if j.q.Track == coach.TrackHR {
		body.name = "Fit & interest"
		fit := j.labels(kFit)
		body.score = 10 + float64(min(25, 8*len(fit))) + 20*pf
		var parts []string
		if len(interest) > 0 {
			body.score += 30
			parts = append(parts, "interest "+quoteList(interest))
		} else {
			parts = append(parts, "no stated interest in the role")
		}
		if len(fit) > 0 {
			parts = append(parts, "fit "+quoteList(fit[:min(4, len(fit))]))
		} else {
			parts = append(parts, "nothing on why you fit")
		}
		if len(callbacks) > 0 {
			body.score += 15
			parts = append(parts, "recalls the conversation "+quoteList(callbacks[:1]))
		}
		body.comment = upperFirst(strings.Join(parts, "; "))
		body.improve = "Say in one line why the role fits you and that you are still keen."
		body.strength = "Confirms interest and says why you fit."
	} else {
		body.name = "Specific to the discussion"
		concrete := len(a.terms) + len(a.proper) + a.numbers
		body.score = 10 + 35*pf + float64(min(20, 7*concrete))
		var parts []string
		if len(callbacks) > 0 {
			body.score += 20
			parts = append(parts, "refers back to the interview "+quoteList(callbacks))
		} else {
			parts = append(parts, "no reference to what was discussed")
		}
		covered := 0
		for _, p := range j.o.points {
			if p.state == 2 {
				covered++
			}
		}
		parts = append(parts, fmt.Sprintf("covers %d of %d talking points", covered, len(j.o.points)))
		if len(a.terms) > 0 {
			parts = append(parts, "topics "+strings.Join(j.termNames(4), ", "))
		}
		if len(interest) > 0 {
			body.score += 15
			parts = append(parts, "interest "+quoteList(interest[:1]))
		}
		body.comment = upperFirst(strings.Join(parts, "; "))
		body.improve = "Name what you discussed (a problem, a design, a decision) and add one useful thought on it."
		body.strength = "Specific to the conversation, not a template."
	}
	if len(template) > 0 {
		body.score -= 25
		body.comment += "; template phrases " + quoteList(template)
		j.redFlag("Generic template wording (" + quoteList(template) + "): it could go to any company.")
	}
	body.comment += "."

	closing := line{name: "Clear close", weight: 15}
	if c := a.quotes(kClose, 2); len(c) > 0 {
		closing.score = 100
		closing.comment = "Closes clearly: " + quoteList(c) + "."
	} else if len(interest) > 0 {
		closing.score = 60
		closing.comment = "Ends without a clear close or next step; the interest (" + quote(interest[0]) + ") is there."
	} else {
		closing.score = 25
		closing.comment = "No close: no \"I look forward to hearing about next steps\" or sign-off."
	}
	closing.improve = "End with one line on next steps and a sign-off (\"I look forward to hearing from you. Best, …\")."
	closing.strength = "A clean close with next steps."

	tone := line{name: "Tone", weight: 15, score: 100}
	var costs []string
	if dm := a.quotes(kDemand, 2); len(dm) > 0 {
		tone.score -= 45
		costs = append(costs, "demands "+quoteList(dm))
		j.redFlag("Demands in a thank-you note (" + quoteList(dm) + "): it reads as pressure; leave the timeline to them.")
	}
	if ds := a.quotes(kDesperation, 2); len(ds) > 0 {
		tone.score -= 45
		costs = append(costs, "desperation "+quoteList(ds))
		j.redFlag("Sounds desperate (" + quoteList(ds) + "): confidence reads better than pleading.")
	}
	if p := a.quotes(kPerks, 1); len(p) > 0 {
		tone.score -= 20
		costs = append(costs, "raises pay or perks "+quoteList(p))
	}
	if fc := a.fillerCount(); fc > 2 {
		tone.score -= float64(min(20, 4*fc))
		costs = append(costs, "fillers "+fillerList(a.fillers))
	}
	if len(costs) == 0 {
		tone.comment = "Professional and warm: no demands, pressure or pleading."
	} else {
		tone.comment = upperFirst(strings.Join(costs, "; ")) + "."
	}
	tone.improve = "Keep it warm and confident: no deadlines, no new requests, no pleading."
	tone.strength = "Warm, confident and professional."

	return []line{thanks, brief, body, closing, tone}
}
