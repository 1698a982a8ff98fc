package rubric_test

import (
	"strings"

	"github.com/interviewcoach/coach/coach"
)

// The questions below carry real rubric fields, written the way the banks
// write them, so that the scorer is tested on what it will meet.

var qMotivation = coach.Question{
	ID: "hr-mot-t1", Role: coach.RoleAny, Track: coach.TrackHR, Category: coach.CatMotivation,
	Seniority: coach.SeniorityAny,
	Text:      "Why do you want to work at our company?",
	Assesses:  "Whether the candidate has researched the company and has reasons that connect it to their own experience and goals.",
	TalkingPoints: []string{
		"something specific about the company: its product, customers, mission or a recent move",
		"a link between that and the candidate's own experience and skills",
		"what the candidate wants to grow into, tied to this role",
		"positive reasons for moving, not complaints about the current employer",
	},
	RedFlags:    []string{"generic praise that fits any company", "only talks about salary or perks", "complains about the current job"},
	TargetWords: coach.WordRange{Min: 90, Max: 220},
	FollowUps:   []string{"What would make you turn down an offer from us?", "Which of our products have you used, and what would you change?"},
}

var qSalary = coach.Question{
	ID: "hr-sal-t1", Role: coach.RoleAny, Track: coach.TrackHR, Category: coach.CatSalary,
	Seniority: coach.SeniorityAny,
	Text:      "What are your salary expectations for this role?",
	Assesses:  "Whether the candidate has researched the market and can state a range calmly while staying open to the whole package.",
	TalkingPoints: []string{
		"a researched range based on market data for the role, level and location",
		"mentions the whole package, not only base salary",
		"stays flexible and open to discussion",
		"asks about the company's band or range where appropriate",
	},
	RedFlags:    []string{"a number with no basis", "an ultimatum", "refuses to give any figure at all"},
	TargetWords: coach.WordRange{Min: 50, Max: 160},
	FollowUps:   []string{"What would you do if our band tops out below your range?"},
}

var qWeakness = coach.Question{
	ID: "hr-sw-t1", Role: coach.RoleAny, Track: coach.TrackHR, Category: coach.CatStrengths,
	Seniority: coach.SeniorityAny,
	Text:      "What is your greatest weakness?",
	Assesses:  "Self-awareness and a credible plan to improve.",
	TalkingPoints: []string{
		"a real, job-relevant weakness, not a disguised strength",
		"a concrete example of when it showed",
		"what the candidate is doing to improve, with evidence of progress",
	},
	RedFlags:    []string{"a cliché such as perfectionism", "claims to have no weaknesses"},
	TargetWords: coach.WordRange{Min: 80, Max: 200},
	FollowUps:   []string{"How would your last manager describe that weakness?"},
}

var qLeaving = coach.Question{
	ID: "hr-why-t1", Role: coach.RoleAny, Track: coach.TrackHR, Category: coach.CatWhyLeaving,
	Seniority: coach.SeniorityAny,
	Text:      "Why are you leaving your current job?",
	Assesses:  "Whether the reasons are positive and forward-looking, and consistent with this role.",
	TalkingPoints: []string{
		"a forward-looking reason: growth, scope, a new domain",
		"something good said about the current employer",
		"how this role offers what the candidate is looking for",
	},
	RedFlags:    []string{"badmouthing the employer or manager", "vague or inconsistent reasons"},
	TargetWords: coach.WordRange{Min: 60, Max: 180},
	FollowUps:   []string{"What would your current manager say if we called them?"},
}

var qStory = coach.Question{
	ID: "da-beh-t1", Role: "data-analyst", Track: coach.TrackUser, Category: coach.CatBehavioural,
	Seniority: coach.SeniorityMid,
	Text:      "Tell me about a time you found a problem in the data that others had missed. What did you do?",
	Assesses:  "Rigour with data, ownership of quality, and the judgement to raise a problem with the people who rely on the numbers.",
	TalkingPoints: []string{
		"a specific situation with context: the data, the stakeholders, what was at stake",
		"how the problem was noticed and verified, for example a query against the source of truth",
		"the actions the candidate took personally, including telling stakeholders",
		"the result with a number, and what changed in the process afterwards",
	},
	RedFlags:    []string{"no specific example", "blames another team", "no outcome"},
	TargetWords: coach.WordRange{Min: 150, Max: 320},
	FollowUps: []string{
		"How did the stakeholders react when you told them the number was wrong?",
		"What check would have caught this problem earlier in the process?",
	},
}

