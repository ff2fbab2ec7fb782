package i18n

import (
	"encoding/json"
	"io/fs"
	"regexp"
	"strings"
)

// placeholder is a message's {{.Name}}.
var placeholder = regexp.MustCompile(`\{\{\.\w+\}\}`)

// Phrases are the fixed stretches of text of a part's messages in one
// language (plan, components, …): each message, every plural form, cut at
// its {{.Name}} placeholders, keeping stretches of three words or more.
// Tests use them to find text of another language left on a page.
func Phrases(part, lang string) ([]string, error) {
	raw, err := fs.ReadFile(catalogues, "catalogue/"+part+"."+lang+".json")
	if err != nil {
		return nil, err
	}
	var messages map[string]any
	if err := json.Unmarshal(raw, &messages); err != nil {
		return nil, err
	}
	var out []string
	add := func(s string) {
		for _, piece := range placeholder.Split(s, -1) {
			if piece = strings.TrimSpace(piece); len(strings.Fields(piece)) >= 3 {
				out = append(out, piece)
			}
		}
	}
	for _, m := range messages {
		switch m := m.(type) {
		case string:
			add(m)
		case map[string]any:
			for _, form := range m {
				if s, ok := form.(string); ok {
					add(s)
				}
			}
		}
	}
	return out, nil
}
