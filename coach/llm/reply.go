package llm

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/prompts"
	"github.com/sashabaranov/go-openai/jsonschema"
)

// modelFlags are the flags the model may raise. Length flags are not among
// them: models count words badly, so those come from the word count.
var modelFlags = []string{coach.FlagOffTopic, coach.FlagPromptInjection, coach.FlagRepetitive, coach.FlagKeywordStuffing}

// Bounds on what a reply may put in an evaluation, so that a verbose or
// confused model cannot flood a page or a stored record.
const (
	maxListItems  = 5
	maxItemRunes  = 300
	maxTextRunes  = 600
	replySchemaID = "evaluation"
)

// reply is the model's answer after validation and clean-up.
type reply struct {
	Criteria     []coach.Criterion
	Overall      int
	Strengths    []string
	Improvements []string
	RedFlags     []string
	Flags        []string
	FollowUp     string
}

// wireReply is the JSON the schema describes.
type wireReply struct {
	Criteria []struct {
		Name    string `json:"name"`
		Comment string `json:"comment"`
		Score   int    `json:"score"`
	} `json:"criteria"`
	Strengths    []string `json:"strengths"`
	Improvements []string `json:"improvements"`
	RedFlags     []string `json:"red_flags"`
	Flags        []string `json:"flags"`
	Overall      int      `json:"overall"`
	FollowUp     string   `json:"follow_up"`
}

// replySchema is one template's reply schema: the definition replies are
// validated against, and the same schema as sent on the wire.
type replySchema struct {
	def  jsonschema.Definition
	wire json.RawMessage
	// hash identifies the schema in the cache key.
	hash [sha256.Size]byte
}

var schemas = buildSchemas()

func buildSchemas() map[prompts.Kind]*replySchema {
	out := make(map[prompts.Kind]*replySchema, len(prompts.Kinds))
	for _, k := range prompts.Kinds {
		def := schemaFor(prompts.Criteria(k))
		wire := orderedJSON(def)
		out[k] = &replySchema{def: def, wire: wire, hash: sha256.Sum256(wire)}
	}
	return out
}

// schemaFor builds the reply schema by hand rather than with
// GenerateSchemaForType, whose output drops omitempty fields from
// "required" and so is rejected by strict mode. Every object lists all its
// properties as required and forbids others, as strict mode demands; the
// criterion names are an enum so the model cannot invent or rename lines.
func schemaFor(criteria []string) jsonschema.Definition {
	str := jsonschema.Definition{Type: jsonschema.String}
	list := func() jsonschema.Definition {
		return jsonschema.Definition{Type: jsonschema.Array, Items: &str}
	}
	criterion := jsonschema.Definition{
		Type: jsonschema.Object,
		Properties: map[string]jsonschema.Definition{
			"name":    {Type: jsonschema.String, Enum: criteria},
			"comment": {Type: jsonschema.String},
			"score":   {Type: jsonschema.Integer},
		},
		Required:             []string{"name", "comment", "score"},
		AdditionalProperties: false,
	}
	return jsonschema.Definition{
		Type: jsonschema.Object,
		Properties: map[string]jsonschema.Definition{
			"criteria":     {Type: jsonschema.Array, Items: &criterion},
			"strengths":    list(),
			"improvements": list(),
			"red_flags":    list(),
			"flags":        {Type: jsonschema.Array, Items: &jsonschema.Definition{Type: jsonschema.String, Enum: modelFlags}},
			"overall":      {Type: jsonschema.Integer},
			"follow_up":    {Type: jsonschema.String},
		},
		// The order of Required is the order properties are sent in, and
		// models write JSON in schema order: comments before scores and the
		// overall after the details make the numbers follow the reasoning.
		Required:             []string{"criteria", "strengths", "improvements", "red_flags", "flags", "overall", "follow_up"},
		AdditionalProperties: false,
	}
}

// orderedJSON encodes a definition with its properties in Required order.
// Definition's own MarshalJSON sorts them (they live in a map), which would
// put every comment after its name and score and "overall" first.
func orderedJSON(d jsonschema.Definition) json.RawMessage {
	var b bytes.Buffer
	writeDefinition(&b, d)
	return b.Bytes()
}

