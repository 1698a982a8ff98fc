package rubric_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/coach/rubric"
	"github.com/interviewcoach/coach/questions"
)

// answer300 is a realistic spoken answer of about 300 words.
const answer300 = `In my previous role at a mid-sized online retailer, I was the analyst supporting the checkout team. Last spring our conversion rate dropped from 3.4% to 2.9% over two weeks, and nobody could explain it. The product manager suspected a pricing change, the engineers blamed a tracking release, and leadership wanted an answer before the quarterly review.

My task was to find the cause within a week and recommend what to do. I started by splitting the funnel by device, browser and country in SQL, using a window function to compare each day against the same weekday in the previous four weeks. The drop was almost entirely on mobile Safari, and only at the payment step, which ruled out pricing because that would have hit every platform.

I then pulled the session recordings for a sample of failed checkouts and found that a new address-validation widget was timing out on slow connections, so the pay button stayed disabled. I wrote up the evidence in a short document with three charts, walked the engineering lead through it, and proposed an A/B test: the old form against the new widget with a two-second timeout and a fallback.

We ran the experiment for ten days on about 40,000 sessions. The fallback version recovered the conversion rate to 3.3%, which was worth roughly €85,000 a month in revenue. The team shipped it to everyone the following Monday.

What I learned is to segment before theorising. Since then I've added a daily dashboard alert in Looker that flags any step of the funnel moving more than two standard deviations by device, and it has caught two smaller regressions early, one of them within hours of a release.`

var benchTerms = append(append([]coach.Term{}, dataAnalystTerms...),
	coach.Term{Term: "funnel analysis", Synonyms: []string{"funnel", "funnels", "conversion funnel", "funnel drop-off"}},
	coach.Term{Term: "conversion rate", Synonyms: []string{"conversion", "conversions", "CVR"}},
	coach.Term{Term: "segmentation", Synonyms: []string{"segment", "segments", "segmenting", "customer segments"}},
	coach.Term{Term: "statistical significance", Synonyms: []string{"p-value", "p value", "confidence interval", "standard deviations", "standard deviation"}},
	coach.Term{Term: "stakeholder management", Synonyms: []string{"stakeholders", "stakeholder", "business partners"}},
	coach.Term{Term: "data visualisation", Synonyms: []string{"data visualization", "charts", "chart", "visualisation", "visualization"}},
	coach.Term{Term: "alerting", Synonyms: []string{"alert", "alerts", "anomaly alert"}},
	coach.Term{Term: "root cause analysis", Synonyms: []string{"root cause", "rca", "five whys"}},
	coach.Term{Term: "ETL", Synonyms: []string{"elt", "data pipeline", "data pipelines", "airflow"}},
	coach.Term{Term: "forecasting", Synonyms: []string{"forecast", "forecasts", "time series"}},
	coach.Term{Term: "regression", Synonyms: []string{"linear regression", "logistic regression"}},
	coach.Term{Term: "data modelling", Synonyms: []string{"data modeling", "star schema", "dimensional model", "fact table"}},
	coach.Term{Term: "Google Analytics", Synonyms: []string{"ga4", "google analytics 4"}},
	coach.Term{Term: "session recordings", Synonyms: []string{"session replay", "hotjar", "fullstory"}},
	coach.Term{Term: "revenue analysis", Synonyms: []string{"revenue", "gmv", "arpu"}},
)

func BenchmarkScore300Words(b *testing.B) {
	s := rubric.New()
	req := coach.ScoreRequest{Question: qStory, Answer: answer300, RoleTerms: benchTerms, JobTerms: []string{"SQL", "Looker", "A/B testing"}}
	if n := coach.CountWords(answer300); n < 280 || n > 320 {
		b.Fatalf("benchmark answer has %d words, want about 300", n)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Score(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScore300WordsNewQuestion measures the first answer to a
// question, before its analysed words are cached.
func BenchmarkScore300WordsNewQuestion(b *testing.B) {
	s := rubric.New()
	req := coach.ScoreRequest{Question: qStory, Answer: answer300, RoleTerms: benchTerms}
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		req.Question.ID = "bench-" + strconv.Itoa(i)
		if _, err := s.Score(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}

// answer130 is the load generator's answer (cmd/loadgen): about 130 words,
// STAR shaped.
const answer130 = `In my last role at a logistics company our checkout API had a p99 latency of 900 ms during
peak hours and customers were abandoning orders. I owned the investigation. I profiled the service
with pprof, found that each request made twelve sequential database queries, and I rewrote the hot
path to batch them into two queries and added a Redis cache for the product catalogue with a
five-minute TTL. I also added a load test in CI so the regression could not come back. As a result
p99 latency dropped to 180 ms, abandoned checkouts fell by 14 percent over the next month, and the
team adopted the load test for two other services. What I learned is to measure before optimising.`

// BenchmarkScore130Words scores the load generator's answer the way the
// server does under load: the software-engineer user-round questions of
// the banks in turn, with the role's terms and no job description.
func BenchmarkScore130Words(b *testing.B) {
	bank, err := questions.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	role, ok := bank.Role("software-engineer")
	if !ok {
		b.Fatal("no software-engineer role in the banks")
	}
	qs := bank.Questions(coach.QuestionFilter{Role: role.ID, Track: coach.TrackUser})
	if n := coach.CountWords(answer130); n < 120 || n > 140 {
		b.Fatalf("benchmark answer has %d words, want about 130", n)
	}
	s := rubric.New()
	ctx := context.Background()
	req := coach.ScoreRequest{Answer: answer130, RoleTerms: role.Terms}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		req.Question = qs[i%len(qs)]
		i++
		if _, err := s.Score(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}
