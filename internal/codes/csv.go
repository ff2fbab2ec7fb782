package codes

import (
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"belonging/internal/csvx"
	"belonging/internal/vocab"
)

// Import limits: a vocabulary is a few hundred codes at most.
const (
	ImportMaxBytes = 1 << 20
	ImportMaxRows  = 2000
)

// Header is the CSV layout documented in docs/evaluation-codes.md, one row
// per code, in the order the vocabulary lists them.
var Header = []string{"category", "code", "label", "parent", "description", "suggested_for"}

var codePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$`)

// Parse checks a vocabulary file. It returns the codes when every line is
// valid; otherwise the problems, each with its line number (the header is
// line 1). A problem with the file as a whole is a csvx.ErrFile.
func Parse(data []byte) ([]Code, []csvx.Problem, error) {
	rows, problems, err := csvx.Read(data, Header, ImportMaxRows)
	if err != nil {
		return nil, nil, err
	}
	problem := func(line int, format string, args ...any) {
		problems = append(problems, csvx.Problem{Line: line, Message: fmt.Sprintf(format, args...)})
	}
	var out []Code
	lines := map[string]int{} // code -> line
	categoryAt := map[string]string{}
	for _, row := range rows {
		c := Code{Category: strings.ToLower(row.Cells["category"]), Code: row.Cells["code"], Label: row.Cells["label"],
			Parent: row.Cells["parent"], Description: row.Cells["description"], Line: row.Line}
		ok := true
		cat, known := CategoryOf(c.Category)
		if !known {
			problem(row.Line, "The category %q is not one of: %s.", row.Cells["category"], categoryValues())
			ok = false
		}
		switch {
		case c.Code == "":
			problem(row.Line, "The code is empty.")
			ok = false
		case !codePattern.MatchString(c.Code):
			problem(row.Line, "The code %q must be 1 to 40 letters, digits, dots, hyphens or underscores, starting with a letter or digit.", c.Code)
			ok = false
		case lines[c.Code] != 0:
			problem(row.Line, "The code %q is already on line %d; each code appears once.", c.Code, lines[c.Code])
			ok = false
		}
		if l := utf8.RuneCountInString(c.Label); l == 0 || l > 200 {
			problem(row.Line, "The label must be 1 to 200 characters (it has %d).", l)
			ok = false
		}
		if utf8.RuneCountInString(c.Description) > 1000 {
			problem(row.Line, "The description is longer than 1,000 characters.")
			ok = false
		}
		if known && cat.Parent == "" && c.Parent != "" {
			problem(row.Line, "A code of category %q has no parent; leave the parent column empty.", c.Category)
			ok = false
		}
		if known && cat.Parent != "" && c.Parent == "" {
			problem(row.Line, "A %s needs a parent: the code of its %s.", strings.ToLower(cat.Label), parentLabel(cat))
			ok = false
		}
		for _, kind := range strings.Split(row.Cells["suggested_for"], ";") {
			kind = strings.TrimSpace(kind)
			if kind == "" {
				continue
			}
			if !vocab.Kinds.Has(kind) {
				problem(row.Line, "%q in suggested_for is not a kind of activity. Use: %s.", kind, strings.Join(vocab.Kinds.Values(), ", "))
				ok = false
				continue
			}
			c.SuggestedFor = append(c.SuggestedFor, kind)
		}
		if c.Code != "" && lines[c.Code] == 0 {
			lines[c.Code] = row.Line
			categoryAt[c.Code] = c.Category
		}
		if ok {
			out = append(out, c)
		}
	}
	// Parents may come before or after their children in the file.
	for _, c := range out {
		cat, _ := CategoryOf(c.Category)
		if cat.Parent == "" {
			continue
		}
		if got, found := categoryAt[c.Parent]; !found {
			problem(c.Line, "The parent %q is not a code in the file.", c.Parent)
		} else if got != cat.Parent {
			problem(c.Line, "The parent %q is of category %q; the parent of a %s must be of category %q.", c.Parent, got, c.Category, cat.Parent)
		}
	}
	if len(problems) > 0 {
		sortProblems(problems)
		return nil, problems, nil
	}
	return out, nil, nil
}

func parentLabel(c Category) string {
	p, _ := CategoryOf(c.Parent)
	return strings.ToLower(p.Label)
}

func categoryValues() string {
	var out []string
	for _, c := range Categories {
		out = append(out, c.Value)
	}
	return strings.Join(out, ", ")
}

// sortProblems puts problems in line order, keeping each line's in the
// order they were found.
func sortProblems(p []csvx.Problem) {
	slices.SortStableFunc(p, func(a, b csvx.Problem) int { return a.Line - b.Line })
}

// WriteCSV writes codes in the documented layout, so the file an admin
// downloads loads back unchanged.
func WriteCSV(w io.Writer, codes []Code) error {
	cw := csvx.NewWriter(w)
	if err := cw.Write(Header...); err != nil {
		return err
	}
	for _, c := range codes {
		if err := cw.Write(c.Category, c.Code, c.Label, c.Parent, c.Description, strings.Join(c.SuggestedFor, ";")); err != nil {
			return err
		}
	}
	return cw.Flush()
}
