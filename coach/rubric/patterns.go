package rubric

import (
	"fmt"
	"sort"
	"strings"
)

// kind groups the phrases the scorer looks for.
type kind uint8

const (
	kFiller      kind = iota // um, you know, basically
	kHedge                   // I guess, probably
	kSituation               // STAR cues
	kTask                    //
	kAction                  //
	kResult                  //
	kReason                  // because, for example, trade-off
	kPositive                // excited, enjoy, grow
	kNegative                // terrible, toxic, hate (badmouthing when about people)
	kNoResearch              // "I don't know much about your company"
	kResearch                // "I read your engineering blog"
	kCliche                  // "I'm a perfectionist"
	kUltimatum               // "or I walk", "non-negotiable"
	kSalaryBasis             // market, range, Glassdoor
	kBlame                   // "it was their fault"
	kDesperation             // "please hire me"
	kDemand                  // "please let me know by Friday"
	kThanks                  //
	kInterest                // excited, look forward
	kCallback                // "you mentioned", "our conversation about"
	kClose                   // "best regards", "next steps"
	kTemplate                // "to whom it may concern"
	kProfanity               //
	kGeneric                 // usually, I tend to: talk about habits, not an example
	kLeading                 // "don't you think", "isn't it"
	kPerks                   // salary, vacation, bonus
	kWebsite                 // "what does your company do"
	kTopicHR                 // culture, growth, onboarding
	kTopicUser               // projects, technical challenges, first 90 days
	kFit                     // fit, values, align
	kInjection               // "ignore previous instructions"
	numKinds
)

// slot is one position of a pattern: any of alts, possibly optional.
// "<num>" stands for any number.
type slot struct {
	alts []string
	opt  bool
	// The alternatives are resolved to their vocabulary entries at init,
	// so that a token is tested by pointer rather than by comparing its
	// word with every alternative; long alternations use a set.
	num   bool // "<num>" is an alternative
	words []*wordInfo
	set   map[*wordInfo]struct{}
}

// longSlot is the number of alternatives from which a slot uses a set.
const longSlot = 8

// resolve looks the slot's words up in the vocabulary, which holds them all.
func (sl *slot) resolve() {
	for _, a := range sl.alts {
		if a == "<num>" {
			sl.num = true
			continue
		}
		sl.words = append(sl.words, vocab[a])
	}
	if len(sl.words) > longSlot {
		sl.set = make(map[*wordInfo]struct{}, len(sl.words))
		for _, w := range sl.words {
			sl.set[w] = struct{}{}
		}
	}
}

// pattern is a phrase of words. Patterns are matched on tokens rather than
// with regular expressions: one pass over the answer with a map lookup per
// word finds every phrase of every kind, which keeps scoring far below the
// time of a single large regexp alternation.
type pattern struct {
	kind  kind
	label string // canonical name; "" quotes the answer's words
	slots []slot
	max   int
	check func(d *doc, i, j int) bool
}

// hit is a match of pattern pat over tokens [start, end).
type hit struct {
	pat        int16
	start, end int32
}

var (
	patterns []pattern
	patIndex map[string][]int16
)

// p declares a pattern. spec separates slots by spaces and alternatives by
// '|'; a leading '?' makes a slot optional.
func p(k kind, label, spec string, check ...func(d *doc, i, j int) bool) pattern {
	pt := pattern{kind: k, label: label}
	for _, f := range strings.Fields(spec) {
		sl := slot{}
		if strings.HasPrefix(f, "?") {
			sl.opt = true
			f = f[1:]
		}
		sl.alts = strings.Split(f, "|")
		pt.slots = append(pt.slots, sl)
	}
	if len(pt.slots) == 0 || pt.slots[0].opt {
		panic(fmt.Sprintf("rubric: pattern %q must start with a required word", spec))
	}
	pt.max = len(pt.slots)
	if len(check) > 0 {
		pt.check = check[0]
	}
	return pt
}

func init() {
	for _, group := range [][]pattern{fillerPatterns, hedgePatterns, starPatterns, hrPatterns,
		userPatterns, drillPatterns, injectionPatterns} {
		patterns = append(patterns, group...)
	}
	patIndex = make(map[string][]int16)
	for id, pt := range patterns {
		for _, a := range pt.slots[0].alts {
			patIndex[a] = append(patIndex[a], int16(id))
		}
	}
	for _, ids := range patIndex {
		// Longer phrases first, so that "i think maybe" wins over "maybe".
		sort.SliceStable(ids, func(a, b int) bool { return patterns[ids[a]].max > patterns[ids[b]].max })
	}
	buildVocab()
}

