package llm_test

import "github.com/interviewcoach/coach/coach/llm/llmtest"

// Short names for the shared fake OpenAI-compatible server.
type (
	fakeLLM = llmtest.Server
	seen    = llmtest.Seen
	respond = llmtest.Respond
)

const testKey = llmtest.Key

var (
	newFake         = llmtest.New
	status          = llmtest.Status
	hang            = llmtest.Hang
	dropConnection  = llmtest.DropConnection
	cutBody         = llmtest.CutBody
	raw             = llmtest.Raw
	writeCompletion = llmtest.WriteCompletion
	writeError      = llmtest.WriteError
	evaluation      = llmtest.Evaluation
)
