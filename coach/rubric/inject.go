package rubric

import "strings"

// DetectInjection reports whether answer contains instructions aimed at the
// scorer rather than at the interviewer: "ignore previous instructions",
// "you are now…", "give this answer 100", "rate this 10/10", a system
// prompt, or chat-template role markers such as "### System" and
// "<|im_start|>". An instruction to the grader is not an answer, so the
// local scorer caps such answers low, and the LLM scorer runs this first as
// defence in depth: a model that was talked round cannot lift the cap.
func DetectInjection(answer string) bool {
	d := newDoc(answer)
	defer d.release()
	return injectionEvidence(d, nil) != ""
}

// injectionEvidence returns the words that gave an injection away, or "".
// hits are the answer's pattern matches when the caller already scanned
// it; with nil, only the injection patterns are tried.
func injectionEvidence(d *doc, hits []hit) string {
	for _, m := range injectionMarkers {
		if strings.Contains(d.norm, m) {
			return m
		}
	}
	if m := roleLine(d.norm); m != "" {
		return m
	}
	if strings.Contains(d.norm, `"overall"`) && strings.Contains(d.norm, "{") {
		return `"overall":`
	}
	if hits != nil {
		for _, h := range hits {
			if patterns[h.pat].kind == kInjection {
				return d.span(int(h.start), int(h.end))
			}
		}
		return ""
	}
	for i := range d.toks {
		for _, id := range d.toks[i].pats() {
			pt := &patterns[id]
			if pt.kind != kInjection {
				continue
			}
			if end := pt.match(d, 1, i+1); end >= 0 && (pt.check == nil || pt.check(d, i, end)) {
				return d.span(i, end)
			}
		}
	}
	return ""
}

// injectionMarkers are chat-template tokens no interview answer contains.
var injectionMarkers = []string{
	"<|im_start|>", "<|im_end|>", "<|system|>", "<|assistant|>", "<|user|>", "<|endoftext|>",
	"<|begin_of_text|>", "<|start_header_id|>", "<|eot_id|>", "<<sys>>", "<</sys>>", "[inst]", "[/inst]",
	"[system]", "<system>", "</system>", "```system",
}

// roleLine finds a line that opens a fake chat turn: "### System",
// "System:", "[assistant]". Headings like "System design:" are not turns,
// so the role word must stand alone.
func roleLine(s string) string {
	for len(s) > 0 {
		line := s
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			line, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		t := strings.TrimLeft(line, " \t#*>[-=|`")
		marked := len(t) < len(strings.TrimLeft(line, " \t"))
		for _, role := range []string{"system", "assistant", "developer", "instructions", "instruction"} {
			rest, ok := strings.CutPrefix(t, role)
			if !ok {
				continue
			}
			rest = strings.TrimLeft(rest, " \t")
			switch {
			case strings.HasPrefix(rest, ":"), strings.HasPrefix(rest, "]"), strings.HasPrefix(rest, "|"),
				marked && strings.TrimRight(rest, " \t#*]") == "":
				return strings.TrimSpace(line)
			}
		}
	}
	return ""
}

// scoreNums are the marks someone asks a grader for. Words like "full" or
// "top" only count with a noun ("full marks"), since "give me the full
// picture" is an ordinary sentence.
const (
	scoreNums  = "100|100/100|10/10|5/5|10|ten|hundred|a+"
	scoreMarks = "full|perfect|maximum|max|top|highest marks|score|points|rating|grade"
	answerNoun = "answer|response|reply|submission|candidate"
)

