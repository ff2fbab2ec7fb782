package report_test

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"belonging/internal/report"
	"belonging/internal/seed"
	"belonging/internal/testkit"
	"belonging/web/paths"
)

// A director writes an Enhanced Theory of Change with every part, links
// outcomes to activity elements and backs an assumption with a note and
// an evidence item; the JSON export and the workbook's "Theory of change"
// sheet both give back exactly what was entered, in reading order.
func TestEvaluationRecordCarriesTheTheoryOfChange(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	activity := testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE title LIKE 'Coffee mornings%' AND academic_year = $1`, seed.CurrentYear())
	testkit.Exec(t, app, `DELETE FROM toc_entries WHERE activity_id = $1`, activity)
	evidence := testkit.Scalar[int64](t, app, `INSERT INTO evidence (institution_id, activity_id, title, kind, strength, link_url)
		SELECT institution_id, id, 'Last year''s sign-in sheets', 'attendance', 1, 'https://example.ac.uk/sheets' FROM activities WHERE id = $1
		RETURNING id`, activity)

	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	toc := paths.TheoryOfChange(activity)
	add := func(part, term, body string) int64 {
		t.Helper()
		if res := c.Post(toc, url.Values{"part": {part}, "term": {term}, "body": {body}}); res.StatusCode != 303 {
			t.Fatalf("POST %s %s %q = %d, want 303 (%s)", toc, part, body, res.StatusCode, testkit.FormErrors(res))
		}
		return testkit.Scalar[int64](t, app, `SELECT max(id) FROM toc_entries WHERE activity_id = $1`, activity)
	}
	update := func(entry int64, form url.Values) {
		t.Helper()
		if res := c.Post(paths.TocEntry(activity, entry), form); res.StatusCode != 303 {
			t.Fatalf("POST %s = %d, want 303 (%s)", paths.TocEntry(activity, entry), res.StatusCode, testkit.FormErrors(res))
		}
	}
	add("context", "", "Most first years commute and leave after the lecture.")
	add("input", "", "Coffee and pastries for 45")
	add("input", "", "Two second-year hosts")
	coffee := add("activity", "", "Coffee before Monday's lecture")
	hosts := add("activity", "", "Hosts introduce students to each other")
	add("output", "", "Ten mornings a term")
	peers := add("outcome", "short", "Students know two peers by name")
	asking := add("outcome", "medium", "Students ask questions in class")
	add("outcome", "long", "Students stay into year 2")
	add("impact", "", "Continuation rises for commuters")
	add("mechanism", "", "A low-stakes routine makes talking easier")
	assumption := add("assumption", "", "Students arrive early for coffee")
	add("assumption", "", "The lecture room is free beforehand")
	update(peers, url.Values{"body": {"Students know two peers by name"}, "term": {"short"},
		"from": {strconv.FormatInt(coffee, 10), strconv.FormatInt(hosts, 10)}})
	update(asking, url.Values{"body": {"Students ask questions in class"}, "term": {"medium"}, "from": {strconv.FormatInt(hosts, 10)}})
	update(assumption, url.Values{"body": {"Students arrive early for coffee"}, "evidence_note": {"Last year 30 of 45 came early."},
		"evidence": {strconv.FormatInt(evidence, 10)}})

	item := "Last year's sign-in sheets"
	text := func(s ...string) []report.ExportTocText {
		out := []report.ExportTocText{}
		for _, x := range s {
			out = append(out, report.ExportTocText{Text: x})
		}
		return out
	}
	want := report.ExportEnhancedTheory{
		Context: text("Most first years commute and leave after the lecture."),
		Inputs:  text("Coffee and pastries for 45", "Two second-year hosts"),
		Activities: []report.ExportTocElement{{Ref: "element-1", Text: "Coffee before Monday's lecture"},
			{Ref: "element-2", Text: "Hosts introduce students to each other"}},
		Outputs: text("Ten mornings a term"),
		Outcomes: []report.ExportTocOutcome{
			{Term: "short", Text: "Students know two peers by name", From: []string{"element-1", "element-2"}},
			{Term: "medium", Text: "Students ask questions in class", From: []string{"element-2"}},
			{Term: "long", Text: "Students stay into year 2", From: []string{}}},
		Impact:     text("Continuation rises for commuters"),
		Mechanisms: text("A low-stakes routine makes talking easier"),
		Assumptions: []report.ExportTocAssumption{
			{Text: "Students arrive early for coffee", Evidence: report.ExportTocEvidence{Note: "Last year 30 of 45 came early.", Item: &item}},
			{Text: "The lecture room is free beforehand"}},
	}

	resp := c.Get(paths.ActivityExport(activity))
	var e report.Export
	if err := json.Unmarshal(resp.Body, &e); err != nil {
		t.Fatalf("GET export.json = %d, not JSON: %v", resp.StatusCode, err)
	}
	if diff := cmp.Diff(want, e.EnhancedTheory); diff != "" {
		t.Errorf("export.json enhanced_theory_of_change (-entered +exported):\n%s", diff)
	}

	book := c.Get(paths.ActivityWorkbook(activity))
	f, err := excelize.OpenReader(bytes.NewReader(book.Body))
	if err != nil {
		t.Fatalf("opening the evaluation workbook (%d): %v", book.StatusCode, err)
	}
	defer f.Close()
	rows, err := f.GetRows("Theory of change")
	if err != nil {
		t.Fatalf("GetRows(Theory of change) = %v", err)
	}
	for i := range rows {
		for len(rows[i]) < 7 {
			rows[i] = append(rows[i], "")
		}
	}
	wantRows := [][]string{
		{"Reference", "Part", "Term", "Text", "Links to", "Evidence", "Evidence item"},
		{"", "Context", "", "Most first years commute and leave after the lecture.", "", "", ""},
		{"", "Input", "", "Coffee and pastries for 45", "", "", ""},
		{"", "Input", "", "Two second-year hosts", "", "", ""},
		{"element-1", "Activity element", "", "Coffee before Monday's lecture", "", "", ""},
		{"element-2", "Activity element", "", "Hosts introduce students to each other", "", "", ""},
		{"", "Output", "", "Ten mornings a term", "", "", ""},
		{"", "Outcome", "short", "Students know two peers by name", "element-1; element-2", "", ""},
		{"", "Outcome", "medium", "Students ask questions in class", "element-2", "", ""},
		{"", "Outcome", "long", "Students stay into year 2", "", "", ""},
		{"", "Impact", "", "Continuation rises for commuters", "", "", ""},
		{"", "Mechanism of change", "", "A low-stakes routine makes talking easier", "", "", ""},
		{"", "Assumption", "", "Students arrive early for coffee", "", "Last year 30 of 45 came early.", item},
		{"", "Assumption", "", "The lecture room is free beforehand", "", "", ""},
	}
	if diff := cmp.Diff(wantRows, rows); diff != "" {
		t.Errorf("Theory of change sheet (-entered +read back):\n%s", diff)
	}
}
