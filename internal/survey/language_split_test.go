package survey

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	page "belonging/web/pages/survey"
)

// The language split is shown only when both languages, and the
// responses with no language recorded, are each none or at least the
// threshold: otherwise one count taken from the whole reveals a smaller
// group.
func TestLanguageSplit(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name  string
		total int
		by    map[string]int
		want  *page.LanguageSplit
	}{
		{"both reach it", 22, map[string]int{"cy": 10, "en": 12}, &page.LanguageSplit{Welsh: 10, English: 12}},
		{"Welsh below", 21, map[string]int{"cy": 9, "en": 12}, nil},
		{"no Welsh", 20, map[string]int{"en": 20}, nil},
		{"both reach it, a few unrecorded", 25, map[string]int{"cy": 10, "en": 12}, nil},
		{"both reach it, many unrecorded", 32, map[string]int{"cy": 10, "en": 12}, &page.LanguageSplit{Welsh: 10, English: 12}},
		{"none recorded", 30, map[string]int{}, nil},
	} {
		if diff := cmp.Diff(tt.want, languageSplit(tt.total, tt.by, 10)); diff != "" {
			t.Errorf("%s: languageSplit(%d, %v) (-want +got):\n%s", tt.name, tt.total, tt.by, diff)
		}
	}
}
