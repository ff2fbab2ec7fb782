package casestudy

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"belonging/internal/access"
	"belonging/internal/audit"
	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/httpx/form"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/internal/vocab"
	"belonging/web"
	page "belonging/web/pages/casestudy"
	"belonging/web/paths"
)

// draftInput is a validated case study form.
type draftInput struct {
	Title, Summary, InstitutionType, Discipline, Cohort           string
	Context, WhatWeDid, Partnership, Inclusivity, Impact, Lessons string
	Advice, CostEffort, Kind, Stage, Placement                    string
	Dimensions                                                    []string
	Evidence                                                      []int64
}

func (in draftInput) fields() map[string]any {
	return map[string]any{"title": in.Title, "summary": in.Summary, "institution_type": in.InstitutionType,
		"discipline": in.Discipline, "cohort": in.Cohort, "context": in.Context, "what_we_did": in.WhatWeDid,
		"partnership": in.Partnership, "inclusivity": in.Inclusivity, "impact": in.Impact, "lessons": in.Lessons,
		"advice": in.Advice, "cost_effort": in.CostEffort, "kind": in.Kind, "stage": in.Stage, "placement": in.Placement,
		"dimensions": strings.Join(in.Dimensions, ";"), "evidence": fmt.Sprint(in.Evidence)}
}

// readDraft validates the form; only the title is required, so a draft
// can be saved early. Fields are checked in the order of the page, so the
// error summary follows it.
func readDraft(ctx context.Context, vals form.Values, v *page.Form) draftInput {
	v.Title, v.Summary = vals.Text("title"), vals.Text("summary")
	v.InstitutionType, v.Discipline, v.Cohort, v.Context = vals.Text("institution_type"), vals.Text("discipline"), vals.Text("cohort"), vals.Text("context")
	v.WhatWeDid, v.Partnership, v.Inclusivity, v.Impact = vals.Text("what_we_did"), vals.Text("partnership"), vals.Text("inclusivity"), vals.Text("impact")
	v.Lessons, v.Advice, v.CostEffort = vals.Text("lessons"), vals.Text("advice"), vals.Text("cost_effort")
	v.Kind, v.Stage, v.Placement, v.Dimensions = vals.Text("kind"), vals.Text("stage"), vals.Text("placement"), vals.List("dimensions")
	v.Version = vals.Text("version")
	in := draftInput{Title: v.Title, Summary: v.Summary, InstitutionType: v.InstitutionType, Discipline: v.Discipline,
		Cohort: v.Cohort, Context: v.Context, WhatWeDid: v.WhatWeDid, Partnership: v.Partnership, Inclusivity: v.Inclusivity,
		Impact: v.Impact, Lessons: v.Lessons, Advice: v.Advice, CostEffort: v.CostEffort, Kind: v.Kind, Stage: v.Stage, Placement: v.Placement}
	v.Check(v.Title != "", "title", i18n.T(ctx, "casestudy.error.title"))
	v.Check(form.MaxLength(v.Title, 200), "title", i18n.T(ctx, "casestudy.error.title.long"))
	v.Check(form.MaxLength(v.Summary, 2000), "summary", i18n.T(ctx, "casestudy.error.summary.long"))
	for _, f := range []struct{ field, value string }{{"institution_type", v.InstitutionType}, {"discipline", v.Discipline}, {"cohort", v.Cohort}} {
		v.Check(form.MaxLength(f.value, 200), f.field, i18n.T(ctx, "casestudy.error.short.long"))
	}
	checkSection := func(field, value string) {
		v.Check(form.MaxLength(value, 20000), field, i18n.T(ctx, "casestudy.error.section.long"))
	}
	checkSection("context", v.Context)
	v.Check(vocab.Kinds.Has(v.Kind), "kind", i18n.T(ctx, "casestudy.error.kind"))
	v.Check(vocab.Stages.Has(v.Stage), "stage", i18n.T(ctx, "casestudy.error.stage"))
	v.Check(vocab.Placements.Has(v.Placement), "placement", i18n.T(ctx, "casestudy.error.placement"))
	for _, d := range v.Dimensions {
		if !vocab.Dimensions.Has(d) {
			v.Add("dimensions", i18n.T(ctx, "casestudy.error.dimensions"))
			break
		}
	}
	for _, f := range []struct{ field, value string }{{"what_we_did", v.WhatWeDid}, {"partnership", v.Partnership},
		{"inclusivity", v.Inclusivity}, {"impact", v.Impact}, {"lessons", v.Lessons}, {"advice", v.Advice}, {"cost_effort", v.CostEffort}} {
		checkSection(f.field, f.value)
	}
	for _, d := range vocab.Dimensions {
		if slices.Contains(v.Dimensions, d.Value) {
			in.Dimensions = append(in.Dimensions, d.Value)
		}
	}
	if in.Dimensions == nil {
		in.Dimensions = []string{}
	}
	chosen := vals.List("evidence")
	for i := range v.Evidence {
		v.Evidence[i].Checked = slices.Contains(chosen, v.Evidence[i].ID)
		if v.Evidence[i].Checked {
			id, _ := strconv.ParseInt(v.Evidence[i].ID, 10, 64)
			in.Evidence = append(in.Evidence, id)
		}
	}
	for _, c := range chosen {
		if !slices.ContainsFunc(v.Evidence, func(e page.EvidenceChoice) bool { return e.ID == c }) {
			v.Add("evidence", i18n.T(ctx, "casestudy.error.evidence"))
			break
		}
	}
	return in
}

