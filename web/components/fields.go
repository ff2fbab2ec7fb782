// Package components holds the templ building blocks pages share: form
// fields, the error summary, pagination and headline figures.
package components

import "belonging/internal/httpx/form"

// Input describes a text-like input with its label, hint and error.
type Input struct {
	ID           string
	Name         string // defaults to ID
	Label        string
	Hint         string
	Type         string // defaults to "text"
	Value        string
	Error        string
	Autocomplete string
	Class        string // extra classes on the input, e.g. "input--short"
	Required     bool
	InputMode    string
	Spellcheck   string // "false" to turn it off (codes, emails)
	Lang         string // the language of what is typed, when not the page's (e.g. "cy")
}

func (in Input) name() string {
	if in.Name != "" {
		return in.Name
	}
	return in.ID
}

func (in Input) kind() string {
	if in.Type != "" {
		return in.Type
	}
	return "text"
}

// Option is one choice of a select, radio group or checkbox group.
type Option struct {
	Value string
	Label string
	Hint  string
}

// Choice describes a select, radio group or checkbox group.
type Choice struct {
	ID       string
	Name     string // defaults to ID
	Label    string
	Hint     string
	Options  []Option
	Selected []string
	Error    string
	Inline   bool
	// Blank adds an empty first option to a select, with this label.
	Blank string
	// Columns sets a long list of checkboxes in columns.
	Columns bool
}

func (c Choice) name() string {
	if c.Name != "" {
		return c.Name
	}
	return c.ID
}

func (c Choice) isSelected(v string) bool {
	for _, s := range c.Selected {
		if s == v {
			return true
		}
	}
	return false
}

func describedBy(id, hint, err string) string {
	out := ""
	if hint != "" {
		out = id + "-hint"
	}
	if err != "" {
		if out != "" {
			out += " "
		}
		out += id + "-error"
	}
	return out
}

func fieldClass(err string) string {
	if err != "" {
		return "field field--error"
	}
	return "field"
}

// Summary is the error summary's input.
type Summary = []form.FieldError