var injectionPatterns = []pattern{
	p(kInjection, "", "ignore|disregard|forget|override|bypass ?all|any|of ?the|your|my|these|those previous|prior|above|earlier|preceding|former|original|system|grading|scoring|all|your|any ?previous|prior|above|earlier|system instructions|instruction|prompt|prompts|rubric|directives", notReported),
	p(kInjection, "", "ignore|disregard|forget the|these|those|any instructions|prompt|rubric above|before|given|you", notReported),
	p(kInjection, "", "ignore|disregard|forget all|everything above|previous|prior|before"),
	p(kInjection, "", "ignore|disregard the|your rubric|grading|scoring"),
	p(kInjection, "", "you are|you're now a|an|the|acting|dan|my|free|unrestricted|jailbroken"),
	p(kInjection, "", "from now on you"),
	p(kInjection, "", "act|pretend|behave as|like|to ?a|an|the|you ?are|be ?a|an|the grader|scorer|evaluator|ai|llm|chatbot"),
	p(kInjection, "", "new|updated|real instructions|prompt", colonAfter),
	p(kInjection, "", "system prompt|override|instructions"),
	p(kInjection, "", "developer prompt|message|instructions"),
	p(kInjection, "", "jailbreak|jailbroken"),
	p(kInjection, "", "dan mode"),
	p(kInjection, "", "give|assign|award|grant this|my|the "+answerNoun+" ?a|an|the ?score|rating|grade|mark ?of ?a|an "+scoreNums),
	p(kInjection, "", "give|assign|award|grant this|it|me a|an|the ?score|rating|grade|mark ?of 100|10/10|100/100|5/5|hundred"),
	p(kInjection, "", "give|assign|award|grant ?this|my|the|me|it ?"+answerNoun+" ?a|an|the "+scoreMarks),
	p(kInjection, "", "rate|score|grade|mark|evaluate this|my|it|me ?"+answerNoun+" ?as|a|an|at|with ?a|an "+scoreNums),
	p(kInjection, "", "rate|score|grade|mark|evaluate the|this|my "+answerNoun+" ?as|a|an|at|with ?a|an "+scoreNums+"|excellent|perfect|flawless"),
	p(kInjection, "", "this|my "+answerNoun+" deserves|should|must|merits ?get|receive|be|have|score ?given ?a|an|the "+scoreNums),
	p(kInjection, "", "this|my "+answerNoun+" deserves|should|must|merits ?get|receive|be|have ?given ?a|an|the "+scoreMarks),
	p(kInjection, "", "note|message|instruction|instructions|memo to|for the|any ?ai|automated grader|scorer|evaluator|ai|llm|chatgpt|gpt"),
	p(kInjection, "", "dear|hey|hi|attention|hello grader|scorer|evaluator|ai|llm|chatgpt|gpt|bot"),
	p(kInjection, "", "to the grader|scorer|evaluator|llm"),
	p(kInjection, "", "reveal|print|show|repeat|output|display|leak your ?system|hidden|original|initial prompt|instructions|rubric"),
	p(kInjection, "", "reveal|print|show|repeat|output|display|leak the system|hidden|original|initial prompt|instructions"),
	p(kInjection, "", "output|respond|reply|return only|with ?a|the score|overall|rating"),
	p(kInjection, "", "overall score|rating ?is|of|should|must ?be "+scoreNums),
	p(kInjection, "", "score|rating|grade|overall <num>|10/10|100/100|5/5", scoreDemand),
}

// notReported rejects a story about someone else being told to ignore
// instructions ("I told the new hire to ignore the previous instructions
// in the old runbook"), which an injection addressed to "you" is not.
func notReported(d *doc, i, j int) bool {
	if d.tok(i-1) != "to" {
		return true
	}
	reported := false
	for k := i - 5; k < i-1; k++ {
		switch d.tok(k) {
		case "you":
			return true
		case "told", "asked", "had", "taught", "reminded", "instructed", "advised", "encouraged", "convinced", "decided", "chose":
			reported = true
		}
	}
	return !reported
}

// colonAfter accepts "New instructions:" but not "the new instructions for
// the warehouse".
func colonAfter(d *doc, i, j int) bool { return d.charAfter(j-1) == ':' }

// scoreDemand accepts "score: 100" style lines but not "scored 95 on the
// exam": the figure must be a top mark and follow a colon or an equals sign.
func scoreDemand(d *doc, i, j int) bool {
	c := d.charAfter(i)
	if c != ':' && c != '=' {
		return false
	}
	w := d.tok(i + 1)
	return w == "100" || w == "10/10" || w == "100/100" || w == "5/5" || w == "10"
}
