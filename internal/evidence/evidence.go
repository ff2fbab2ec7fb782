// Package evidence lets module leaders and activity leads record what
// happened at an activity (outcomes) and prove it (evidence: files or
// links rated on the Office for Students' standards), and stores the
// files safely.
package evidence

import (
	"context"
	"net/http"
	"time"

	"github.com/a-h/templ"
	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/access"
	"belonging/internal/auth"
	"belonging/internal/blob"
	"belonging/internal/httpx"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	page "belonging/web/pages/evidence"
	"belonging/web/paths"
)

// Handler serves the outcome and evidence pages.
type Handler struct {
	Pool    *pgxpool.Pool
	Queries *store.Queries
	// Access loads the records the routes name and answers 404 or 403.
	Access   *access.Loader
	Sessions *auth.Sessions
	Blobs    blob.Store
	// MaxUpload is the largest file accepted, in bytes.
	MaxUpload int64
	// TempDir holds uploads while they are checked (the server spools
	// them beside the file store); "" is the system's.
	TempDir string
	// Now is the clock; tests may fix it.
	Now func() time.Time
}

func (h *Handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

// Section builds the outcomes and evidence part of an activity's page:
// two queries, whatever the number of outcomes and items.
func (h *Handler) Section(r *http.Request, a access.Activity) (templ.Component, error) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	outcomes, err := h.Queries.ListActivityOutcomes(ctx, store.ListActivityOutcomesParams{InstitutionID: u.InstitutionID, ActivityID: a.ID})
	if err != nil {
		return nil, err
	}
	items, err := h.Queries.ListActivityEvidence(ctx, store.ListActivityEvidenceParams{InstitutionID: u.InstitutionID, ActivityID: a.ID})
	if err != nil {
		return nil, err
	}
	v := page.Section{ActivityID: a.ID, CanEdit: auth.Can(u, auth.EditActivity, a.Target)}
	byOutcome := map[int64][]page.EvidenceRow{}
	strongest := 0
	var hasData, hasQuotes bool
	for _, e := range items {
		row := evidenceRow(ctx, e)
		strongest = max(strongest, int(e.Strength))
		if e.Strength >= 2 || e.Kind == "attendance" || e.Kind == "survey" {
			hasData = true
		}
		if e.Kind == "feedback" {
			hasQuotes = true
		}
		if e.OutcomeID != nil {
			byOutcome[*e.OutcomeID] = append(byOutcome[*e.OutcomeID], row)
		} else {
			v.Evidence = append(v.Evidence, row)
		}
	}
	var hasAttendance bool
	for _, o := range outcomes {
		row := page.OutcomeRow{ID: o.ID, Date: o.OutcomeDate, SessionDate: o.SessionDate, StaffPresent: o.StaffPresent,
			WhatWorked: o.WhatWorked, WhatToChange: o.WhatToChange, Quotes: o.StudentQuotes, NextSteps: o.NextSteps,
			RecordedBy: o.RecordedByName, Evidence: byOutcome[o.ID]}
		if o.Attendance != nil {
			n := int(*o.Attendance)
			row.Attendance = &n
			hasAttendance = true
		}
		if o.Invited != nil {
			n := int(*o.Invited)
			row.Invited = &n
			if row.Attendance != nil {
				pct := (*row.Attendance*100 + n/2) / n
				row.ReachPct = &pct
			}
		}
		if o.AimsMet != nil {
			row.AimsMet = int(*o.AimsMet)
		}
		if o.StudentQuotes != "" {
			hasQuotes = true
		}
		v.Outcomes = append(v.Outcomes, row)
	}
	v.Summary = summarise(ctx, a.GetActivityRow, strongest, len(outcomes) > 0, hasAttendance, hasData, hasQuotes)
	return page.ActivitySection(v), nil
}

// summarise says how strong the activity's evidence is, what the next
// type needs, and which of the usual pieces are in place, from the
// activity's own fields.
func summarise(ctx context.Context, a store.GetActivityRow, strongest int, hasOutcomes, hasAttendance, hasData, hasQuotes bool) page.Summary {
	s := page.Summary{Strongest: strongest}
	switch strongest {
	case 0:
		s.Next = i18n.T(ctx, "evidence.next.0")
	case 1:
		s.Next = i18n.T(ctx, "evidence.next.1")
	case 2:
		s.Next = i18n.T(ctx, "evidence.next.2")
	default:
		s.Next = i18n.T(ctx, "evidence.next.3")
	}
	filled := 0
	for _, t := range []string{a.TocInputs, a.TocActivities, a.TocOutputs, a.TocOutcomes, a.TocImpact, a.TocAssumptions} {
		if t != "" {
			filled++
		}
	}
	s.Checks = []page.Check{
		{Label: i18n.T(ctx, "evidence.check.aims"), Done: a.Aims != "", Hint: i18n.T(ctx, "evidence.check.aims.hint")},
		{Label: i18n.T(ctx, "evidence.check.toc", "Filled", filled), Done: filled == 6, Hint: i18n.T(ctx, "evidence.check.toc.hint")},
		{Label: i18n.T(ctx, "evidence.check.outcomes"), Done: hasOutcomes, Hint: i18n.T(ctx, "evidence.check.outcomes.hint")},
		{Label: i18n.T(ctx, "evidence.check.attendance"), Done: hasAttendance, Hint: i18n.T(ctx, "evidence.check.attendance.hint")},
		{Label: i18n.T(ctx, "evidence.check.quotes"), Done: hasQuotes, Hint: i18n.T(ctx, "evidence.check.quotes.hint")},
		{Label: i18n.T(ctx, "evidence.check.data"), Done: hasData, Hint: i18n.T(ctx, "evidence.check.data.hint")},
	}
	return s
}

func evidenceRow(ctx context.Context, e store.ListActivityEvidenceRow) page.EvidenceRow {
	row := page.EvidenceRow{ID: e.ID, Title: e.Title, Kind: e.Kind, Strength: int(e.Strength), Notes: e.Notes,
		AddedBy: e.CreatedByName, Added: e.CreatedAt, FromSurvey: e.SurveyID != nil}
	if e.SurveyID != nil {
		row.SurveyURL = paths.Survey(*e.SurveyID)
	}
	if e.Instrument != "" {
		row.Details = append(row.Details, i18n.T(ctx, "evidence.detail.instrument", "Instrument", e.Instrument))
	}
	if e.SampleSize != nil {
		row.Details = append(row.Details, i18n.T(ctx, "evidence.detail.n", "N", *e.SampleSize))
	}
	if e.ResponseRate != nil {
		row.Details = append(row.Details, i18n.T(ctx, "evidence.detail.response_rate", "Rate", *e.ResponseRate))
	}
	if e.Comparison != "" {
		row.Details = append(row.Details, i18n.T(ctx, "evidence.detail.comparison", "Comparison", e.Comparison))
	}
	if e.EffectSize != "" {
		row.Details = append(row.Details, i18n.T(ctx, "evidence.detail.effect", "Effect", e.EffectSize))
	}
	if e.LinkUrl != nil {
		row.Link = *e.LinkUrl
	}
	if e.FileName != nil && e.SizeBytes != nil && e.ContentType != nil {
		row.FileName, row.FileSize = safeName(*e.FileName), httpx.FormatBytes(*e.SizeBytes)
		row.FileType, row.Image = typeLabel(*e.ContentType)
	}
	return row
}

func typeLabel(contentType string) (string, bool) {
	if t, ok := typeOf(contentType); ok {
		return t.Label, t.Image
	}
	return contentType, false
}