func (sl *slot) has(t *token) bool {
	if sl.num && t.num {
		return true
	}
	if t.info == nil { // not a word any pattern uses
		return false
	}
	if sl.set != nil {
		_, ok := sl.set[t.info]
		return ok
	}
	for _, w := range sl.words {
		if w == t.info {
			return true
		}
	}
	return false
}

// match returns the end of the longest match of pt at token ti, or -1.
func (pt *pattern) match(d *doc, si, ti int) int {
	if si == len(pt.slots) {
		return ti
	}
	sl := &pt.slots[si]
	if ti < len(d.toks) && sl.has(&d.toks[ti]) {
		if e := pt.match(d, si+1, ti+1); e >= 0 {
			return e
		}
	}
	if sl.opt {
		return pt.match(d, si+1, ti)
	}
	return -1
}

// scan finds every pattern in d in one pass, appending to hits. Within a
// kind, matches do not overlap, so "kind of" is one hedge, not two.
func scan(d *doc, hits []hit) []hit {
	var skip [numKinds]int32
	for i := range d.toks {
		for _, id := range d.toks[i].pats() {
			pt := &patterns[id]
			if int32(i) < skip[pt.kind] {
				continue
			}
			end := pt.match(d, 1, i+1) // t is one of the first slot's words
			if end < 0 || pt.check != nil && !pt.check(d, i, end) {
				continue
			}
			hits = append(hits, hit{pat: id, start: int32(i), end: int32(end)})
			skip[pt.kind] = int32(end)
		}
	}
	return hits
}

// Context checks: the few phrases whose meaning depends on their neighbours.

func likeFiller(d *doc, i, j int) bool {
	if d.charAfter(i) == ',' {
		return true
	}
	prev, next := d.tok(i-1), d.tok(j)
	if d.charBefore(i) == ',' && in(fillerNext, next) {
		return true
	}
	if in(fillerPrev, prev) && in(fillerNext, next) {
		return true
	}
	// "it took like 3 weeks": an approximation said as a filler.
	return j < len(d.toks) && d.toks[j].num && in(approxPrev, prev)
}

var (
	fillerPrev = setOf("um uh so and but was were is it's like")
	fillerNext = setOf("i we they he she you um uh so really totally super literally basically very it's we're i'm they're kind sort")
	approxPrev = setOf("took for about around maybe was is had spent lasted")
	// "do you know", "as you know": a real question or a real clause.
	knowVerbPrev = setOf("do did if as don't would might will what")
	meanPrev     = setOf("what which if that")
	nonPrev      = setOf("non not")
)

func youKnowFiller(d *doc, i, j int) bool {
	if in(knowVerbPrev, d.tok(i-1)) {
		return false
	}
	switch d.charAfter(j - 1) {
	case ',', '.', '?', '!':
		return true
	}
	return d.charBefore(i) == ',' || in(fillerPrev, d.tok(i-1))
}

var determiners = setOf("what which this that the a any some every same different one each no another these those all right wrong only first")

func notAfterDeterminer(d *doc, i, j int) bool { return !in(determiners, d.tok(i-1)) }

// iMeanFiller keeps "I mean, it was…" and drops "I mean what I say".
func iMeanFiller(d *doc, i, j int) bool {
	if in(meanPrev, d.tok(i-1)) {
		return false
	}
	return d.charAfter(j-1) == ',' || d.charBefore(i) == ',' || in(fillerNext, d.tok(j)) || d.tok(j) == "the" || d.tok(j) == "it"
}

var negators = setOf("not never no didn't don't doesn't wasn't won't without avoid avoided nobody nothing rather")

// notNegated rejects "I didn't blame anyone" and "never blamed".
func notNegated(d *doc, i, j int) bool {
	for k := i - 3; k < i; k++ {
		if in(negators, d.tok(k)) {
			return false
		}
	}
	return true
}

func notAfterNon(d *doc, i, j int) bool { return !in(nonPrev, d.tok(i-1)) }

