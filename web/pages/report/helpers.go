package report

import "github.com/a-h/templ"

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

func sortHint(sorted string) string {
	switch sorted {
	case "ascending":
		return ", sorted low to high; select to sort high to low"
	case "descending":
		return ", sorted high to low; select to sort low to high"
	}
	return ", select to sort"
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
