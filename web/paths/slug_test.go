package paths

import (
	"regexp"
	"strings"
	"testing"
)

// TestSlug holds a case study's slug to its rule, written as a regular
// expression: lower case, every run of anything but a-z and 0-9 one
// hyphen, none at either end, at most 60 characters.
func TestSlug(t *testing.T) {
	rule := func(title string) string {
		s := strings.Trim(regexp.MustCompile(`[^a-z0-9]+`).ReplaceAllString(strings.ToLower(title), "-"), "-")
		if len(s) > 60 {
			s = strings.TrimRight(s[:60], "-")
		}
		return s
	}
	for _, title := range []string{
		"Coffee mornings before History lectures", "  --Peer mentoring: year 2!-- ", "Café & croissants — Cymraeg",
		"Ystafell astudio'r myfyrwyr", "İstanbul", "", "!!!", "a", "2024/25 welcome week",
		"A title long enough to be cut at sixty characters, right at a gap here", strings.Repeat("x", 70),
	} {
		if got, want := slug(title), rule(title); got != want {
			t.Errorf("slug(%q) = %q, want %q", title, got, want)
		}
	}
}
