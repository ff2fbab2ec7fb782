package testkit

import (
	"strings"
	"testing"

	"belonging/internal/i18n"
)

// EnglishLeft fails the test for each English phrase of the catalogue parts
// named (i18n.Phrases) that a page read in Welsh still shows in text.
func EnglishLeft(t *testing.T, page, text string, parts ...string) {
	t.Helper()
	text = strings.Join(strings.Fields(text), " ")
	for _, part := range parts {
		phrases, err := i18n.Phrases(part, i18n.English)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range phrases {
			if strings.Contains(text, p) {
				t.Errorf("%s in Welsh still says %q in English", page, p)
			}
		}
	}
}
