package csvx

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"belonging/internal/i18n"
)

func TestFormulaCellsRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	cells := []string{"=HYPERLINK(\"http://evil\")", "+1", "-2", "@SUM(A1)", "plain", "it's fine", ""}
	w.Write("a", "b", "c", "d", "e", "f", "g")
	w.Write(cells...)
	w.Flush()
	if strings.Contains(buf.String(), ",=HYPERLINK") || strings.HasPrefix(strings.Split(buf.String(), "\n")[1], "=") {
		t.Fatalf("a formula was written as a formula:\n%s", buf.String())
	}
	rows, problems, err := Read(context.Background(), buf.Bytes(), []string{"a", "b", "c", "d", "e", "f", "g"}, 10)
	if err != nil || len(problems) > 0 || len(rows) != 1 {
		t.Fatalf("Read = %v, %v, %v", rows, problems, err)
	}
	for i, name := range []string{"a", "b", "c", "d", "e", "f", "g"} {
		if got := rows[0].Cells[name]; got != cells[i] {
			t.Errorf("cell %s = %q, want %q", name, got, cells[i])
		}
	}
}

func TestReadRejectsBadFiles(t *testing.T) {
	for name, data := range map[string]string{
		"latin-1":        "a,b\ncaf\xe9,1\n",
		"missing column": "a\n1\n",
		"extra column":   "a,b,c\n1,2,3\n",
		"empty":          "",
		"header only":    "a,b\n",
	} {
		if _, _, err := Read(context.Background(), []byte(data), []string{"a", "b"}, 10); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	rows, problems, err := Read(context.Background(), []byte("a,b\n1,2\n3\n\"bad,4\n"), []string{"a", "b"}, 10)
	if err != nil || len(rows) != 1 || len(problems) != 2 || problems[0].Line != 3 || problems[1].Line != 4 {
		t.Errorf("Read with a short line = %v, %v, %v", rows, problems, err)
	}
}

// A file's problems are told in the reader's language.
func TestProblemsInTheReadersLanguage(t *testing.T) {
	cy := i18n.WithLang(context.Background(), i18n.Welsh)
	for _, c := range []struct {
		data, english, welsh string
	}{
		{"", "The file is empty.", "Mae'r ffeil yn wag."},
		{"a\n1\n", `The header row has no "b" column. It must have: a,b.`, `Nid oes colofn "b" yn y rhes pennawd. Rhaid iddi gynnwys: a,b.`},
		{"a,b\n", "The file has a header but no rows to import.", "Mae gan y ffeil bennawd ond dim rhesi i'w mewnforio."},
	} {
		_, _, en := Read(context.Background(), []byte(c.data), []string{"a", "b"}, 10)
		_, _, welsh := Read(cy, []byte(c.data), []string{"a", "b"}, 10)
		if en == nil || welsh == nil || en.Error() != c.english || welsh.Error() != c.welsh {
			t.Errorf("Read(%q) = %v in English, %v in Welsh; want %q and %q", c.data, en, welsh, c.english, c.welsh)
		}
	}
	_, problems, err := Read(cy, []byte("a,b\n1,2\n3\n"), []string{"a", "b"}, 10)
	if err != nil || len(problems) != 1 || problems[0].Message != "Disgwylid 2 colofn, cafwyd 1." {
		t.Errorf("a short line in Welsh = %v, %v; want one problem in Welsh", problems, err)
	}
}