func yearLike(d *doc, i, j int) bool {
	w := d.tok(j - 1)
	return len(w) == 4 && (strings.HasPrefix(w, "19") || strings.HasPrefix(w, "20"))
}

// tagQuestion matches a ", right?" at the end of a question.
func tagQuestion(d *doc, i, j int) bool { return d.charBefore(i) == ',' && d.charAfter(j-1) == '?' }

// endsQuestion keeps "what do you do?" apart from "what do you do to
// support new starters?": only the first can be read off a website.
func endsQuestion(d *doc, i, j int) bool {
	return d.charAfter(j-1) == '?' || j == len(d.toks) || d.toks[j].sent != d.toks[j-1].sent
}

// signOff matches "Best," or "Cheers" on their own near the end of a note.
func signOff(d *doc, i, j int) bool {
	c := d.charAfter(j - 1)
	return (c == ',' || c == 0 || c == '\n' || c == '!') && i >= len(d.toks)*3/5
}

var fillerPatterns = []pattern{
	p(kFiller, "um", "um|umm|ummm|uhm|erm|er|hmm|hmmm"),
	p(kFiller, "uh", "uh|uhh|uhhh"),
	p(kFiller, "like", "like", likeFiller),
	p(kFiller, "you know", "you know", youKnowFiller),
	p(kFiller, "basically", "basically"),
	p(kFiller, "actually", "actually"),
	p(kFiller, "literally", "literally"),
	p(kFiller, "sort of", "sort of", notAfterDeterminer),
	p(kFiller, "kind of", "kind of", notAfterDeterminer),
	p(kFiller, "sort of", "sorta"),
	p(kFiller, "kind of", "kinda"),
	p(kFiller, "i mean", "i mean", iMeanFiller),
	p(kFiller, "so yeah", "so yeah"),
	p(kFiller, "or whatever", "or whatever"),
	p(kFiller, "and stuff", "and stuff"),
}

var hedgePatterns = []pattern{
	p(kHedge, "i think maybe", "i think|guess|feel maybe|perhaps"),
	p(kHedge, "i guess", "i guess"),
	p(kHedge, "probably", "probably"),
	p(kHedge, "i'm not sure", "i'm|i ?am not ?really|totally|entirely sure"),
	p(kHedge, "not sure", "not sure"),
	p(kHedge, "maybe", "maybe"),
	p(kHedge, "perhaps", "perhaps"),
	p(kHedge, "kind of", "kind of", notAfterDeterminer),
	p(kHedge, "sort of", "sort of", notAfterDeterminer),
	p(kHedge, "kind of", "kinda"),
	p(kHedge, "sort of", "sorta"),
	p(kHedge, "i suppose", "i suppose"),
	p(kHedge, "hopefully", "hopefully"),
	p(kHedge, "i feel like", "i feel like"),
	p(kHedge, "i don't know", "i don't|dont know"),
	p(kHedge, "i don't know", "i do not know"),
	p(kHedge, "more or less", "more or less"),
	p(kHedge, "somewhat", "somewhat"),
	p(kHedge, "i might", "i might"),
}