// strongest is the strongest type among the chosen evidence.
func strongest(choices []page.EvidenceChoice) int {
	n := 0
	for _, e := range choices {
		if e.Checked {
			n = max(n, e.Strength)
		}
	}
	return n
}

func (h *Handler) evidenceChoices(ctx context.Context, institutionID int64, activityID *int64, caseStudyID int64) ([]page.EvidenceChoice, error) {
	if activityID == nil {
		return nil, nil
	}
	rows, err := h.Queries.ListActivityEvidenceForCaseStudy(ctx, store.ListActivityEvidenceForCaseStudyParams{
		InstitutionID: institutionID, ActivityID: *activityID, CaseStudyID: caseStudyID})
	if err != nil {
		return nil, err
	}
	out := make([]page.EvidenceChoice, len(rows))
	for i, e := range rows {
		out[i] = page.EvidenceChoice{ID: strconv.FormatInt(e.ID, 10), Label: e.Title, Strength: int(e.Strength), Checked: e.Linked}
	}
	return out, nil
}

func (h *Handler) renderForm(w http.ResponseWriter, r *http.Request, status int, v page.Form) {
	title := i18n.T(r.Context(), "casestudy.activity.write")
	if v.ID != 0 {
		title = i18n.T(r.Context(), "casestudy.form.edit.page", "Title", v.Title)
	}
	httpx.Render(w, r, status, web.Page{Title: title, Section: "library"}, page.Edit(v))
}

// New shows a case study form pre-filled from the activity: its kind,
// stage, dimensions and placement, partnership, theory of change, what its
// outcomes recorded, and its evidence.
func (h *Handler) New(w http.ResponseWriter, r *http.Request) {
	a, ok := h.Access.Activity(w, r, auth.EditActivity)
	if !ok {
		return
	}
	v, err := h.prefill(r.Context(), a)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.renderForm(w, r, http.StatusOK, v)
}