var qSQL = coach.Question{
	ID: "da-tech-t1", Role: "data-analyst", Track: coach.TrackUser, Category: coach.CatTechnical,
	Seniority: coach.SeniorityMid,
	Text:      "Walk me through how you would find the top three products by revenue per region in SQL.",
	Assesses:  "Fluency with aggregation and window functions, and whether the candidate checks ties and nulls.",
	TalkingPoints: []string{
		"GROUP BY region and product, SUM(revenue)",
		"ROW_NUMBER or RANK over PARTITION BY region ORDER BY revenue DESC",
		"how ties are handled (RANK vs ROW_NUMBER) and why",
		"checks data quality first: refunds, nulls, currency",
	},
	RedFlags:    []string{"pulls everything into a spreadsheet instead of using SQL", "ignores ties or nulls"},
	TargetWords: coach.WordRange{Min: 80, Max: 200},
	FollowUps: []string{
		"How would you make this query fast on a billion-row table?",
		"What would you do if some orders had no region, or a null revenue?",
	},
}

var qReverse = coach.Question{
	ID: "swe-rev-t1", Role: "software-engineer", Track: coach.TrackUser, Category: coach.CatReverse,
	Seniority: coach.SeniorityAny,
	Text:      "Write three to five questions you would ask the hiring manager at the end of your interview.",
	Assesses:  "Whether the questions are aimed at the work, the team and how success is judged, and are open-ended.",
	TalkingPoints: []string{
		"ask about the projects and technical challenges the team faces in the next six months",
		"ask how success in the role is measured in the first 90 days",
		"ask how the team works: planning, code review, decision making",
		"open-ended questions that start with what or how, not leading",
		"nothing answerable from the website, and no salary or perks first",
	},
	RedFlags:    []string{"no questions", "salary or perks first", "leading questions"},
	TargetWords: coach.WordRange{Min: 40, Max: 150},
	FollowUps:   []string{"If you only had time for one of these, which would you ask and why?"},
}

var qNote = coach.Question{
	ID: "swe-note-t1", Role: "software-engineer", Track: coach.TrackUser, Category: coach.CatFollowUp,
	Seniority: coach.SeniorityAny,
	Text: "Write a short thank-you email to the hiring manager after a technical interview in which you discussed " +
		"designing a rate limiter with Redis and the team's plan to split their monolith into services.",
	Assesses: "A note specific to the conversation that adds one useful point, stays short and confirms interest, instead of a generic template.",
	TalkingPoints: []string{
		"thanks them by name, sent within a day, with a clear subject line",
		"refers to both topics specifically, the Redis rate limiter (for example the token bucket in a Lua script) and the monolith split",
		"adds one point not covered, such as whether the limiter fails open or closed when Redis is unavailable, or how a strangler-fig approach fits their split",
		"one line on why the role fits, under about 150 words, no re-pitch of the CV",
	},
	RedFlags:    []string{"generic text that could go to any company", "pushes for a decision or timeline"},
	TargetWords: coach.WordRange{Min: 80, Max: 160},
	FollowUps:   []string{"How would you change the note if you felt you answered one question poorly?"},
}

var dataAnalystTerms = []coach.Term{
	{Term: "SQL", Synonyms: []string{"postgres", "postgresql", "mysql", "sql query", "sql queries"}},
	{Term: "window functions", Synonyms: []string{"window function", "row_number", "partition by", "running total"}},
	{Term: "CTE", Synonyms: []string{"CTEs", "common table expression", "with clause"}},
	{Term: "NULL handling", Synonyms: []string{"COALESCE", "is null", "nulls", "null values"}},
	{Term: "data warehouse", Synonyms: []string{"snowflake", "bigquery", "redshift"}},
	{Term: "dashboards", Synonyms: []string{"dashboard", "tableau", "power bi", "looker"}},
	{Term: "A/B testing", Synonyms: []string{"a/b test", "ab test", "experiment", "experiments", "split test"}},
	{Term: "Excel", Synonyms: []string{"spreadsheet", "spreadsheets", "pivot table", "vlookup"}},
	{Term: "Python", Synonyms: []string{"jupyter", "python3"}},
	{Term: "pandas", Synonyms: []string{"dataframe", "numpy"}},
	{Term: "dbt", Synonyms: []string{"data build tool", "dbt model", "dbt models"}},
	{Term: "data quality", Synonyms: []string{"data validation", "data quality checks", "data tests"}},
	{Term: "KPIs", Synonyms: []string{"KPI", "metric", "metrics"}},
	{Term: "retention", Synonyms: []string{"churn", "retention rate"}},
	{Term: "cohort analysis", Synonyms: []string{"cohort", "cohorts"}},
}

