package testkit

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// EnglishLeft returns the English messages of the given catalogue parts
// ("home", "activity", …) that text still contains: a page read in Welsh
// whose words come from those parts should contain none. Only messages of
// two words or more are looked for (a single word such as a module code
// may be the same in both languages), and only the parts of a message
// between its placeholders.
func EnglishLeft(t testing.TB, text string, parts ...string) []string {
	t.Helper()
	text = strings.Join(strings.Fields(text), " ")
	var left []string
	for _, part := range parts {
		en, cy := catalogue(t, part, "en"), catalogue(t, part, "cy")
		for id, msg := range en {
			for _, piece := range placeholder.Split(msg, -1) {
				piece = strings.TrimSpace(piece)
				if len(strings.Fields(piece)) < 2 || strings.Contains(cy[id], piece) {
					continue
				}
				if strings.Contains(text, piece) {
					left = append(left, id+": "+piece)
				}
			}
		}
	}
	slices.Sort(left)
	return left
}

var placeholder = regexp.MustCompile(`\{\{[^}]*\}\}`)

// catalogue reads one part's messages in one language, each counted
// message as its forms joined.
func catalogue(t testing.TB, part, lang string) map[string]string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(ModuleRoot(t), "internal", "i18n", "catalogue", part+"."+lang+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var msgs map[string]any
	if err := json.Unmarshal(raw, &msgs); err != nil {
		t.Fatal(err)
	}
	out := make(map[string]string, len(msgs))
	for id, v := range msgs {
		switch v := v.(type) {
		case string:
			out[id] = v
		case map[string]any:
			var forms []string
			for _, f := range v {
				if s, ok := f.(string); ok {
					forms = append(forms, s)
				}
			}
			out[id] = strings.Join(forms, "\n")
		}
	}
	return out
}

// NoEnglishLeft fails the test for each English phrase of the catalogue
// parts named that page, read in Welsh, still shows in text.
func NoEnglishLeft(t *testing.T, page, text string, parts ...string) {
	t.Helper()
	for _, left := range EnglishLeft(t, text, parts...) {
		t.Errorf("%s in Welsh still says in English: %s", page, left)
	}
}
