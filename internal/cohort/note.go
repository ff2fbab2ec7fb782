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
	httpx.Render(w, r, status, web.Page{Title: "What belonging means here · " + p.Code, Section: "programmes",
		Breadcrumbs: []web.Crumb{{Label: "Programmes", URL: paths.Programmes}, {Label: p.Code, URL: paths.Programme(p.ID)},
			{Label: "What belonging means here"}}}, page.NotePage(v))
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
	v.Check(v.Body != "", "body", "Write what belonging means on this programme")
	v.Check(form.MaxLength(v.Body, 4000), "body", "The note must be 4,000 characters or fewer")
	v.Check(v.WrittenBy != "", "written_by", "Say who wrote the note")
	v.Check(form.MaxLength(v.WrittenBy, 200), "written_by", "Written by must be 200 characters or fewer")
	v.Check(v.WrittenWith != "", "written_with", "Say which students it was written with, as a group")
	v.Check(form.MaxLength(v.WrittenWith, 200), "written_with", "Written with must be 200 characters or fewer")
	on, err := time.Parse(dateLayout, v.WrittenOn)
	switch {
	case v.WrittenOn == "":
		v.Add("written_on", "Enter the date it was written")
	case err != nil:
		v.Add("written_on", "Enter the date as year-month-day, for example 2026-10-14")
	case on.After(acyear.DateOf(h.now())):
		v.Add("written_on", "The date it was written cannot be in the future")
	case on.Year() < 2000:
		v.Add("written_on", "Enter a date from 2000 on")
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
	h.Sessions.Flash(ctx, "success", "What belonging means here is saved.")
	httpx.SeeOther(w, r, paths.Programme(p.ID))
}