func (h *Handler) prefill(ctx context.Context, a access.Activity) (page.Form, error) {
	v := page.Form{ActivityID: a.ID, ActivityTitle: a.Title, Title: a.Title, Summary: a.Aims, Kind: a.Kind, Stage: a.Stage,
		Placement: a.Placement, Dimensions: a.Dimensions}
	inst, err := h.Queries.GetInstitution(ctx, a.InstitutionID)
	if err != nil {
		return v, err
	}
	prog, err := h.Queries.GetProgramme(ctx, store.GetProgrammeParams{InstitutionID: a.InstitutionID, ID: a.ProgrammeID})
	if err != nil {
		return v, err
	}
	v.InstitutionType, v.Discipline = inst.Kind, prog.SubjectArea
	cohort := vocab.AudienceLevels.LabelIn(ctx, a.AudienceLevel)
	if a.AudienceYear != nil {
		cohort += i18n.T(ctx, "casestudy.prefill.year", "Year", *a.AudienceYear)
	}
	if a.CohortSize != nil {
		cohort += i18n.T(ctx, "casestudy.prefill.cohort", "Size", *a.CohortSize)
	}
	v.Cohort = cohort
	if h.ContextFor != nil {
		if v.Context, err = h.ContextFor(ctx, a.InstitutionID, a.ProgrammeID, int(a.AcademicYear)); err != nil {
			return v, err
		}
	}

	var did []string
	if a.TocActivities != "" {
		did = append(did, a.TocActivities)
	}
	sessions, err := h.Queries.ListActivitySessions(ctx, store.ListActivitySessionsParams{InstitutionID: a.InstitutionID, ActivityID: a.ID})
	if err != nil {
		return v, err
	}
	if n := len(sessions); n > 0 {
		did = append(did, i18n.N(ctx, "casestudy.prefill.sessions", n, "First", i18n.FullDate(ctx, sessions[0].SessionDate),
			"Last", i18n.FullDate(ctx, sessions[n-1].SessionDate), "Placement", placementWords(ctx, a.Placement)))
	}
	if a.TocInputs != "" {
		did = append(did, i18n.T(ctx, "casestudy.prefill.inputs", "Text", a.TocInputs))
	}
	v.WhatWeDid = strings.Join(did, "\n\n")

	switch a.Partnership {
	case "with":
		v.Partnership = i18n.T(ctx, "casestudy.prefill.with", "How", a.PartnershipHow)
	case "by":
		v.Partnership = i18n.T(ctx, "casestudy.prefill.by", "How", a.PartnershipHow)
	default:
		v.Partnership = a.PartnershipHow
	}
	var lines []string
	met := a.Inclusivity()
	for _, c := range vocab.Checklist {
		if met.Has(c.Value) {
			lines = append(lines, "- "+c.LabelIn(ctx))
		}
	}
	if len(lines) > 0 {
		v.Inclusivity = i18n.T(ctx, "casestudy.prefill.inclusivity") + "\n\n" + strings.Join(lines, "\n")
	}

	outcomes, err := h.Queries.ListActivityOutcomes(ctx, store.ListActivityOutcomesParams{InstitutionID: a.InstitutionID, ActivityID: a.ID})
	if err != nil {
		return v, err
	}
	var impact, lessons, quotes []string
	if a.TocOutcomes != "" {
		impact = append(impact, i18n.T(ctx, "casestudy.prefill.outcomes", "Text", a.TocOutcomes))
	}
	attended, invited, recorded := 0, 0, 0
	for _, o := range outcomes {
		if o.Attendance != nil {
			attended += int(*o.Attendance)
			recorded++
			if o.Invited != nil {
				invited += int(*o.Invited)
			}
		}
		if o.WhatWorked != "" {
			impact = append(impact, o.WhatWorked)
		}
		if o.WhatToChange != "" {
			lessons = append(lessons, "- "+o.WhatToChange)
		}
		if o.StudentQuotes != "" {
			quotes = append(quotes, "> "+strings.ReplaceAll(o.StudentQuotes, "\n", "\n> "))
		}
	}
	if recorded > 0 {
		line := i18n.N(ctx, "casestudy.prefill.attended", recorded, "Students", attended)
		if invited > 0 {
			line += i18n.T(ctx, "casestudy.prefill.reach", "Reach", (attended*100+invited/2)/invited)
		}
		impact = append(impact, line+".")
	}
	impact = append(impact, quotes...)
	v.Impact = strings.Join(impact, "\n\n")
	v.Lessons = strings.Join(lessons, "\n")
	var cost []string
	if a.BudgetPence != nil {
		cost = append(cost, i18n.T(ctx, "casestudy.prefill.budget", "Pounds", *a.BudgetPence/100))
	}
	if a.FundingSource != "" {
		cost = append(cost, i18n.T(ctx, "casestudy.prefill.funding", "Source", a.FundingSource))
	}
	v.CostEffort = strings.Join(cost, " ")
	v.Evidence, err = h.evidenceChoices(ctx, a.InstitutionID, &a.ID, 0)
	for i := range v.Evidence {
		v.Evidence[i].Checked = true
	}
	return v, err
}