var starPatterns = []pattern{
	p(kSituation, "", "at|in my last|previous|former|current|first job|company|role|employer|position|team|internship|startup|workplace|project"),
	p(kSituation, "", "when|while i was|worked|joined"),
	p(kSituation, "", "back in"),
	p(kSituation, "", "last year|quarter|month|spring|summer|autumn|fall|winter|sprint"),
	p(kSituation, "", "years|months|weeks ago"),
	p(kSituation, "", "at the time"),
	p(kSituation, "", "the|our situation|context|background was"),
	p(kSituation, "", "our|my team was"),
	p(kSituation, "", "i was working|leading|managing|running|supporting|building"),
	p(kSituation, "", "there was a time"),
	p(kSituation, "", "one time"),
	p(kSituation, "", "in|during <num>", yearLike),
	p(kTask, "", "my task|goal|job|role|responsibility|objective|mission|brief|remit was"),
	p(kTask, "", "i was responsible|tasked|asked|assigned|expected|hired|brought"),
	p(kTask, "", "i was in charge"),
	p(kTask, "", "i|we needed|had to"),
	p(kTask, "", "the goal|task|challenge|problem|objective|aim|ask|deadline|issue was"),
	p(kTask, "", "i owned"),
	p(kTask, "", "i set out to"),
	p(kAction, "", "i ?then|also|first|quickly|personally|immediately decided|built|wrote|created|led|designed|implemented|introduced|proposed|organized|organised|analyzed|analysed|set|started|ran|drafted|scheduled|reached|met|spoke|talked|interviewed|prototyped|refactored|added|automated|migrated|negotiated|presented|pulled|rewrote|coordinated|facilitated|mentored|paired|escalated|investigated|traced|tested|shipped|launched|split|broke|gathered|mapped|prioritized|prioritised|suggested|documented|reworked|fixed|chose|found|wrote|sat|called|asked|explained|worked|took|made|changed|volunteered|trained|reviewed|replaced|cut|moved|dug|profiled|measured|queried|joined|modelled|modeled|recruited|ran"),
	p(kResult, "", "as a result"),
	p(kResult, "", "the|our result|results|outcome|impact|effect was|were"),
	p(kResult, "", "resulted|resulting in"),
	p(kResult, "", "led to"),
	p(kResult, "", "in the end"),
	p(kResult, "", "ended up"),
	p(kResult, "", "went from"),
	p(kResult, "", "which|this|that meant"),
	p(kResult, "", "reduced|increased|improved|saved|grew|boosted|raised|lowered|decreased|doubled|tripled|halved|shortened|achieved|delivered|exceeded|eliminated|recovered|prevented|won|retained|adopted|successfully"),
	p(kResult, "", "cut|dropped|rose|fell|sped"),
	p(kResult, "", "on time|budget|schedule"),
	p(kResult, "", "i|we learned|learnt"),
	p(kResult, "", "the lesson"),
	p(kResult, "", "went live"),
	p(kResult, "", "got promoted"),
	p(kResult, "", "percent|percentage"),
	p(kReason, "because", "because"),
	p(kReason, "so that", "so that"),
	p(kReason, "that's why", "that's|which's why"),
	p(kReason, "which is why", "which|that|this is why"),
	p(kReason, "for example", "for example|instance"),
	p(kReason, "for example", "e g"),
	p(kReason, "the reason", "the reason"),
	p(kReason, "first", "first|firstly"),
	p(kReason, "second", "second|secondly"),
	p(kReason, "finally", "finally|lastly"),
	p(kReason, "trade-off", "trade off|offs"),
	p(kReason, "trade-off", "tradeoff|tradeoffs"),
	p(kReason, "it depends", "it depends"),
	p(kReason, "depends on", "depends on"),
	p(kReason, "on the other hand", "on the other hand"),
	p(kReason, "rather than", "rather than"),
	p(kReason, "instead", "instead"),
	p(kReason, "which means", "which|this|that means"),
	p(kReason, "in short", "in short"),
	p(kReason, "overall", "overall"),
	p(kReason, "to sum up", "to sum up"),
	p(kReason, "since", "since"),
}

