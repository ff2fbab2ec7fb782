package i18n_test

import (
	"context"
	"encoding/json"
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

// converted lists the templates whose every word comes from the
// catalogues: a file, or one component of a file ("file#Component"). It
// grows as pages are converted.
var converted = []string{
	"web/layout.templ",
	"web/error.templ",
	"web/pages/survey/respond.templ",
	"web/pages/checkin/checkin.templ#StudentPage",
	"web/pages/survey/other.templ#PosterPage",
	"web/components/fields.templ#ErrorSummary",
	"web/pages/account/signin.templ",
	// home and activity pages, theory of change, case studies
	"web/pages/home/home.templ",
	"web/pages/home/roles.templ",
	"web/pages/activity/show.templ",
	"web/pages/activity/form.templ",
	"web/pages/activity/about.templ",
	"web/pages/activity/calendar.templ",
	// Administration, people, sign-in settings, notices, account, emails.
	"web/pages/account/account.templ",
	"web/pages/account/reset.templ",
	"web/pages/org/settings.templ",
	"web/email/email.templ",
	// The plan, its import, the shared components and the pages of
	// evidence, partners, cohorts, codes, outcome figures and reports.
	"web/pages/activity/plan.templ",
	"web/pages/activity/import.templ",
	"web/components/programme.templ",
	"web/components/pager.templ",
	"web/components/importplan.templ",
	"web/components/importproblems.templ",
	"web/components/chart.templ",
	"web/components/fields.templ",
	"web/pages/cohort/cohort.templ#Section",
	"web/pages/evidence/section.templ#ActivitySection",
	"web/pages/evidence/section.templ#evidenceList",
	"web/pages/casestudy/activity.templ",
	// Survey administration and results (surveyadmin.*).
	"web/pages/survey/show.templ#Show",
	"web/pages/survey/show.templ#share",
	"web/pages/survey/show.templ#results",
	"web/pages/survey/show.templ#resultsBody",
	"web/pages/survey/other.templ#InstrumentList",
	"web/pages/survey/other.templ#InstrumentShow",
	"web/pages/survey/other.templ#InstrumentEdit",
	"web/pages/survey/list.templ",
	"web/pages/survey/staff.templ#StaffList",
	// People and invitations, university sign-in, and their emails.
	"web/pages/people/people.templ",
	"web/pages/people/accept.templ",
	"web/pages/people/audit.templ",
	"web/pages/people/mail.templ",
	"web/pages/sso/signin.templ",
	"web/pages/sso/admin.templ",
	// The case study library, its pages and forms, the theory of change.
	"web/pages/casestudy/show.templ",
	"web/pages/casestudy/library.templ",
	"web/pages/casestudy/lists.templ",
	"web/pages/casestudy/form.templ",
	"web/pages/toc/toc.templ",
	// Administration: the structure pages, import, jobs, erasure (org.*, rights.*).
	"web/pages/org/admin.templ",
	"web/pages/org/departments.templ",
	"web/pages/org/programmes.templ",
	"web/pages/org/modules.templ",
	"web/pages/org/browse.templ",
	"web/pages/org/import.templ",
	"web/pages/org/jobs.templ",
	"web/pages/rights/erase.templ",
	"web/components/language.templ",
	// The survey privacy page, the notices, survey and check-in staff
	// pages, recording an outcome and adding evidence.
	"web/pages/survey/other.templ#PrivacyPage",
	"web/pages/notice/privacy.templ",
	"web/pages/notice/accessibility.templ",
	"web/pages/notice/edit.templ",
	"web/pages/survey/form.templ",
	"web/pages/survey/staff.templ#StaffForm",
	"web/pages/checkin/checkin.templ",
	"web/pages/evidence/section.templ#OutcomeEdit",
	"web/pages/evidence/section.templ#EvidenceNew",
	"web/pages/survey/baseline.templ",
	"web/pages/survey/show.templ#comparison",
	// Reports, partners, cohort profiles, outcome figures and codes.
	"web/pages/report/report.templ",
	"web/pages/report/plancohort.templ",
	"web/pages/partner/partner.templ",
	"web/pages/cohort/cohort.templ",
	"web/pages/cohort/import.templ",
	"web/pages/outcomefigures/import.templ",
	"web/pages/codes/admin.templ",
	"web/pages/codes/form.templ",
	"web/pages/codes/show.templ",
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

// TestConvertedTemplatesHaveNoLiteralText fails when a converted template
// writes English text straight into the page instead of asking the
// catalogue: text between tags, a text attribute (aria-label, alt, …) or
// a Go string of words given to a component.
func TestConvertedTemplatesHaveNoLiteralText(t *testing.T) {
	for _, entry := range converted {
		file, component, _ := strings.Cut(entry, "#")
		raw, err := os.ReadFile(filepath.Join("../..", file))
		if err != nil {
			t.Fatal(err)
		}
		inside, inTag, checked, calling := false, false, 0, 0
		for n, line := range strings.Split(string(raw), "\n") {
			if m := templStart.FindStringSubmatch(line); m != nil {
				inside, inTag = component == "" || m[1] == component, false
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
			t.Errorf("%s: found no template to check", entry)
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
