package libsearch

import (
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in                           string
		all, anyWords, phrase, exact string
	}{
		{in: "coffee commuters",
			all:      "coffee & (commuters | commuting | live <-> at <-> home)",
			anyWords: "(coffee | (commuters | commuting | live <-> at <-> home))",
			phrase:   "(coffee:AB <-> commuters:AB)", exact: "(coffee) & (commuters)"},
		{in: `"community garden" -online`,
			all: "(community <-> garden) & !online", phrase: "(community:AB <-> garden:AB)", exact: "(community <-> garden) & !(online)"},
		{in: "organize or programme",
			all:      "(organize | organise) | (programme | program)",
			anyWords: "((organize | organise) | (programme | program))",
			exact:    "(organize) | (programme)"},
		{in: "first-year", all: "(first <-> year)", phrase: "(first:AB <-> year:AB)", exact: "(first <-> year)"},
		{in: `"coffee morning`, all: "(coffee <-> morning)", phrase: "(coffee:AB <-> morning:AB)", exact: "(coffee <-> morning)"},
		{in: `'; DROP TABLE x; --`, all: "drop & table & x", anyWords: "(drop | table | x)", phrase: "(drop:AB <-> table:AB <-> x:AB)", exact: "(drop) & (table) & (x)"},
		{in: `- OR "" ( ) & | !`, all: "!or", exact: "!(or)"},
		{in: "café 学生", all: "café & 学生", anyWords: "(café | 学生)", phrase: "(café:AB <-> 学生:AB)", exact: "(café) & (学生)"},
	} {
		q := Parse(tc.in)
		got := []string{q.All(), q.Any(), q.Phrase(), q.Exact()}
		want := []string{tc.all, tc.anyWords, tc.phrase, tc.exact}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Parse(%q) All, Any, Phrase, Exact (-want +got):\n%s", tc.in, diff)
		}
	}
}

func TestInTitle(t *testing.T) {
	for in, want := range map[string]string{
		"coffee commuters -online": "coffee:A & (commuters:A | commuting:A | live:A <-> at:A <-> home:A)",
		`"meet the researcher"`:    "(meet:A <-> the:A <-> researcher:A)",
	} {
		if got := Parse(in).InTitle(); got != want {
			t.Errorf("Parse(%q).InTitle() = %q, want %q", in, got, want)
		}
	}
}

func TestVariants(t *testing.T) {
	for in, want := range map[string][]string{
		"organise":     {"organise", "organize"},
		"organization": {"organization", "organisation"},
		"analyse":      {"analyse", "analyze"},
		"size":         {"size"},
		"program":      {"program", "programme"},
		"induction":    {"induction", "welcome", "orientation", "onboarding"},
		"orientation":  {"orientation", "induction", "welcome", "onboarding"},
		"semester":     {"semester", "term"},
		"wellbeing":    {"wellbeing", "well being", "wellness"},
		"belonging":    {"belonging"},
		"commuters":    {"commuters", "commuting", "live at home"},
	} {
		if diff := cmp.Diff(want, Variants(in)); diff != "" {
			t.Errorf("Variants(%q) (-want +got):\n%s", in, diff)
		}
	}
}

func TestSnippet(t *testing.T) {
	const a, z = "\x01", "\x02"
	for _, tc := range []struct {
		name, text string
		cut        bool
		want       string
	}{
		{"the matching sentence, not the start",
			"Informal coffee in the foyer. Attendance held at 40%, and " + a + "commuters" + z + " came. Context. A first-year cohort.", false,
			"Attendance held at 40%, and " + a + "commuters" + z + " came."},
		{"two matching sentences apart",
			"One " + a + "coffee" + z + " here. Nothing. Nothing again. More " + a + "coffee" + z + " there.", false,
			"One " + a + "coffee" + z + " here. … More " + a + "coffee" + z + " there."},
		{"neighbours joined without an ellipsis",
			"Plain start. One " + a + "mentor" + z + " here. Two " + a + "mentors" + z + " there.", false,
			"One " + a + "mentor" + z + " here. Two " + a + "mentors" + z + " there."},
		{"no match: the opening sentences",
			"First sentence. Second sentence. Third sentence.", false,
			"First sentence. Second sentence."},
		{"an unfinished last sentence of a cut text is left out",
			"A whole sentence about tea. The " + a + "coffee" + z + " was cold and th", true,
			"A whole sentence about tea."},
		{"abbreviations do not end a sentence",
			"Questions, e.g. what " + a + "surprised" + z + " you, went on tables.", false,
			"Questions, e.g. what " + a + "surprised" + z + " you, went on tables."},
	} {
		if got := Snippet(tc.text, a, z, tc.cut); got != tc.want {
			t.Errorf("%s: Snippet(%q) = %q, want %q", tc.name, tc.text, got, tc.want)
		}
	}
	long := "Start " + a + "here" + z
	for range 100 {
		long += " word"
	}
	got := Snippet(long+".", a, z, false)
	if n := len([]rune(got)); n > SnippetLength+4 || got[len(got)-len("…"):] != "…" {
		t.Errorf("a long sentence gives a snippet of %d characters ending %q, want it cut at words with an ellipsis", n, got[max(0, len(got)-10):])
	}
}

func TestRelated(t *testing.T) {
	got := Related("Coffee mornings before the Monday lecture: belonging for commuter students")
	want := "coffee | mornings | before | the | monday | lecture | for | commuter"
	if got != want {
		t.Errorf("Related = %q, want %q", got, want)
	}
}

func TestLengthCountsTextWithoutMarkers(t *testing.T) {
	const a, z = "\x01", "\x02"
	for _, s := range []string{"", a + z, "café " + a + "学生" + z + " …", a + "coffee" + z + " and " + a + "tea" + z + ".", "plain"} {
		if got, want := length(s, a, z), utf8.RuneCountInString(strip(s, a, z)); got != want {
			t.Errorf("length(%q) = %d, want %d", s, got, want)
		}
	}
}
