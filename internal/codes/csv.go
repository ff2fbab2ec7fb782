package codes

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"belonging/internal/csvx"
	"belonging/internal/i18n"
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
func Parse(ctx context.Context, data []byte) ([]Code, []csvx.Problem, error) {
	rows, problems, err := csvx.Read(ctx, data, Header, ImportMaxRows)
	if err != nil {
		return nil, nil, err
	}
	problem := func(line int, id string, args ...any) {
		problems = append(problems, csvx.Problem{Line: line, Message: i18n.T(ctx, id, args...)})
	}
	quoted := func(s string) string { return fmt.Sprintf("%q", s) }
	var out []Code
	lines := map[string]int{} // code -> line
	categoryAt := map[string]string{}
	for _, row := range rows {
		c := Code{Category: strings.ToLower(row.Cells["category"]), Code: row.Cells["code"], Label: row.Cells["label"],
			Parent: row.Cells["parent"], Description: row.Cells["description"], Line: row.Line}
		ok := true
		cat, known := CategoryOf(c.Category)
		if !known {
			problem(row.Line, "codes.csv.category", "Value", quoted(row.Cells["category"]), "Values", categoryValues())
			ok = false
		}
		switch {
		case c.Code == "":
			problem(row.Line, "codes.csv.code_empty")
			ok = false
		case !codePattern.MatchString(c.Code):
			problem(row.Line, "codes.csv.code_form", "Code", quoted(c.Code))
			ok = false
		case lines[c.Code] != 0:
			problem(row.Line, "codes.csv.code_twice", "Code", quoted(c.Code), "Line", lines[c.Code])
			ok = false
		}
		if l := utf8.RuneCountInString(c.Label); l == 0 || l > 200 {
			problem(row.Line, "codes.csv.label", "Length", l)
			ok = false
		}
		if utf8.RuneCountInString(c.Description) > 1000 {
			problem(row.Line, "codes.csv.description")
			ok = false
		}
		if known && cat.Parent == "" && c.Parent != "" {
			problem(row.Line, "codes.csv.no_parent", "Category", quoted(c.Category))
			ok = false
		}
		if known && cat.Parent != "" && c.Parent == "" {
			problem(row.Line, needsParent[cat.Value])
			ok = false
		}
		for _, kind := range strings.Split(row.Cells["suggested_for"], ";") {
			kind = strings.TrimSpace(kind)
			if kind == "" {
				continue
			}
			if !vocab.Kinds.Has(kind) {
				problem(row.Line, "codes.csv.kind", "Kind", quoted(kind), "Kinds", strings.Join(vocab.Kinds.Values(), ", "))
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
			problem(c.Line, "codes.csv.parent_missing", "Parent", quoted(c.Parent))
		} else if got != cat.Parent {
			problem(c.Line, "codes.csv.parent_category", "Parent", quoted(c.Parent), "Got", quoted(got), "Category", c.Category, "Want", quoted(cat.Parent))
		}
	}
	if len(problems) > 0 {
		sortProblems(problems)
		return nil, problems, nil
	}
	return out, nil, nil
}

// needsParent are the catalogue's ids of the problem of a code whose
// category needs a parent and that has none.
var needsParent = map[string]string{"subtype": "codes.csv.needs_parent.subtype", "measure": "codes.csv.needs_parent.measure"}

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
