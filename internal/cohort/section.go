package cohort

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/a-h/templ"

	"belonging/internal/access"
	"belonging/internal/acyear"
	"belonging/internal/auth"
	"belonging/internal/i18n"
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
		v.Note = &page.Note{Body: n.Body, WrittenBy: n.WrittenBy, WrittenWith: n.WrittenWith, WrittenOn: i18n.FullDate(ctx, n.WrittenOn)}
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
		f := page.GroupFigure{Label: g.LabelIn(ctx), Known: full.Counts[i] != nil, Hidden: full.Hidden(shown, i)}
		if c := shown.Counts[i]; c != nil {
			f.Count, f.Percent = *c, share(*c, shown.Size)
		}
		v.Groups = append(v.Groups, f)
	}
	reach, err := h.Queries.CohortReach(ctx, store.CohortReachParams{InstitutionID: u.InstitutionID, ProgrammeID: p.ID, AcademicYear: int32(year)})
	if err != nil {
		return nil, err
	}
	v.Sentences = Sentences(ctx, shown, reachOf(reach))
	return page.Section(v), nil
}

// CaseStudyContext is what a new case study of an activity is offered as
// its context: the programme's note and the year's profile. A case study
// may be read far beyond the team, so the profile is always suppressed.
func (h *Handler) CaseStudyContext(ctx context.Context, institutionID, programmeID int64, year int) (string, error) {
	var parts []string
	note, err := NoteText(ctx, h.Queries, institutionID, programmeID)
	if err != nil {
		return "", err
	}
	if note != "" {
		parts = append(parts, note)
	}
	full, _, found, err := load(ctx, h.Queries, institutionID, programmeID, year)
	if err != nil {
		return "", err
	}
	if found {
		shown := full.Suppressed(h.minGroup())
		var groups []string
		for i, g := range Groups {
			if c := shown.Counts[i]; c != nil {
				groups = append(groups, fmt.Sprintf("%d%% %s", share(*c, shown.Size), strings.ToLower(g.Label)))
			}
		}
		line := fmt.Sprintf("The cohort in %s was %d students.", acyear.Label(year), shown.Size)
		if len(groups) > 0 {
			line = fmt.Sprintf("The cohort in %s was %d students: %s.", acyear.Label(year), shown.Size, strings.Join(groups, "; "))
		}
		parts = append(parts, line+fmt.Sprintf(" (Groups of fewer than %d students are not given.)", h.minGroup()))
	}
	return strings.Join(parts, "\n\n"), nil
}
