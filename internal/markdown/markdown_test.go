package markdown

import (
	"regexp"
	"strings"
	"testing"
)

func TestHTML(t *testing.T) {
	tests := []struct{ in, want string }{
		{"**Coffee** mornings", "<p><strong>Coffee</strong> mornings</p>"},
		{"# Title", "<h3>Title</h3>"},
		{"#### Deep", "<h4>Deep</h4>"},
		{"[report](https://example.ac.uk/r)", `<p><a href="https://example.ac.uk/r" rel="nofollow noreferrer">report</a></p>`},
		{"[bad](javascript:alert(1))", "<p>bad</p>"},
		{"<script>alert(1)</script>", ""},
		{`<img src=x onerror="alert(1)">`, ""},
		{"- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"},
	}
	for _, tt := range tests {
		if got := strings.TrimSpace(HTML(tt.in)); got != tt.want {
			t.Errorf("HTML(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestText(t *testing.T) {
	if got := Text("# Coffee\n\nMornings *before* lectures.\n\n- tea\n- toast"); got != "Coffee Mornings before lectures. tea toast" {
		t.Errorf("Text = %q", got)
	}
	if got := Text("Fish & chips <b>"); got != "Fish & chips" {
		t.Errorf("Text kept markup or escaping: %q", got)
	}
}

var (
	scriptTag    = regexp.MustCompile(`(?i)<\s*/?\s*(script|iframe|object|embed|style|svg|math|form|input|img|link|meta|base)`)
	eventHandler = regexp.MustCompile(`(?i)<[^>]*\son[a-z]+\s*=`)
	badScheme    = regexp.MustCompile(`(?i)<[^>]*\s(href|src)\s*=\s*"?\s*(javascript|data|vbscript):`)
)

// FuzzHTML: whatever is written, no script, event handler or script URL
// survives rendering.
func FuzzHTML(f *testing.F) {
	for _, seed := range []string{
		"<script>alert(1)</script>", `<a href="javascript:alert(1)">x</a>`, `<img src=x onerror=alert(1)>`,
		"[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", `<svg onload=alert(1)>`, "<iframe src=//evil>",
		`<a href="data:text/html,<script>alert(1)</script>">x</a>`, "```\n<script>\n```", `<p style="x" onclick="y">z</p>`,
		"[x](\tjavascript:alert(1))", "<<script>script>alert(1)<</script>/script>", `<a href="&#106;avascript:alert(1)">x</a>`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		out := HTML(src)
		if scriptTag.MatchString(out) {
			t.Fatalf("dangerous tag survived: %q -> %q", src, out)
		}
		if eventHandler.MatchString(out) {
			t.Fatalf("event handler survived: %q -> %q", src, out)
		}
		if badScheme.MatchString(out) {
			t.Fatalf("script URL survived: %q -> %q", src, out)
		}
	})
}
