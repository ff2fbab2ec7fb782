package report

import (
	"strconv"
	"strings"

	"belonging/internal/toc"
)

// The Enhanced Theory of Change as the evaluation record carries it: every
// entry in reading order, each outcome with its term and the activity
// elements that lead to it (by their references), each assumption with
// the evidence for it. The JSON export and the workbook's "Theory of
// change" sheet are both built from this.

// ExportEnhancedTheory is the Enhanced Theory of Change, part by part.
type ExportEnhancedTheory struct {
	Context     []ExportTocText       `json:"context"`
	Inputs      []ExportTocText       `json:"inputs"`
	Activities  []ExportTocElement    `json:"activities"`
	Outputs     []ExportTocText       `json:"outputs"`
	Outcomes    []ExportTocOutcome    `json:"outcomes"`
	Impact      []ExportTocText       `json:"impact"`
	Mechanisms  []ExportTocText       `json:"mechanisms"`
	Assumptions []ExportTocAssumption `json:"assumptions"`
}

// ExportTocText is an entry that is its text alone.
type ExportTocText struct {
	Text string `json:"text"`
}

// ExportTocElement is an activity element; outcomes name it by Ref.
type ExportTocElement struct {
	Ref  string `json:"ref"`
	Text string `json:"text"`
}

// ExportTocOutcome is an outcome: its term (short, medium or long) and the
// refs of the activity elements that lead to it.
type ExportTocOutcome struct {
	Term string   `json:"term"`
	Text string   `json:"text"`
	From []string `json:"from"`
}

// ExportTocAssumption is an assumption with the evidence for it: a note,
// and the title of one of the activity's evidence items (in `evidence`).
type ExportTocAssumption struct {
	Text     string            `json:"text"`
	Evidence ExportTocEvidence `json:"evidence"`
}

// ExportTocEvidence is what backs an assumption.
type ExportTocEvidence struct {
	Note string  `json:"note"`
	Item *string `json:"item"`
}

// elementRef names the n-th activity element (from 1).
func elementRef(n int) string { return "element-" + strconv.Itoa(n) }

// enhancedTheory turns an activity's theory of change into the export's
// shape; every list is present, empty when nothing is written.
func enhancedTheory(m toc.Model) ExportEnhancedTheory {
	t := ExportEnhancedTheory{Context: []ExportTocText{}, Inputs: []ExportTocText{}, Activities: []ExportTocElement{},
		Outputs: []ExportTocText{}, Outcomes: []ExportTocOutcome{}, Impact: []ExportTocText{}, Mechanisms: []ExportTocText{},
		Assumptions: []ExportTocAssumption{}}
	refs := map[int64]string{}
	for _, e := range m.Of("activity") {
		refs[e.ID] = elementRef(len(refs) + 1)
	}
	for _, e := range m.Entries {
		text := ExportTocText{Text: e.Body}
		switch e.Part {
		case "context":
			t.Context = append(t.Context, text)
		case "input":
			t.Inputs = append(t.Inputs, text)
		case "activity":
			t.Activities = append(t.Activities, ExportTocElement{Ref: refs[e.ID], Text: e.Body})
		case "output":
			t.Outputs = append(t.Outputs, text)
		case "outcome":
			o := ExportTocOutcome{Text: e.Body, From: []string{}}
			if e.Term != nil {
				o.Term = *e.Term
			}
			for _, id := range e.From {
				if ref, ok := refs[id]; ok {
					o.From = append(o.From, ref)
				}
			}
			t.Outcomes = append(t.Outcomes, o)
		case "impact":
			t.Impact = append(t.Impact, text)
		case "mechanism":
			t.Mechanisms = append(t.Mechanisms, text)
		case "assumption":
			a := ExportTocAssumption{Text: e.Body, Evidence: ExportTocEvidence{Note: e.EvidenceNote}}
			if e.EvidenceID != nil {
				title := e.EvidenceTitle
				a.Evidence.Item = &title
			}
			t.Assumptions = append(t.Assumptions, a)
		}
	}
	return t
}

// theorySheet is the theory of change one row per entry, in reading order:
// an activity element's reference, an outcome's term and the elements it
// links to, an assumption's evidence. No entries, no sheet.
func theorySheet(r evaluationRecord) [][]any {
	t := r.EnhancedTheory
	rows := [][]any{{"Reference", "Part", "Term", "Text", "Links to", "Evidence", "Evidence item"}}
	plain := func(part string, entries []ExportTocText) {
		for _, e := range entries {
			rows = append(rows, []any{"", part, "", e.Text, "", "", ""})
		}
	}
	plain("Context", t.Context)
	plain("Input", t.Inputs)
	for _, e := range t.Activities {
		rows = append(rows, []any{e.Ref, "Activity element", "", e.Text, "", "", ""})
	}
	plain("Output", t.Outputs)
	for _, o := range t.Outcomes {
		rows = append(rows, []any{"", "Outcome", o.Term, o.Text, strings.Join(o.From, "; "), "", ""})
	}
	plain("Impact", t.Impact)
	plain("Mechanism of change", t.Mechanisms)
	for _, a := range t.Assumptions {
		item := ""
		if a.Evidence.Item != nil {
			item = *a.Evidence.Item
		}
		rows = append(rows, []any{"", "Assumption", "", a.Text, "", a.Evidence.Note, item})
	}
	if len(rows) == 1 {
		return nil
	}
	return rows
}
