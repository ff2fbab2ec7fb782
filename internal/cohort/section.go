package cohort

import (
	"net/http"

	"github.com/a-h/templ"

	"belonging/internal/access"
	"belonging/internal/acyear"
	"belonging/internal/auth"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	page "belonging/web/pages/cohort"
)

// PlanSection is the plan's "Know your students" section for year: the
// note, the profile (suppressed for readers outside the team) and the
// sentences that set the year's activities against it.
func (h *Handler) PlanSection(r *http.Request, p access.Programme, year int) (templ.Component, error) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	v := page.PlanSection{ProgrammeID: p.ID, Year: year, YearLabel: acyear.Label(year), MinGroup: h.minGroup(),
		CanEdit: auth.Can(u, auth.PlanProgramme, p.Target), Suppressed: !auth.Can(u, auth.ReadCohortCounts, p.Target)}
	n, found, err := loadNote(ctx, h.Queries, u.InstitutionID, p.ID)
	if err != nil {
		return nil, err
	}
	if found {
		v.Note = &page.Note{Body: n.Body, WrittenBy: n.WrittenBy, WrittenWith: n.WrittenWith, WrittenOn: n.WrittenOn.Format("2 January 2006")}
	}
	full, _, hasProfile, err := load(ctx, h.Queries, u.InstitutionID, p.ID, year)
	if err != nil || !hasProfile {
		return page.Section(v), err
	}
	shown := full
	if v.Suppressed {
		shown = full.Suppressed(v.MinGroup)
	}
	v.HasProfile, v.Size = true, shown.Size
	for i, g := range Groups {
		f := page.GroupFigure{Label: g.Label, Known: full.Counts[i] != nil, Hidden: full.Hidden(shown, i)}
		if c := shown.Counts[i]; c != nil {
			f.Count, f.Percent = *c, share(*c, shown.Size)
		}
		v.Groups = append(v.Groups, f)
	}
	reach, err := h.Queries.CohortReach(ctx, store.CohortReachParams{InstitutionID: u.InstitutionID, ProgrammeID: p.ID, AcademicYear: int32(year)})
	if err != nil {
		return nil, err
	}
	v.Sentences = Sentences(shown, reachOf(reach))
	return page.Section(v), nil
}
