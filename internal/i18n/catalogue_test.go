package i18n_test

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"belonging/internal/i18n"
)

// pluralForms are the CLDR plural categories each language's catalogue
// must give a counted message: English two, Welsh all six.
var pluralForms = map[string][]string{
	i18n.English: {"one", "other"},
	i18n.Welsh:   {"few", "many", "one", "other", "two", "zero"},
}

// readCatalogue gathers a language's messages from all its files
// (catalogue/*.<lang>.json and catalogue/<lang>.json), failing on a message
// id given by two files.
func readCatalogue(t *testing.T, lang string) map[string]any {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("catalogue", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	c, from := map[string]any{}, map[string]string{}
	for _, file := range files {
		if i18n.CatalogueLang(file) != lang {
			continue
		}
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var part map[string]any
		if err := json.Unmarshal(raw, &part); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for id, v := range part {
			if other, ok := from[id]; ok {
				t.Errorf("message %q is in both %s and %s", id, other, file)
			}
			c[id], from[id] = v, file
		}
	}
	if len(c) == 0 {
		t.Fatalf("no messages for %s in catalogue/", lang)
	}
	return c
}

// TestCatalogueFilesAreNamedByLanguage fails on a catalogue file whose name
// does not end in a supported language, which the loader would refuse.
func TestCatalogueFilesAreNamedByLanguage(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("catalogue", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		if !slices.Contains(i18n.Languages, i18n.CatalogueLang(file)) {
			t.Errorf("%s: name it <part>.en.json or <part>.cy.json", file)
		}
	}
}

// TestCataloguesMatch fails when a message is in one catalogue and not the
// other, is empty, or lacks a plural form its language needs.
func TestCataloguesMatch(t *testing.T) {
	cats := map[string]map[string]any{}
	for _, lang := range i18n.Languages {
		cats[lang] = readCatalogue(t, lang)
	}
	var keys [2][]string
	for i, lang := range i18n.Languages {
		for id := range cats[lang] {
			keys[i] = append(keys[i], id)
		}
		slices.Sort(keys[i])
	}
	if diff := cmp.Diff(keys[0], keys[1]); diff != "" {
		t.Errorf("message ids of en and cy differ (-en +cy):\n%s", diff)
	}
	for _, lang := range i18n.Languages {
		for id, v := range cats[lang] {
			switch v := v.(type) {
			case string:
				if strings.TrimSpace(v) == "" {
					t.Errorf("%s %q is empty", lang, id)
				}
			case map[string]any:
				var forms []string
				for f, s := range v {
					forms = append(forms, f)
					if s, ok := s.(string); !ok || strings.TrimSpace(s) == "" {
						t.Errorf("%s %q form %s is empty", lang, id, f)
					}
				}
				slices.Sort(forms)
				if diff := cmp.Diff(pluralForms[lang], forms); diff != "" {
					t.Errorf("%s %q plural forms (-want +got):\n%s", lang, id, diff)
				}
			default:
				t.Errorf("%s %q is a %T, want text or plural forms", lang, id, v)
			}
		}
	}
}

var usedID = regexp.MustCompile(`i18n\.[TN]\([^,()]+(?:\(\))?, "([^"]+)"`)

// TestEveryUsedMessageExists fails when code asks for a message id that a
// catalogue lacks.
func TestEveryUsedMessageExists(t *testing.T) {
	cats := map[string]map[string]any{}
	for _, lang := range i18n.Languages {
		cats[lang] = readCatalogue(t, lang)
	}
	used := 0
	for _, dir := range []string{"../../internal", "../../web", "../../cmd"} {
		err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if strings.HasSuffix(path, "_templ.go") || !(strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".templ")) {
				return nil
			}
			raw, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, m := range usedID.FindAllStringSubmatch(string(raw), -1) {
				used++
				for _, lang := range i18n.Languages {
					if _, ok := cats[lang][m[1]]; !ok {
						t.Errorf("%s uses message %q, missing from the %s catalogues", path, m[1], lang)
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if used < 50 {
		t.Fatalf("found %d uses of i18n.T and i18n.N; the pattern no longer matches the code", used)
	}
}

// templates lists every template of the interface: each one's words come
// from the catalogues, so a new template is held to it as soon as it is
// written.
func templates(t *testing.T) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir("../../web", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".templ") {
			files = append(files, strings.TrimPrefix(path, "../../"))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 50 {
		t.Fatalf("found %d templates under web/, want every page's", len(files))
	}
	return files
}

// untranslatedAllowed are words that are the same in both languages: the
// product's name and the languages' own names.
var untranslatedAllowed = regexp.MustCompile(`\b(Belonging|English|Cymraeg)\b`)

var (
	templStart = regexp.MustCompile(`^templ (\w+)\(`)
	classAttr  = regexp.MustCompile(`class=("[^"]*"|\{[^}]*\})`)
	textAttr   = regexp.MustCompile(`\b(aria-label|alt|title|placeholder)="([^"]*)"`)
	tag        = regexp.MustCompile(`<[^>]*>`)
	statement  = regexp.MustCompile(`^\s*(if |else|for |switch |case |default:|@|}|return |//)`)
	words      = regexp.MustCompile(`[A-Za-z]{2,}`)
	goString   = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)
	wordsText  = regexp.MustCompile(`[A-Za-z]{2,}[,.:;!?]? +[A-Za-z]`)
)

// split separates a template line into its text and its Go expressions
// ({ … }).
func split(line string) (text, code string) {
	var t, c strings.Builder
	depth := 0
	for _, r := range line {
		switch {
		case r == '{':
			depth++
			c.WriteRune(' ')
		case r == '}' && depth > 0:
			depth--
		case depth == 0:
			t.WriteRune(r)
		default:
			c.WriteRune(r)
		}
	}
	return t.String(), c.String()
}

// TestTemplatesHaveNoLiteralText fails when a template writes English
// text straight into the page instead of asking the
// catalogue: text between tags, a text attribute (aria-label, alt, …) or
// a Go string of words given to a component.
func TestTemplatesHaveNoLiteralText(t *testing.T) {
	for _, file := range templates(t) {
		raw, err := os.ReadFile(filepath.Join("../..", file))
		if err != nil {
			t.Fatal(err)
		}
		inside, inTag, checked, calling := false, false, 0, 0
		for n, line := range strings.Split(string(raw), "\n") {
			if templStart.MatchString(line) {
				inside, inTag = true, false
				continue
			}
			if strings.HasPrefix(line, "}") {
				inside = false
				continue
			}
			if !inside {
				continue
			}
			checked++
			line = classAttr.ReplaceAllString(line, "")
			for _, m := range textAttr.FindAllStringSubmatch(line, -1) {
				if words.MatchString(untranslatedAllowed.ReplaceAllString(m[2], "")) {
					t.Errorf("%s:%d: %s=%q is English written into the template", file, n+1, m[1], m[2])
				}
			}
			text, code := split(line)
			// A component call (@…), and its arguments on the lines after
			// it until its brackets close, is Go code.
			if calling > 0 || strings.HasPrefix(strings.TrimSpace(line), "@") {
				code, text = line, ""
				calling += strings.Count(line, "(") - strings.Count(line, ")")
			}
			for _, s := range goString.FindAllString(code, -1) {
				if wordsText.MatchString(s) {
					t.Errorf("%s:%d: %s is English written into the template", file, n+1, s)
				}
			}
			if text == "" || statement.MatchString(line) {
				continue
			}
			if inTag {
				_, after, closed := strings.Cut(text, ">")
				if !closed {
					continue
				}
				inTag, text = false, after
			}
			if open, close := strings.LastIndex(text, "<"), strings.LastIndex(text, ">"); open > close {
				inTag, text = true, text[:open]
			}
			text = untranslatedAllowed.ReplaceAllString(tag.ReplaceAllString(text, " "), "")
			if words.MatchString(text) {
				t.Errorf("%s:%d: text %q is English written into the template", file, n+1, strings.TrimSpace(text))
			}
		}
		if checked == 0 {
			t.Errorf("%s: found no template to check", file)
		}
	}
}

// TestPlurals checks Welsh's six forms are chosen by count.
func TestPlurals(t *testing.T) {
	cy := i18n.WithLang(context.Background(), i18n.Welsh)
	en := context.Background()
	for _, tc := range []struct {
		ctx  context.Context
		n    int
		want string
	}{
		{en, 1, "student checked in"}, {en, 2, "students checked in"}, {en, 0, "students checked in"},
		{cy, 0, "o fyfyrwyr wedi cofrestru"}, {cy, 1, "myfyriwr wedi cofrestru"}, {cy, 2, "fyfyriwr wedi cofrestru"},
		{cy, 3, "myfyriwr wedi cofrestru"}, {cy, 6, "myfyriwr wedi cofrestru"}, {cy, 7, "o fyfyrwyr wedi cofrestru"},
	} {
		if got := i18n.N(tc.ctx, "checkin.students", tc.n); got != tc.want {
			t.Errorf("N(%s, checkin.students, %d) = %q, want %q", i18n.Lang(tc.ctx), tc.n, got, tc.want)
		}
	}
}

// TestDates checks days and months are written in the reader's language.
func TestDates(t *testing.T) {
	day := time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC)
	cy := i18n.WithLang(context.Background(), i18n.Welsh)
	for _, tc := range []struct{ got, want string }{
		{i18n.LongDate(context.Background(), day), "Tuesday 3 March 2026"},
		{i18n.LongDate(cy, day), "dydd Mawrth 3 Mawrth 2026"},
		{i18n.ShortDate(cy, day.AddDate(0, 9, 0)), "3 Rhag 2026"},
		{i18n.Month(cy, time.July), "Gorffennaf"},
		{i18n.T(cy, "when.on", "Day", i18n.DayDate(cy, day)), "ddydd Mawrth 3 Mawrth 2026"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
