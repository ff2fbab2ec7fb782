package report

import (
	"context"

	"github.com/a-h/templ"

	"belonging/internal/i18n"
)

// sortAttrs marks the column a table is sorted by.
func sortAttrs(c Column) templ.Attributes {
	if c.Sorted == "" {
		return nil
	}
	return templ.Attributes{"aria-sort": c.Sorted}
}

func sortMark(sorted string) string {
	switch sorted {
	case "ascending":
		return "▲"
	case "descending":
		return "▼"
	}
	return ""
}

func sortHint(ctx context.Context, sorted string) string {
	switch sorted {
	case "ascending":
		return i18n.T(ctx, "report.sort.ascending")
	case "descending":
		return i18n.T(ctx, "report.sort.descending")
	}
	return i18n.T(ctx, "report.sort.none")
}

func cellClass(c Cell, num bool) string {
	class := ""
	if num {
		class = "num"
	}
	if c.Kind != "" {
		if class != "" {
			class += " "
		}
		class += "cell--" + c.Kind
	}
	return class
}