// placementWords says where the activity ran, inside a sentence.
func placementWords(ctx context.Context, placement string) string {
	switch placement {
	case "curricular":
		return i18n.T(ctx, "casestudy.prefill.placement.curricular")
	case "co_curricular":
		return i18n.T(ctx, "casestudy.prefill.placement.co_curricular")
	case "extra_curricular":
		return i18n.T(ctx, "casestudy.prefill.placement.extra_curricular")
	}
	return ""
}

// Create saves the first draft of a case study.
func (h *Handler) Create(w http.ResponseWriter, r *http.Request) {
	a, ok := h.Access.Activity(w, r, auth.EditActivity)
	if !ok {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	v := page.Form{ActivityID: a.ID, ActivityTitle: a.Title}
	var err error
	if v.Evidence, err = h.evidenceChoices(ctx, u.InstitutionID, &a.ID, 0); err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	in := readDraft(ctx, vals, &v)
	if !v.Valid() {
		h.renderForm(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	var id int64
	err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		var err error
		id, err = q.CreateCaseStudy(ctx, store.CreateCaseStudyParams{InstitutionID: u.InstitutionID, ProgrammeID: a.ProgrammeID,
			ActivityID: &a.ID, AuthorID: &u.ID, Title: in.Title, Summary: in.Summary, Context: in.Context, WhatWeDid: in.WhatWeDid,
			Partnership: in.Partnership, Inclusivity: in.Inclusivity, Impact: in.Impact, Lessons: in.Lessons, Advice: in.Advice,
			CostEffort: in.CostEffort, InstitutionType: in.InstitutionType, Discipline: in.Discipline, Cohort: in.Cohort,
			Kind: in.Kind, Stage: in.Stage, Dimensions: in.Dimensions, Placement: in.Placement,
			EvidenceStrength: int32(strongest(v.Evidence)), AcademicYear: a.AcademicYear})
		if err != nil {
			return err
		}
		if err := q.LinkCaseStudyEvidence(ctx, store.LinkCaseStudyEvidenceParams{CaseStudyID: id, InstitutionID: u.InstitutionID,
			ActivityID: a.ID, EvidenceIds: in.Evidence}); err != nil {
			return err
		}
		fields := in.fields()
		fields["activity_id"] = a.ID
		return audit.By(u).Record(ctx, q, "create", "case_study", id, audit.Created(fields))
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "casestudy.flash.created"))
	httpx.SeeOther(w, r, paths.CaseStudyDraft(id, in.Title))
}

func formFromCaseStudy(c store.GetCaseStudyRow) page.Form {
	return page.Form{ID: c.ID, Version: strconv.Itoa(int(c.Version)), Title: c.Title, Summary: c.Summary,
		InstitutionType: c.InstitutionType, Discipline: c.Discipline, Cohort: c.Cohort, Context: c.Context,
		WhatWeDid: c.WhatWeDid, Partnership: c.Partnership, Inclusivity: c.Inclusivity, Impact: c.Impact,
		Lessons: c.Lessons, Advice: c.Advice, CostEffort: c.CostEffort, Kind: c.Kind, Stage: c.Stage,
		Placement: c.Placement, Dimensions: c.Dimensions}
}

// Edit shows the draft's form.
func (h *Handler) Edit(w http.ResponseWriter, r *http.Request) {
	c, ok := h.Access.CaseStudy(w, r, auth.EditCaseStudy)
	if !ok {
		return
	}
	v := formFromCaseStudy(c.GetCaseStudyRow)
	var err error
	if v.Evidence, err = h.evidenceChoices(r.Context(), c.InstitutionID, c.ActivityID, c.ID); err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.renderForm(w, r, http.StatusOK, v)
}

// Update saves the draft; readers keep the published version. A save based
// on an older version of the draft is refused with 409.
func (h *Handler) Update(w http.ResponseWriter, r *http.Request) {
	c, ok := h.Access.CaseStudy(w, r, auth.EditCaseStudy)
	if !ok {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	v := page.Form{ID: c.ID}
	var err error
	if v.Evidence, err = h.evidenceChoices(ctx, c.InstitutionID, c.ActivityID, c.ID); err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	before := readDraft(ctx, formValues(formFromCaseStudy(c.GetCaseStudyRow), v.Evidence), &page.Form{Evidence: slices.Clone(v.Evidence)})
	in := readDraft(ctx, vals, &v)
	version, err := strconv.Atoi(v.Version)
	if err != nil {
		httpx.BadRequest(w, r, i18n.T(r.Context(), "casestudy.error.no_version"))
		return
	}
	if !v.Valid() {
		h.renderForm(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		_, err := q.UpdateCaseStudy(ctx, store.UpdateCaseStudyParams{InstitutionID: u.InstitutionID, ID: c.ID, Version: int32(version),
			Title: in.Title, Summary: in.Summary, Context: in.Context, WhatWeDid: in.WhatWeDid, Partnership: in.Partnership,
			Inclusivity: in.Inclusivity, Impact: in.Impact, Lessons: in.Lessons, Advice: in.Advice, CostEffort: in.CostEffort,
			InstitutionType: in.InstitutionType, Discipline: in.Discipline, Cohort: in.Cohort, Kind: in.Kind, Stage: in.Stage,
			Dimensions: in.Dimensions, Placement: in.Placement, EvidenceStrength: int32(strongest(v.Evidence))})
		if err != nil {
			return err
		}
		if c.ActivityID != nil {
			if err := q.ClearCaseStudyEvidence(ctx, c.ID); err != nil {
				return err
			}
			if err := q.LinkCaseStudyEvidence(ctx, store.LinkCaseStudyEvidenceParams{CaseStudyID: c.ID, InstitutionID: u.InstitutionID,
				ActivityID: *c.ActivityID, EvidenceIds: in.Evidence}); err != nil {
				return err
			}
		}
		changes := audit.Diff(before.fields(), in.fields())
		if len(changes) == 0 {
			return nil
		}
		return audit.By(u).Record(ctx, q, "update", "case_study", c.ID, changes)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		v.Conflict, v.Version = true, strconv.Itoa(int(c.Version)+1)
		if current, err := h.Queries.GetCaseStudy(ctx, store.GetCaseStudyParams{InstitutionID: u.InstitutionID, ID: c.ID}); err == nil {
			v.Version = strconv.Itoa(int(current.Version))
		}
		h.renderForm(w, r, http.StatusConflict, v)
		return
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "casestudy.flash.saved"))
	httpx.SeeOther(w, r, paths.CaseStudyDraft(c.ID, in.Title))
}

// formValues turns a stored draft back into form values, so before and
// after are compared through the same reader.
func formValues(f page.Form, evidence []page.EvidenceChoice) form.Values {
	v := form.Values{Values: map[string][]string{
		"title": {f.Title}, "summary": {f.Summary}, "institution_type": {f.InstitutionType}, "discipline": {f.Discipline},
		"cohort": {f.Cohort}, "context": {f.Context}, "what_we_did": {f.WhatWeDid}, "partnership": {f.Partnership},
		"inclusivity": {f.Inclusivity}, "impact": {f.Impact}, "lessons": {f.Lessons}, "advice": {f.Advice},
		"cost_effort": {f.CostEffort}, "kind": {f.Kind}, "stage": {f.Stage}, "placement": {f.Placement},
		"dimensions": f.Dimensions}}
	for _, e := range evidence {
		if e.Checked {
			v.Values["evidence"] = append(v.Values["evidence"], e.ID)
		}
	}
	return v
}