var hrPatterns = []pattern{
	p(kPositive, "", "excited|exciting|enjoy|enjoyed|enjoying|passionate|thrive|grow|growth|learn|learning|opportunity|proud|curious|motivated|motivates|appreciate|appreciated|eager|keen|contribute|contributing|inspired|inspiring|energized|energised|rewarding|grateful|thankful|fascinated|admire|enthusiastic|love|loved"),
	p(kPositive, "", "look|looking forward"),
	p(kNegative, "", "terrible|awful|horrible|toxic|incompetent|useless|hate|hated|hating|stupid|idiot|idiots|clueless|worst|nightmare|sucked|sucks|lazy|dysfunctional|disaster|pathetic|dumb|micromanager|micromanaged|micromanaging|unbearable|miserable|ridiculous|garbage|crap|joke|backstabbing|liars|liar|disorganized|disorganised|hopeless"),
	p(kNegative, "", "couldn't|can't|could not stand"),
	p(kNegative, "", "fed up"),
	p(kNegative, "", "sick of"),
	p(kNegative, "", "waste of time"),
	p(kNoResearch, "", "i don't|dont|didn't|haven't|havent|do|did|have ?not ?really|actually know|research|researched|look|looked|check|checked|read ?much|anything|a|that|too ?lot|much about|into|up|on your|the|this|you"),
	p(kNoResearch, "", "i don't|didn't|haven't|do|did|have ?not ?really|actually know|research|researched|read your|the ?company|firm|website"),
	p(kNoResearch, "", "i'm|i ?am not ?really familiar with your|the ?company|business|product|products|firm"),
	p(kNoResearch, "", "not sure what your|the|you ?company|business|team|firm|guys|folks do|does|make|sell"),
	p(kNoResearch, "", "what does|do your|the|you ?company|firm|business|guys|folks do|make|sell", endsQuestion),
	p(kNoResearch, "", "haven't|havent|didn't had|have ?a chance|time to look|research|read|check"),
	p(kNoResearch, "", "i|i've|i'm applied|applying to|for a|lots|many|every|everything|everywhere|dozens|hundreds ?lot|of ?companies|jobs|places"),
	p(kNoResearch, "", "i|i've|i'm applied|applying everywhere"),
	p(kResearch, "", "i|i've read|saw|noticed|watched|researched|followed|heard|listened|seen|studied|reviewed"),
	p(kResearch, "", "i've|i been using|following|reading"),
	p(kResearch, "", "your website|blog|careers|mission|values|product|products|app|platform|customers|recent|latest|announcement|launch|engineering|annual|series|funding|roadmap|culture|approach|expansion|investors|acquisition|ipo|report|podcast|talk|talks|open|job|posting|reviews|growth|new|focus|commitment"),
	p(kResearch, "", "annual report"),
	p(kResearch, "", "earnings call"),
	p(kResearch, "", "as a customer|user"),
	p(kResearch, "", "i|i've spoke|spoken|talked to|with"),
	p(kResearch, "", "glassdoor|payscale|linkedin|crunchbase"),
	p(kResearch, "", "levels fyi"),
	p(kResearch, "", "press release"),
	p(kResearch, "", "case study|studies"),
	p(kResearch, "", "job description|posting|advert|ad"),
	p(kCliche, "", "perfectionist|perfectionism|workaholic"),
	p(kCliche, "", "i ?work|working too hard|much"),
	p(kCliche, "", "work|working too hard|much"),
	p(kCliche, "", "care|caring too much"),
	p(kCliche, "", "too honest|dedicated|passionate|committed|hardworking|driven|nice|generous|organized|organised|detail"),
	p(kCliche, "", "no weaknesses|weakness"),
	p(kCliche, "", "don't|dont have any|a ?real weaknesses|weakness"),
	p(kCliche, "", "can't|cannot think of any ?real weaknesses|weakness"),
	p(kUltimatum, "", "or i|i'll|i'm walk|leave|go|quit|out|gone|walking|leaving"),
	p(kUltimatum, "", "or i will walk|leave|go|quit"),
	p(kUltimatum, "", "non|not negotiable"),
	p(kUltimatum, "", "nothing less than|under|below"),
	p(kUltimatum, "", "i won't|wont|wouldn't|can't|cannot accept|consider|take|go ?anything|any less|lower|below|under"),
	p(kUltimatum, "", "i will|would|can not accept|consider|take|go ?anything|any less|lower|below|under"),
	p(kUltimatum, "", "take it or leave it"),
	p(kUltimatum, "", "bare minimum"),
	p(kUltimatum, "", "final offer"),
	p(kUltimatum, "", "deal breaker|breakers"),
	p(kUltimatum, "", "dealbreaker"),
	p(kUltimatum, "", "i demand|refuse"),
	p(kUltimatum, "", "walk away"),
	p(kSalaryBasis, "", "market|research|researched|researching|range|ranges|band|bands|glassdoor|payscale|benchmark|benchmarks|benchmarked|comparable|industry|survey|surveys|data"),
	p(kSalaryBasis, "", "levels ?fyi"),
	p(kSalaryBasis, "", "similar|comparable roles|positions|companies"),
	p(kSalaryBasis, "", "based on"),
	p(kSalaryBasis, "", "total compensation|package|comp"),
	p(kSalaryBasis, "", "flexible|negotiable", notAfterNon),
	p(kSalaryBasis, "", "open to discuss|discussing|discussion|negotiation"),
	p(kSalaryBasis, "", "depending on"),
	p(kSalaryBasis, "", "between <num> and|to"),
	p(kProfanity, "", "damn|shit|crap|fuck|fucking|fucked|bullshit|wtf|pissed|asshole|screw"),
	p(kDesperation, "", "please hire me"),
	p(kDesperation, "", "i ?really|desperately|just|badly need this|a|any job|paycheck|money"),
	p(kDesperation, "", "i really|desperately|badly need this role|position|opportunity"),
	p(kDesperation, "", "i'll|i ?will do anything|whatever"),
	p(kDesperation, "", "any job"),
	p(kDesperation, "", "take anything|whatever"),
	p(kDesperation, "", "begging|beg|desperate|desperately"),
	p(kDesperation, "", "please give me a|the chance|opportunity|shot"),
}