func writeDefinition(b *bytes.Buffer, d jsonschema.Definition) {
	enc := json.NewEncoder(b)
	// Criterion names hold "&"; escaping it as \u0026 only costs tokens.
	enc.SetEscapeHTML(false)
	put := func(v any) {
		if err := enc.Encode(v); err != nil {
			panic(err) // only strings and string slices are encoded here
		}
		b.Truncate(b.Len() - 1) // Encode appends a newline
	}
	b.WriteString(`{"type":`)
	put(d.Type)
	if d.Description != "" {
		b.WriteString(`,"description":`)
		put(d.Description)
	}
	if len(d.Enum) > 0 {
		b.WriteString(`,"enum":`)
		put(d.Enum)
	}
	if d.Type == jsonschema.Object {
		if len(d.Required) != len(d.Properties) {
			panic("llm: every schema property must be required (strict mode)")
		}
		b.WriteString(`,"properties":{`)
		for i, name := range d.Required {
			if i > 0 {
				b.WriteByte(',')
			}
			put(name)
			b.WriteByte(':')
			writeDefinition(b, d.Properties[name])
		}
		b.WriteString(`},"required":`)
		put(d.Required)
		b.WriteString(`,"additionalProperties":false`)
	}
	if d.Items != nil {
		b.WriteString(`,"items":`)
		writeDefinition(b, *d.Items)
	}
	b.WriteByte('}')
}

// errBadReply marks a reply that is not a usable evaluation.
var errBadReply = errors.New("reply does not match the evaluation schema")

// parseReply validates a model's reply against kind's schema and cleans it
// up: numbers are clamped into 0-100, text is trimmed and bounded, lists
// are capped, and every criterion of the rubric must be scored exactly
// once. Anything else is an error, never a score.
func parseReply(kind prompts.Kind, content string) (reply, error) {
	sc, ok := schemas[kind]
	if !ok {
		return reply{}, fmt.Errorf("llm: no schema for %q", kind)
	}
	var data any
	if err := json.Unmarshal([]byte(content), &data); err != nil {
		return reply{}, fmt.Errorf("%w: %v", errBadReply, err)
	}
	if !jsonschema.Validate(sc.def, data) {
		return reply{}, fmt.Errorf("%w: a field is missing or has the wrong type", errBadReply)
	}
	// jsonschema.Validate ignores properties the schema does not list;
	// strict mode forbids them, so a reply carrying one did not come from
	// the schema and is not trusted.
	dec := json.NewDecoder(strings.NewReader(content))
	dec.DisallowUnknownFields()
	var w wireReply
	if err := dec.Decode(&w); err != nil {
		return reply{}, fmt.Errorf("%w: %v", errBadReply, err)
	}

	want := prompts.Criteria(kind)
	byName := make(map[string]coach.Criterion, len(w.Criteria))
	for _, c := range w.Criteria {
		if _, dup := byName[c.Name]; dup {
			return reply{}, fmt.Errorf("%w: criterion %q scored twice", errBadReply, c.Name)
		}
		byName[c.Name] = coach.Criterion{Name: c.Name, Score: clamp(c.Score), Comment: cleanText(c.Comment, maxTextRunes)}
	}
	r := reply{
		Criteria:     make([]coach.Criterion, 0, len(want)),
		Overall:      clamp(w.Overall),
		Strengths:    cleanList(w.Strengths),
		Improvements: cleanList(w.Improvements),
		RedFlags:     cleanList(w.RedFlags),
		Flags:        []string{},
		FollowUp:     cleanText(w.FollowUp, maxItemRunes),
	}
	for _, name := range want {
		c, ok := byName[name]
		if !ok {
			return reply{}, fmt.Errorf("%w: criterion %q not scored", errBadReply, name)
		}
		r.Criteria = append(r.Criteria, c)
	}
	for _, f := range w.Flags {
		if !slices.Contains(r.Flags, f) {
			r.Flags = append(r.Flags, f)
		}
	}
	return r, nil
}

func clamp(n int) int { return max(0, min(100, n)) }

// cleanText trims s, drops control characters (a reply is shown to people
// and stored) and cuts it at limit runes on a word boundary.
func cleanText(s string, limit int) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return ' '
		case r == utf8.RuneError, unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
	return coach.Shorten(s, limit)
}

// cleanList cleans every item, drops empty ones and keeps the first few;
// it never returns nil, so the evaluation's JSON has [] rather than null.
func cleanList(items []string) []string {
	out := make([]string, 0, min(len(items), maxListItems))
	for _, it := range items {
		if len(out) == maxListItems {
			break
		}
		if it = cleanText(it, maxItemRunes); it != "" {
			out = append(out, it)
		}
	}
	return out
}
