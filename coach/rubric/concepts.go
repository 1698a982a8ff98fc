package rubric

// concepts are the everyday words in which answers meet talking points.
// Talking points are written for readers ("what the candidate is doing to
// improve, with evidence of progress"); answers are told as stories ("I now
// rehearse every presentation twice"). Each group lets any of its phrases
// stand for the others when coverage is measured. They are deliberately
// generic, true of every role; role vocabulary belongs in the banks'
// lexicons.
var concepts = []lexTerm{
	c("improve", "improve", "improving", "improved", "improvement", "better", "progress", "practice", "practise",
		"practising", "practicing", "rehearse", "rehearsed", "working on", "worked on", "course", "coaching", "training",
		"getting better", "deliberately"),
	c("result", "result", "results", "outcome", "outcomes", "impact", "reduced", "increased", "saved", "grew",
		"avoided", "prevented", "as a result", "in the end", "led to", "went from", "achieved", "delivered"),
	numeric(c("figure", "number", "numbers", "figure", "figures", "metric", "metrics", "percent", "percentage",
		"measurable", "quantified")),
	c("stakeholders", "stakeholder", "stakeholders", "leadership", "head of", "manager", "managers", "director",
		"client", "clients", "executives", "ceo", "cfo", "cto", "vp", "product owner", "business owner",
		"leadership team", "the business"),
	c("tell", "tell", "told", "telling", "inform", "informed", "walked her through", "walked him through",
		"walked them through", "presented", "shared", "raised", "flagged", "escalated", "communicated", "emailed",
		"sat down with", "met with", "explained"),
	c("verify", "verify", "verified", "check", "checked", "checks", "checking", "validate", "validated", "validation",
		"reconcile", "reconciled", "reconciliation", "compare", "compared", "cross-check", "tested", "confirm",
		"confirmed", "rebuilt", "double-check", "sanity check"),
	c("source of truth", "source of truth", "source system", "raw data", "raw table", "raw orders", "original data",
		"upstream", "system of record"),
	c("afterwards", "afterwards", "since then", "has since", "from then on", "going forward", "ever since",
		"now i", "i now", "every time", "process"),
	c("example", "time when", "at my last", "in my last", "at my previous", "in my previous", "last year",
		"for example", "for instance", "recently", "once", "situation"),
	c("research", "research", "researched", "market", "market data", "glassdoor", "levels.fyi", "payscale",
		"benchmark", "benchmarks", "survey", "recruiters", "i read", "i saw", "i noticed"),
	c("range", "range", "band", "bands", "bracket", "ballpark", "between"),
	c("package", "package", "benefits", "pension", "bonus", "equity", "stock", "learning budget",
		"total compensation", "perks", "holiday", "vacation", "remote", "whole package"),
	c("flexible", "flexible", "flexibility", "open to", "discuss", "discussing", "discussion",
		"depending", "fits together"),
	c("grow", "grow", "growth", "develop", "development", "learn", "learning", "career", "progression",
		"mentorship", "mentor", "step up", "room to grow", "leading", "lead"),
	c("company", "product", "products", "customers", "mission", "values", "blog", "announcement", "launch",
		"website", "careers page", "funding", "your company", "your team"),
	c("experience", "experience", "skills", "background", "years", "my work", "i built", "i've built",
		"i have built", "i led", "i worked"),
	c("positive", "excited", "enjoy", "looking for", "opportunity", "next step", "moving towards", "believe in",
		"draws me", "keen"),
	c("team", "team", "colleague", "colleagues", "together", "collaborate", "collaboration", "paired",
		"cross-functional", "teammates"),
	c("trade-off", "trade-off", "trade off", "tradeoff", "trade-offs", "pros and cons", "downside", "balance",
		"versus", "instead of", "rather than", "depends on", "it depends"),
	c("employer", "employer", "company", "boss", "manager", "management", "workplace", "job", "organisation",
		"organization", "current role", "current team"),
	c("leave", "leave", "leaving", "quit", "get out", "move on", "moving on", "change", "next step", "looking for"),
	c("why", "because", "the reason", "so that", "which is why", "that's why", "matters"),
}

func c(name string, phrases ...string) lexTerm { return compileTerm(name, phrases, true) }

func numeric(t lexTerm) lexTerm {
	t.numeric = true
	return t
}