var userPatterns = []pattern{
	p(kBlame, "", "it|it's|that|that's ?was|is ?all|entirely|totally|really their|his|her|the|team's|manager's|client's|boss's|vendor's|pm's|designer's|qa's ?team's|manager's|client's|boss's|vendor's|team|manager|client fault"),
	p(kBlame, "", "not|wasn't|isn't|never my|our fault"),
	p(kBlame, "", "the|my|other ?other team|manager|boss|client|clients|pm|designer|designers|developers|devs|engineers|qa|backend|frontend|vendor|stakeholders|lead|analysts|sales|marketing didn't|never|failed|refused|dropped|messed|screwed|ignored|wouldn't|couldn't|forgot"),
	p(kBlame, "", "my|the manager|boss|lead|team|company made|forced|pushed me"),
	p(kBlame, "", "because of them|him|her|management"),
	p(kBlame, "", "they|he|she never|refused|failed|messed|screwed|dropped|ignored"),
	p(kBlame, "", "blame|blamed|blaming|blames", notNegated),
	p(kBlame, "", "under the bus"),
	p(kBlame, "", "wasn't|isn't|not my job|responsibility|problem"),
	p(kGeneric, "", "usually|generally|typically|normally|always|often"),
	p(kGeneric, "", "i tend to"),
	p(kGeneric, "", "i try to"),
	p(kGeneric, "", "in general"),
	p(kGeneric, "", "i'm|i ?am the|a kind|type of person"),
	p(kGeneric, "", "i would|will"),
	p(kGeneric, "", "i'd|i'll"),
}

