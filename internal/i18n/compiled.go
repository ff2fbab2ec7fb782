package i18n

import (
	"fmt"
	"strconv"
	"strings"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// A page asks for hundreds of messages, many with arguments (the plan's
// coverage map has one per cell). go-i18n works each out by running a
// text/template, which costs a page of forty activities about a tenth of
// its time. Every message in the catalogues refers to its arguments only
// as {{.Name}}, so each is split once, at start, into its words and the
// names between them, and filled in by concatenation. A message in any
// other shape is left to go-i18n (compiled reports false).
// TestCompiledEqualsGoI18n holds the two equal for every message and
// count.

// compiledMessage is one message in one language: a text per plural form.
type compiledMessage struct {
	forms [plural.Many + 1]*compiledText
}

// compiledText is a message's text as alternating literal parts and
// argument names: parts[0], names[0], parts[1], …, parts[len(names)].
type compiledText struct {
	parts []string
	names []string
}

// compiled holds each language's messages by id, the Welsh table falling
// back to English as the localizer does.
var compiled = map[string]map[string]*compiledMessage{}

// compileFile adds a catalogue file's messages to the compiled tables.
func compileFile(lang string, messages []*goi18n.Message) {
	if compiled[lang] == nil {
		compiled[lang] = map[string]*compiledMessage{}
	}
	for _, m := range messages {
		if m.LeftDelim != "" && m.LeftDelim != "{{" || m.RightDelim != "" && m.RightDelim != "}}" {
			continue
		}
		cm := &compiledMessage{}
		ok := true
		for form, text := range map[plural.Form]string{
			plural.Zero: m.Zero, plural.One: m.One, plural.Two: m.Two,
			plural.Few: m.Few, plural.Many: m.Many, plural.Other: m.Other,
		} {
			if text == "" {
				continue
			}
			ct, good := compileText(text)
			if !good {
				ok = false
				break
			}
			cm.forms[form] = &ct
		}
		if ok {
			compiled[lang][m.ID] = cm
		}
	}
}

// compileText splits text at each {{.Name}}; false when it holds any
// other template action.
func compileText(text string) (compiledText, bool) {
	var ct compiledText
	for {
		i := strings.Index(text, "{{")
		if i < 0 {
			if strings.Contains(text, "}}") {
				return ct, false
			}
			ct.parts = append(ct.parts, text)
			return ct, true
		}
		j := strings.Index(text[i:], "}}")
		if j < 0 {
			return ct, false
		}
		action := text[i+2 : i+j]
		if !isField(action) || strings.Contains(text[:i], "}}") {
			return ct, false
		}
		ct.parts = append(ct.parts, text[:i])
		ct.names = append(ct.names, action[1:])
		text = text[i+j+2:]
	}
}

// isField reports whether a template action is a plain field, ".Name".
func isField(action string) bool {
	if len(action) < 2 || action[0] != '.' {
		return false
	}
	for _, r := range action[1:] {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// lookup finds a message in lang, falling back to English, and says
// which language it found it in (whose plural rules then apply).
func lookup(lang, id string) (*compiledMessage, string, bool) {
	if m, ok := compiled[lang][id]; ok {
		return m, lang, true
	}
	m, ok := compiled[English][id]
	return m, English, ok
}

// tags are the languages' tags for plural rules.
var tags = map[string]language.Tag{English: language.English, Welsh: language.MustParse(Welsh)}

// formFor is the plural form lang uses for the whole number n.
func formFor(lang string, n int) plural.Form {
	if n < 0 {
		n = -n
	}
	return plural.Cardinal.MatchPlural(tags[lang], n, 0, 0, 0, 0)
}

// fill writes the text's form with args (pairs of a name and a value) in
// place of its names. ok is false when the form is missing, which go-i18n
// treats as an error too.
func (m *compiledMessage) fill(form plural.Form, args []any, count string) (string, bool) {
	if int(form) >= len(m.forms) || m.forms[form] == nil {
		return "", false
	}
	ct := m.forms[form]
	if len(ct.names) == 0 {
		return ct.parts[0], true
	}
	var b strings.Builder
	for i, name := range ct.names {
		b.WriteString(ct.parts[i])
		b.WriteString(argument(name, args, count))
	}
	b.WriteString(ct.parts[len(ct.names)])
	return b.String(), true
}

// argument is the value named name among args, printed as text/template
// prints it; Count is the plural count when the message has one.
// As in go-i18n's template data, Count is always the count and a name
// given twice takes its last value.
func argument(name string, args []any, count string) string {
	if name == "Count" && count != "" {
		return count
	}
	for i := len(args)&^1 - 2; i >= 0; i -= 2 {
		if args[i] == name {
			switch v := args[i+1].(type) {
			case string:
				return v
			case int:
				return strconv.Itoa(v)
			case nil:
				return "<no value>"
			default:
				return fmt.Sprint(v)
			}
		}
	}
	return "<no value>"
}
