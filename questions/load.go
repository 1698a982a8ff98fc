// Package questions holds the embedded question banks: it parses and
// validates them once at start-up and serves them from memory.
package questions

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"github.com/interviewcoach/coach/coach"
	"go.yaml.in/yaml/v3"
)

//go:embed banks/*.yaml
var banks embed.FS

// Embedded returns the banks compiled into the binary, validated.
func Embedded() (*Bank, error) {
	sub, err := fs.Sub(banks, "banks")
	if err != nil {
		return nil, err
	}
	return Load(sub)
}

// file is the shape of one bank file (see FORMAT.md).
type file struct {
	Role      string       `yaml:"role"`
	Name      string       `yaml:"name"`
	Terms     []coach.Term `yaml:"terms"`
	Questions []yaml.Node  `yaml:"questions"`
}

var roleID = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

// Load parses and validates every *.yaml file at the top of fsys. The first
// problem found is returned with the file name and line, so that a broken
// bank stops start-up (and CI) with a message that says where to look.
func Load(fsys fs.FS) (*Bank, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("questions: no bank files found")
	}
	sort.Strings(names)
	b := newBank()
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("questions: %s: %w", name, err)
		}
		if err := b.addFile(name, data); err != nil {
			return nil, err
		}
	}
	b.index()
	return b, nil
}

func (b *Bank) addFile(name string, data []byte) error {
	var f file
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return fmt.Errorf("questions: %s: %w", name, err)
	}
	if !roleID.MatchString(f.Role) {
		return fmt.Errorf("questions: %s: role %q must be lower-case letters, digits and dashes", name, f.Role)
	}
	if strings.TrimSpace(f.Name) == "" {
		return fmt.Errorf("questions: %s: name is empty", name)
	}
	r, ok := b.roles[f.Role]
	if !ok {
		r = &coach.Role{ID: f.Role, Name: f.Name}
		b.roles[f.Role] = r
	} else if r.Name != f.Name {
		return fmt.Errorf("questions: %s: role %s is named %q here and %q elsewhere", name, f.Role, f.Name, r.Name)
	}
	// Every spelling (term or synonym, as the matcher sees it) must mean one
	// term, or a job description would match ambiguously.
	owner := make(map[string]string)
	claim := func(spelling, term string) error {
		key := strings.Join(coach.TermWords(spelling), " ")
		if key == "" {
			return fmt.Errorf("questions: %s: role %s: term %q has an empty spelling", name, f.Role, term)
		}
		if prev, ok := owner[key]; ok && prev != term {
			return fmt.Errorf("questions: %s: role %s: %q is listed for both %q and %q", name, f.Role, spelling, prev, term)
		}
		owner[key] = term
		return nil
	}
	for _, t := range append(append([]coach.Term{}, r.Terms...), f.Terms...) {
		for _, spelling := range append([]string{t.Term}, t.Synonyms...) {
			if err := claim(spelling, t.Term); err != nil {
				return err
			}
		}
	}
	r.Terms = append(r.Terms, f.Terms...)
	if len(f.Questions) == 0 {
		return fmt.Errorf("questions: %s: no questions", name)
	}
	for i := range f.Questions {
		node := &f.Questions[i]
		var q coach.Question
		if line, err := decodeStrict(node, &q); err != nil {
			return fmt.Errorf("questions: %s:%d: %w", name, line, err)
		}
		q.Role = f.Role
		if err := q.Validate(); err != nil {
			return fmt.Errorf("questions: %s:%d: %s", name, node.Line, coach.ErrorMessage(err))
		}
		if len(q.FollowUps) == 0 {
			return fmt.Errorf("questions: %s:%d: question %s: no follow_ups", name, node.Line, q.ID)
		}
		if f.Role == coach.RoleAny && q.Track != coach.TrackHR {
			return fmt.Errorf("questions: %s:%d: question %s: shared (role any) questions must be on the hr track", name, node.Line, q.ID)
		}
		if prev, dup := b.byID[q.ID]; dup {
			return fmt.Errorf("questions: %s:%d: question id %s is already used by role %s", name, node.Line, q.ID, prev.Role)
		}
		q.Text = strings.TrimSpace(q.Text)
		b.byID[q.ID] = q
		b.all = append(b.all, q)
	}
	return nil
}

// questionFields are the keys a question may have, from coach.Question's
// yaml tags.
var questionFields = func() map[string]bool {
	known := map[string]bool{}
	t := reflect.TypeOf(coach.Question{})
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if name != "" && name != "-" {
			known[name] = true
		}
	}
	return known
}()

// decodeStrict decodes a question node rejecting unknown keys, which
// yaml.Node.Decode does not do on its own: a typo in a field name must not
// silently drop part of a rubric. Errors carry the line of the bad key.
func decodeStrict(node *yaml.Node, q *coach.Question) (line int, err error) {
	if node.Kind != yaml.MappingNode {
		return node.Line, fmt.Errorf("a question must be a mapping of fields")
	}
	for i := 0; i+1 < len(node.Content); i += 2 {
		key := node.Content[i]
		if !questionFields[key.Value] {
			return key.Line, fmt.Errorf("unknown field %q", key.Value)
		}
	}
	return node.Line, node.Decode(q)
}