var drillPatterns = []pattern{
	p(kThanks, "", "thank|thanks|thankful|grateful|appreciate|appreciated|gratitude"),
	p(kInterest, "", "excited|enthusiastic|eager|keen|interested|interest|thrilled|enthusiasm|excitement"),
	p(kInterest, "", "look|looking forward"),
	p(kInterest, "", "would love to"),
	p(kCallback, "", "you|you've mentioned|said|described|explained|shared|asked|walked|showed|outlined|raised|told"),
	p(kCallback, "", "we|we've discussed|talked|covered|spoke|explored|went|looked|chatted"),
	p(kCallback, "", "our conversation|discussion|chat|talk|call"),
	p(kCallback, "", "learning|hearing about"),
	p(kCallback, "", "your point|question about|on"),
	p(kCallback, "", "the part about|where"),
	p(kClose, "", "look|looking forward to ?hearing|speaking|talking|the|next|next|meeting|your"),
	p(kClose, "", "next steps"),
	p(kClose, "", "please|do let me know"),
	p(kClose, "", "happy to provide|share|answer|send|discuss|talk"),
	p(kClose, "", "feel free to"),
	p(kClose, "", "best|kind|warm regards|wishes"),
	p(kClose, "", "regards|sincerely|cheers|warmly", signOff),
	p(kClose, "", "best", signOff),
	p(kClose, "", "thanks again"),
	p(kClose, "", "talk|speak soon"),
	p(kClose, "", "all the best"),
	p(kTemplate, "", "to whom it may concern"),
	p(kTemplate, "", "dear sir|madam|hiring ?or ?madam|manager"),
	p(kTemplate, "", "i am writing to"),
	p(kTemplate, "", "i am|i'm the perfect|ideal|best|right candidate"),
	p(kTemplate, "", "perfect fit for your|the ?company|organization|organisation|team|role"),
	p(kDemand, "", "i expect|need|require|want a|an|your response|answer|decision|offer|reply|update"),
	p(kDemand, "", "please|kindly respond|reply|decide|confirm|answer by|within|asap|immediately|today|tomorrow|soon"),
	p(kDemand, "", "let me know by|within|asap|immediately|today|tomorrow"),
	p(kDemand, "", "asap"),
	p(kDemand, "", "i need to know by|within|soon|today|asap"),
	p(kDemand, "", "i must insist"),
	p(kDemand, "", "i have other offers|offer"),
	p(kDemand, "", "what is|what's taking so long"),
	p(kDemand, "", "i would|will need|expect|require a ?higher|bigger salary|compensation|raise|bonus"),
	p(kDemand, "", "i'd|i'll need|expect|require a ?higher|bigger salary|compensation|raise|bonus"),
	p(kLeading, "", "don't|doesn't|wouldn't|won't|isn't|aren't|can't|shouldn't|wasn't you|it|that|they|this|there ?think|agree"),
	p(kLeading, "", "surely|obviously"),
	p(kLeading, "", "i assume|imagine|bet"),
	p(kLeading, "", "i'm sure|assuming"),
	p(kLeading, "", "of course"),
	p(kLeading, "", "right|correct|yes|no|yeah", tagQuestion),
	p(kPerks, "", "salary|salaries|pay|paid|compensation|bonus|bonuses|vacation|vacations|holiday|holidays|pto|perks|perk|benefits|equity|stock|stocks|raise|raises|401k|pension|lunch|lunches|gym|allowance|stipend"),
	p(kPerks, "", "time|days off"),
	p(kPerks, "", "leave early"),
	p(kPerks, "", "how many hours"),
	p(kWebsite, "", "what does|do your|the|you ?company|firm|guys|folks|organization|organisation|business do|make|sell", endsQuestion),
	p(kWebsite, "", "what products|services do|does"),
	p(kWebsite, "", "when was|were ?the|your|you|it ?company founded|started|established"),
	p(kWebsite, "", "how many employees|people|staff|offices"),
	p(kWebsite, "", "where is|are ?your|the|you ?company headquarters|hq|headquartered|based|located"),
	p(kWebsite, "", "who are|is your|the competitors|competition|ceo|founder|founders"),
	p(kWebsite, "", "what is your|the ?company's|company mission|vision|history"),
	p(kWebsite, "", "what's your|the ?company's|company mission|vision|history"),
	p(kTopicHR, "", "culture|cultures|values|growth|grow|career|careers|development|develop|learning|learn|onboarding|onboard|training|mentor|mentors|mentorship|mentoring|team|teams|process|processes|timeline|manager|management|feedback|review|reviews|performance|promotion|promotions|progression|path|remote|hybrid|flexibility|expectations|success|successful|diversity|inclusion|collaborate|collaboration|ramp|support|supported|buddy|turnover|communicate|communication|thrive|people|challenges|challenge|measured|evaluate|evaluated|structure|structured"),
	p(kTopicHR, "", "day to day"),
	p(kTopicHR, "", "first ?few|two|three|six|<num> days|weeks|months"),
	p(kTopicHR, "", "next steps"),
	p(kTopicHR, "", "why is|was the|this role|position|job open"),
	p(kTopicHR, "", "do|did|doing well"),
	p(kTopicUser, "", "project|projects|roadmap|team|teams|technical|challenge|challenges|challenging|stack|architecture|debt|metric|metrics|measure|measured|success|kpi|kpis|okr|okrs|priorities|priority|prioritize|prioritise|stakeholders|customers|users|user|problem|problems|goal|goals|deploy|deployment|deployments|release|releases|review|reviews|tooling|tools|codebase|data|experiment|experiments|testing|quality|bottleneck|bottlenecks|incident|incidents|decision|decisions|tradeoffs|scale|scaling|workflow|process|collaboration|design|research|pipeline|backlog|sprint|mentor|legacy|migration|system|systems|product|features|feature|oncall|infrastructure|outcome|outcomes|impact"),
	p(kTopicUser, "", "day to day"),
	p(kTopicUser, "", "first ?few|two|three|six|<num> days|weeks|months"),
	p(kTopicUser, "", "on call"),
	p(kTopicUser, "", "trade offs"),
	p(kFit, "", "fit|fits|culture|values|mission|team|role|position|align|aligns|aligned|alignment|match|matches|contribute|bring|experience|skills|background|strengths|strength|suited"),
}