var sweTerms = []coach.Term{
	{Term: "Redis", Synonyms: []string{"redis cluster", "redis sentinel"}},
	{Term: "rate limiting", Synonyms: []string{"rate limiter", "token bucket", "leaky bucket", "throttling"}},
	{Term: "microservices", Synonyms: []string{"services split", "service-oriented", "split the monolith", "strangler fig", "strangler-fig"}},
	{Term: "monolith", Synonyms: []string{"monolithic"}},
	{Term: "Lua", Synonyms: []string{"lua script"}},
	{Term: "code review", Synonyms: []string{"code reviews", "pull request", "pull requests"}},
	{Term: "technical debt", Synonyms: []string{"tech debt"}},
}

// Answers. Good ones are what a well-prepared candidate would say; weak
// ones are what interviewers hear too often.

const motivationGood = `I want to work at Northwind because your product sits exactly where my last four years have been: helping small logistics firms make sense of their own data. I've been using Northwind Routes as a customer at my current company since 2022, and when I read your engineering blog post on moving route optimisation to real time, I recognised the problems we fight every week.

What draws me specifically is your focus on customers who don't have a data team. At Acme Freight I built the reporting our dispatchers use every morning, and the best feedback I got came from people who had never opened a dashboard before. I noticed in the job description that this role works closely with customer success, and that is the part of my work I enjoy most.

I'm also looking for a place where I can grow into leading analysis for a product line. From what I saw on your careers page, and from talking to Priya, who works in your Berlin office, mentorship is taken seriously here. So it's the mix: a product I already believe in, customers I understand, and room to grow.`

const motivationWeak = `Honestly I just need a job right now and your company was hiring. I don't know much about your company but I'm sure it's fine. I'm a hard worker and, um, I think maybe I could learn stuff here. My last boss was terrible so I want to leave as soon as possible. I guess any company is better than that place, you know.`

const salaryGood = `Based on my research for senior data analyst roles in Berlin, using Glassdoor, levels.fyi and two recruiters I spoke with last month, the market range is roughly €68,000 to €80,000 base. Given my five years of experience and the scope we discussed, I'm targeting the upper half of that range, around €74,000 to €78,000.

That said, I look at the whole package: the learning budget, pension contributions and flexibility on remote days matter to me too, so I'm open to discussing how it all fits together. Could you share the band you have budgeted for this position? I'd like to make sure we're aligned early so that neither of us wastes time.`

const salaryUltimatum = `I need at least 95k or I walk. That's non-negotiable. My friend makes that at another company so I should too. I don't really care about benefits or any of that stuff, just the salary number. If you can't pay that then this is not going to work for me, honestly.`

const weaknessCliche = `My greatest weakness is that I'm a perfectionist. I work too hard and I care too much about my work, so sometimes I stay late to make everything perfect. My managers have always said it's actually a strength. I think it shows how committed I am to the company and the team, and I don't see it changing.`

const weaknessGood = `My real weakness is presenting to large groups. In my first year as an analyst I presented a churn analysis to about forty people, rushed through the slides and lost the room before I reached the recommendation, which was the only part that mattered.

Since then I've worked on it deliberately. I joined the internal speakers' group, I now rehearse every presentation twice with a colleague, and I open with the recommendation instead of the method. Last quarter I presented our pricing test results to the leadership team and the CFO asked for the deck afterwards to reuse in the board meeting. I'm not a natural speaker yet, but it no longer holds my work back.`

const leavingBadmouth = `My boss is terrible and the whole company is toxic. Management is incompetent and nobody listens to anything the analysts say. I hate going to work every day, and honestly I can't stand my coworkers any more. I just want to get out of there as soon as I can, anywhere is better than that place.`

