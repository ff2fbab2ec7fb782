// Package partner serves student partners: students a programme director
// invites to co-create particular activities. They see their activities
// alone, change what an activity aims to do, keep notes on its sessions
// and add students' words to its outcomes. Directors invite and remove
// them on the activity's partners page.
package partner

import (
	"context"
	"net/http"

	"github.com/a-h/templ"
	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/access"
	"belonging/internal/acyear"
	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/i18n"
	"belonging/internal/people"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	page "belonging/web/pages/partner"
	"belonging/web/paths"
)

// Handler serves the partner pages.
type Handler struct {
	Pool     *pgxpool.Pool
	Queries  *store.Queries
	Access   *access.Loader
	Sessions *auth.Sessions
	// People sends the invitations.
	People *people.Handler
}

// maxText is the longest aims, notes or quotes the database keeps.
const maxText = 4000

func homeCrumb(ctx context.Context) web.Crumb {
	return web.Crumb{Label: i18n.T(ctx, "partner.home.title"), URL: paths.PartnerHome}
}

// Home lists the signed-in student partner's activities.
func (h *Handler) Home(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	rows, err := h.Queries.ListPartnerActivities(ctx, store.ListPartnerActivitiesParams{InstitutionID: u.InstitutionID, UserID: u.ID, Today: acyear.Today()})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v := page.HomePage{Name: u.FirstName()}
	for _, a := range rows {
		v.Activities = append(v.Activities, page.ActivityRow{ID: a.ID, Title: a.Title, Programme: a.ProgrammeTitle, Stage: a.Stage,
			Status: a.Status, NextSession: a.NextSession})
	}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: i18n.T(ctx, "partner.home.title"), Section: "partner"}, page.Home(v))
}

// Activity shows an activity as its partners see it: no budget, no
// surveys, no evidence files, and people by name alone.
func (h *Handler) Activity(w http.ResponseWriter, r *http.Request) {
	a, ok := h.Access.PartnerActivity(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	v := page.ActivityPage{ID: a.ID, Title: a.Title, Kind: a.Kind, Stage: a.Stage, Year: int(a.AcademicYear), Aims: a.Aims,
		PartnershipHow: a.PartnershipHow, Lead: a.LeadName}
	partners, err := h.Queries.ListActivityPartners(ctx, store.ListActivityPartnersParams{InstitutionID: u.InstitutionID, ActivityID: a.ID})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	for _, p := range partners {
		v.Partners = append(v.Partners, p.Name)
	}
	sessions, err := h.Queries.ListActivitySessions(ctx, store.ListActivitySessionsParams{InstitutionID: u.InstitutionID, ActivityID: a.ID})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	for _, s := range sessions {
		row := page.SessionRow{ID: s.ID, Date: s.SessionDate, Location: s.Location, Notes: s.Notes}
		if s.StartTime.Valid {
			row.Time = clock(s.StartTime.Microseconds)
		}
		v.Sessions = append(v.Sessions, row)
	}
	outcomes, err := h.Queries.ListPartnerOutcomes(ctx, store.ListPartnerOutcomesParams{InstitutionID: u.InstitutionID, ActivityID: a.ID})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	for _, o := range outcomes {
		v.Outcomes = append(v.Outcomes, page.OutcomeRow{ID: o.ID, Date: o.OutcomeDate, Quotes: o.StudentQuotes})
	}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: a.Title, Section: "partner", Breadcrumbs: []web.Crumb{homeCrumb(ctx), {Label: a.Title}}}, page.Activity(v))
}

// Section is the partners' card on the activity's own page, for the staff
// who may see the activity.
func (h *Handler) Section(r *http.Request, a access.Activity) (templ.Component, error) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	v := page.Section{ActivityID: a.ID, CanManage: access.Can(r, auth.ManagePartners, a.Target)}
	partners, err := h.Queries.ListActivityPartners(ctx, store.ListActivityPartnersParams{InstitutionID: u.InstitutionID, ActivityID: a.ID})
	if err != nil {
		return nil, err
	}
	for _, p := range partners {
		v.Partners = append(v.Partners, p.Name)
	}
	sessions, err := h.Queries.ListActivitySessions(ctx, store.ListActivitySessionsParams{InstitutionID: u.InstitutionID, ActivityID: a.ID})
	if err != nil {
		return nil, err
	}
	for _, s := range sessions {
		if s.Notes != "" {
			v.Notes = append(v.Notes, page.SessionRow{ID: s.ID, Date: s.SessionDate, Notes: s.Notes})
		}
	}
	if len(v.Partners) == 0 && len(v.Notes) == 0 && !v.CanManage {
		return templ.NopComponent, nil
	}
	return page.PartnerSection(v), nil
}

// clock is a time of day held as microseconds since midnight, as "14:30".
func clock(us int64) string {
	m := us / 60e6
	return string([]byte{byte('0' + m/600), byte('0' + m/60%10), ':', byte('0' + m%60/10), byte('0' + m%10)})
}
