package components

import (
	"bytes"
	"html"
	"net/url"
	"strings"
	"testing"

	"belonging/internal/i18n"
)

// A page past the end of a list (an old link, a typed address) says so
// and links to the last page, rather than "Showing 81–32 of 32" and a
// link to the page before it, past the end too.
func TestPaginationPastTheEnd(t *testing.T) {
	for _, tc := range []struct {
		lang, says, not string
	}{
		{"en", "Nothing on page 5: the list ends on page 2.", "Showing"},
		{"cy", "Does dim ar dudalen 5: mae'r rhestr yn gorffen ar dudalen 2.", "Yn dangos"},
	} {
		var buf bytes.Buffer
		p := Pager{Page: 5, PerPage: 20, Total: 32, Path: "/library", Query: url.Values{"kind": {"mentoring"}, "page": {"5"}}}
		if err := Pagination(p).Render(i18n.WithLang(t.Context(), tc.lang), &buf); err != nil {
			t.Fatal(err)
		}
		got := html.UnescapeString(buf.String())
		if !strings.Contains(got, tc.says) || strings.Contains(got, tc.not) {
			t.Errorf("%s: page 5 of 2 shows\n%s\nwant it to say %q, without %q", tc.lang, got, tc.says, tc.not)
		}
		if !strings.Contains(got, `href="/library?kind=mentoring&page=2"`) {
			t.Errorf("%s: page 5 of 2 does not link to the last, 2:\n%s", tc.lang, got)
		}
	}
	// The last page itself is as it was.
	var buf bytes.Buffer
	if err := Pagination(Pager{Page: 2, PerPage: 20, Total: 32, Path: "/library"}).Render(i18n.WithLang(t.Context(), "en"), &buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "Showing 21–32 of 32") {
		t.Errorf("the last page shows\n%s", buf.String())
	}
}
