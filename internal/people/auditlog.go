package people

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"time"

	"belonging/internal/httpx"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	"belonging/web/components"
	page "belonging/web/pages/people"
	"belonging/web/paths"
)

// AuditLog lets admins browse their institution's changes, newest first,
// filtered by record, change, person and dates.
func (h *Handler) AuditLog(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	q := r.URL.Query()
	paging := httpx.PagingFrom(r, 50)
	v := page.AuditPage{Entity: q.Get("entity"), Action: q.Get("action"), ActorID: q.Get("actor"), From: q.Get("from"), To: q.Get("to")}
	params := store.ListAuditParams{InstitutionID: &u.InstitutionID, Entity: v.Entity, Action: v.Action, ActorID: id64(v.ActorID),
		RowLimit: paging.Limit(), RowOffset: paging.Offset()}
	if v.From != "" {
		if t, err := time.ParseInLocation("2006-01-02", v.From, time.Local); err == nil {
			params.Since = &t
		} else {
			v.Add("from", i18n.T(ctx, "people.audit.error.from"))
		}
	}
	if v.To != "" {
		if t, err := time.ParseInLocation("2006-01-02", v.To, time.Local); err == nil {
			t = t.AddDate(0, 0, 1)
			params.Until = &t
		} else {
			v.Add("to", i18n.T(ctx, "people.audit.error.to"))
		}
	}
	status := http.StatusOK
	if !v.Valid() {
		status = http.StatusUnprocessableEntity
	}
	rows, err := h.Queries.ListAudit(ctx, params)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	total := 0
	for _, a := range rows {
		total = int(a.Total)
		row := page.AuditRow{When: a.CreatedAt, Actor: a.ActorName, Action: a.Action, Entity: a.Entity, EntityID: a.EntityID}
		var changes map[string]struct {
			Before any `json:"before"`
			After  any `json:"after"`
		}
		if err := json.Unmarshal(a.Changes, &changes); err == nil {
			for field, c := range changes {
				row.Changes = append(row.Changes, page.AuditChange{Field: field, Before: show(c.Before), After: show(c.After)})
			}
			sort.Slice(row.Changes, func(i, j int) bool { return row.Changes[i].Field < row.Changes[j].Field })
		}
		v.Rows = append(v.Rows, row)
	}
	actors, err := h.Queries.ListAuditActors(ctx, &u.InstitutionID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	for _, a := range actors {
		v.Actors = append(v.Actors, components.Option{Value: strconv.FormatInt(a.ID, 10), Label: a.Name})
	}
	v.Pager = components.Pager{Page: paging.Page, PerPage: paging.PerPage, Total: total, Path: paths.AuditLog, Query: q}
	httpx.Render(w, r, status, web.Page{Title: i18n.T(ctx, "people.audit.title"), Section: "admin", Breadcrumbs: []web.Crumb{adminCrumb(ctx), {Label: i18n.T(ctx, "people.audit.title")}}}, page.Audit(v))
}

func show(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		if x {
			return "yes"
		}
		return "no"
	}
	b, _ := json.Marshal(v)
	return fmt.Sprint(string(b))
}

// Mailbox shows the mail kept by the development mailbox. The route exists
// only in development mode.
func (h *Handler) Mailbox(w http.ResponseWriter, r *http.Request) {
	rows, err := h.Queries.ListDevMail(r.Context())
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	var v page.MailList
	for _, m := range rows {
		v.Messages = append(v.Messages, page.MailRow{ID: m.ID, To: m.ToAddress, Subject: m.Subject, Sent: m.CreatedAt, Body: m.Body})
	}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: i18n.T(r.Context(), "people.mailbox.page_title")}, page.Mailbox(v))
}
