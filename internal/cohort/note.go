package cohort

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5"

	"belonging/internal/access"
	"belonging/internal/acyear"
	"belonging/internal/audit"
	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/httpx/form"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	page "belonging/web/pages/cohort"
	"belonging/web/paths"
)

const dateLayout = "2006-01-02"

// loadNote reads a programme's note; found is false when it has none.
func loadNote(ctx context.Context, q *store.Queries, institutionID, programmeID int64) (n store.GetBelongingNoteRow, found bool, err error) {
	n, err = q.GetBelongingNote(ctx, store.GetBelongingNoteParams{InstitutionID: institutionID, ProgrammeID: programmeID})
	if errors.Is(err, pgx.ErrNoRows) {
		return n, false, nil
	}
	return n, err == nil, err
}

// NoteText is a programme's "what belonging means here" as a case study's
// context quotes it; empty when the programme has none.
func NoteText(ctx context.Context, q *store.Queries, institutionID, programmeID int64) (string, error) {
	n, found, err := loadNote(ctx, q, institutionID, programmeID)
	if err != nil || !found {
		return "", err
	}
	return "What belonging means here, written by " + n.WrittenBy + " with " + n.WrittenWith + " (" +
		n.WrittenOn.Format("January 2006") + "): " + n.Body, nil
}

func (h *Handler) renderNote(w http.ResponseWriter, r *http.Request, status int, p access.Programme, v page.NoteForm) {
	ctx := r.Context()
	httpx.Render(w, r, status, web.Page{Title: i18n.T(ctx, "cohort.note.title") + " · " + p.Code, Section: "programmes",
		Breadcrumbs: []web.Crumb{{Label: i18n.T(ctx, "cohort.crumb.programmes"), URL: paths.Programmes}, {Label: p.Code, URL: paths.Programme(p.ID)},
			{Label: i18n.T(ctx, "cohort.note.title")}}}, page.NotePage(v))
}

// NotePage shows the form for the programme's note, filled with the saved
// one or, for a new note, today's date.
func (h *Handler) NotePage(w http.ResponseWriter, r *http.Request) {
	p, ok := h.Access.Programme(w, r, auth.PlanProgramme)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	n, found, err := loadNote(ctx, h.Queries, u.InstitutionID, p.ID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v := page.NoteForm{Programme: access.ProgrammeHeader(u, p, h.currentYear(u.YearStartMonth)),
		WrittenOn: acyear.DateOf(h.now()).Format(dateLayout)}
	if found {
		v.Body, v.WrittenBy, v.WrittenWith, v.WrittenOn = n.Body, n.WrittenBy, n.WrittenWith, n.WrittenOn.Format(dateLayout)
	}
	h.renderNote(w, r, http.StatusOK, p, v)
}

// SaveNote saves the programme's note.
func (h *Handler) SaveNote(w http.ResponseWriter, r *http.Request) {
	p, ok := h.Access.Programme(w, r, auth.PlanProgramme)
	if !ok {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	v := page.NoteForm{Programme: access.ProgrammeHeader(u, p, h.currentYear(u.YearStartMonth)),
		Body: vals.Text("body"), WrittenBy: vals.Text("written_by"), WrittenWith: vals.Text("written_with"), WrittenOn: vals.Text("written_on")}
	v.Check(v.Body != "", "body", i18n.T(ctx, "cohort.error.body"))
	v.Check(form.MaxLength(v.Body, 4000), "body", i18n.T(ctx, "cohort.error.body_long"))
	v.Check(v.WrittenBy != "", "written_by", i18n.T(ctx, "cohort.error.by"))
	v.Check(form.MaxLength(v.WrittenBy, 200), "written_by", i18n.T(ctx, "cohort.error.by_long"))
	v.Check(v.WrittenWith != "", "written_with", i18n.T(ctx, "cohort.error.with"))
	v.Check(form.MaxLength(v.WrittenWith, 200), "written_with", i18n.T(ctx, "cohort.error.with_long"))
	on, err := time.Parse(dateLayout, v.WrittenOn)
	switch {
	case v.WrittenOn == "":
		v.Add("written_on", i18n.T(ctx, "cohort.error.on"))
	case err != nil:
		v.Add("written_on", i18n.T(ctx, "cohort.error.on_form"))
	case on.After(acyear.DateOf(h.now())):
		v.Add("written_on", i18n.T(ctx, "cohort.error.on_future"))
	case on.Year() < 2000:
		v.Add("written_on", i18n.T(ctx, "cohort.error.on_early"))
	}
	if !v.Valid() {
		h.renderNote(w, r, http.StatusUnprocessableEntity, p, v)
		return
	}
	err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		before, had, err := loadNote(ctx, q, u.InstitutionID, p.ID)
		if err != nil {
			return err
		}
		if err := q.SaveBelongingNote(ctx, store.SaveBelongingNoteParams{InstitutionID: u.InstitutionID, ProgrammeID: p.ID,
			Body: v.Body, WrittenBy: v.WrittenBy, WrittenWith: v.WrittenWith, WrittenOn: on}); err != nil {
			return err
		}
		after := map[string]any{"belonging_note": v.Body, "belonging_note_by": v.WrittenBy, "belonging_note_with": v.WrittenWith,
			"belonging_note_on": v.WrittenOn}
		changes := audit.Created(after)
		if had {
			changes = audit.Diff(map[string]any{"belonging_note": before.Body, "belonging_note_by": before.WrittenBy,
				"belonging_note_with": before.WrittenWith, "belonging_note_on": before.WrittenOn.Format(dateLayout)}, after)
		}
		if len(changes) == 0 {
			return nil
		}
		return audit.By(u).Record(ctx, q, "update", "programme", p.ID, changes)
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "cohort.flash.note"))
	httpx.SeeOther(w, r, paths.Programme(p.ID))
}