const storyGood = `At my last job at a subscription meal-kit company, I owned the weekly retention dashboard that the leadership team used to decide marketing spend. In March 2023 the dashboard showed week-four retention jumping from 41% to 52% in a single week, and the growth team was about to double the budget for the campaign they thought caused it.

My task was to confirm the number before the Monday planning meeting. Something felt off, because no other metric had moved. I wrote a SQL query that rebuilt the cohort from the raw orders table instead of the summary table, and the two disagreed by almost 3,000 customers. I traced the gap to a deduplication step in our dbt model: a schema change in the payments system had started creating a second customer ID for anyone who updated their card, so paused customers were being counted as new, active ones.

I fixed the join, added a data quality test in dbt that fails when there is more than one customer ID per email, and backfilled eight weeks of data. Then I sat down with the head of growth before the meeting, walked her through the before-and-after numbers, and proposed we hold the budget decision for one week.

As a result, we avoided moving about €120,000 into a campaign that was actually flat. The test has since caught two more upstream changes, and I now add a reconciliation check against the source system to every dashboard I build.`

const storyWeak = `I usually check data carefully and I always look at numbers twice. We had a lot of problems with data in my team because the engineers didn't document anything and the other team never told us when they changed stuff. It was their fault really. Generally I think data quality is very important and I would always double check things, you know, and basically make sure everything is right before it goes out to people.`

const sqlGood = `I'd do it in two steps with a CTE. First, aggregate: GROUP BY region and product and SUM(revenue), which gives one row per product per region. Then rank inside each region with a window function, RANK() OVER (PARTITION BY region ORDER BY total_revenue DESC), and keep the rows where the rank is 3 or less.

The choice between RANK and ROW_NUMBER matters when two products tie. ROW_NUMBER always returns exactly three rows per region but picks arbitrarily between tied products, while RANK keeps all tied products, so you might get four. I'd ask the stakeholder which they want, and default to RANK because silently dropping a tied product is worse.

Before trusting the result I'd check data quality: net out refunds, handle NULL regions with COALESCE so they don't disappear, and make sure revenue is in one currency. On a large table I'd also filter the date range first so the window function runs on less data.`

const sqlWeak = `I would probably export the data to Excel and sort it by revenue, then just look at the top ones for each region. Maybe use a pivot table or something. It's kind of simple really, I don't think you need anything fancy for this.`

const sqlStuffed = `SQL, CTE, window functions, RANK, ROW_NUMBER, PARTITION BY, GROUP BY, SUM, revenue, region, product, ties, NULL handling, COALESCE, data quality, refunds, currency, dashboards, Python, pandas, A/B testing, KPIs, data warehouse, BigQuery, Snowflake, Tableau, dbt, cohort analysis, retention, Excel.`

const sqlOffTopic = `Last weekend I went hiking in the mountains with my family. The weather was beautiful and we saw a lot of birds near the lake. In the evening we cooked pasta at the cabin and played board games until midnight. It was a great break from the city and I came back rested.`

const reverseGood = `1. What are the biggest technical challenges the team expects to tackle in the next six months?
2. How will you measure success for this role in the first 90 days?
3. How does the team decide between paying down technical debt and shipping new features?
4. What does a typical code review look like here, and who usually takes part?
5. What is one thing you would change about how the team works today?`

const reverseWeak = `How much is the salary and is there a bonus? Do you offer remote work? Isn't it true that your team works long hours? What does your company do?`

const noteGood = `Subject: Thank you - rate limiter and the services split

Hi Maria,

Thank you for the conversation yesterday. I enjoyed working through the Redis rate limiter with you, especially the token bucket in a Lua script so that the check and the decrement stay atomic.

One point we didn't get to: when Redis is unavailable, I'd make the limiter fail open for read endpoints and fail closed for payments, with a small in-memory fallback so that a Redis blip doesn't become an outage.

I also liked hearing about your plan to split the monolith. A strangler-fig approach, starting with the notification service you mentioned, seems a safe first step, and it's exactly the kind of work I want to do next.

I look forward to hearing about next steps.

Best,
Sam`

const noteWeak = `Dear Hiring Manager, I am writing to thank you for the interview. I am the perfect candidate for this role and I have a lot of experience. Please let me know by Friday because I have other offers. I really need this job, please give me a chance.`

// withFillers pads an answer with spoken fillers after every few words.
func withFillers(s string) string {
	fillers := []string{"um,", "you know,", "basically", "like,", "uh", "I mean,", "sort of", "literally"}
	words := strings.Fields(s)
	var b strings.Builder
	for i, w := range words {
		if i > 0 && i%5 == 0 {
			b.WriteString(fillers[(i/5)%len(fillers)])
			b.WriteByte(' ')
		}
		b.WriteString(w)
		b.WriteByte(' ')
	}
	return b.String()
}
