package account

import (
	"context"
	"errors"
	"net/http"
	"slices"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"belonging/internal/audit"
	"belonging/internal/httpx"
	"belonging/internal/i18n"
	"belonging/internal/notify"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	"belonging/web/components"
	page "belonging/web/pages/account"
	"belonging/web/paths"
)

// notificationChoices lists the kinds of email that apply to u, each with
// the delivery chosen (saved, or what was typed when the form is
// re-shown).
func notificationChoices(ctx context.Context, u *reqctx.User, chosen map[string]string) []page.NotificationChoice {
	options := make([]components.Option, len(notify.Deliveries))
	for i, d := range notify.Deliveries {
		options[i] = components.Option{Value: d, Label: notify.DeliveryLabelIn(ctx, d)}
	}
	var out []page.NotificationChoice
	for _, k := range notify.Kinds {
		if !k.For(u) {
			continue
		}
		d := chosen[k.Code]
		if d == "" {
			d = notify.Immediate
		}
		out = append(out, page.NotificationChoice{Code: k.Code, Label: k.LabelIn(ctx), Hint: k.HintIn(ctx), Delivery: d, Options: options})
	}
	return out
}

// SaveNotifications saves how the person gets each kind of email that
// applies to them.
func (h *Handler) SaveNotifications(w http.ResponseWriter, r *http.Request) {
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	saved, err := h.settings(r)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	typed := map[string]string{}
	var v page.NotificationsView
	for _, k := range notify.Kinds {
		if !k.For(u) {
			continue
		}
		typed[k.Code] = vals.Text(k.Code)
		switch {
		case typed[k.Code] == "":
			v.Add(k.Code, i18n.T(ctx, "account.emails.choose"))
		case !slices.Contains(notify.Deliveries, typed[k.Code]):
			v.Add(k.Code, i18n.T(ctx, "account.emails.choose_one"))
		}
	}
	v.Kinds = notificationChoices(ctx, u, typed)
	if !v.Valid() {
		h.render(w, r, http.StatusUnprocessableEntity, page.PasswordView{}, v)
		return
	}
	err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		changes := map[string]audit.Change{}
		for _, c := range v.Kinds {
			before := saved[c.Code]
			if before == "" {
				before = notify.Immediate
			}
			if before == c.Delivery {
				continue
			}
			if err := q.SetNotificationSetting(ctx, store.SetNotificationSettingParams{UserID: u.ID, Kind: c.Code, Delivery: c.Delivery}); err != nil {
				return err
			}
			changes[c.Code] = audit.Change{Before: before, After: c.Delivery}
		}
		if len(changes) == 0 {
			return nil
		}
		return audit.By(u).Record(ctx, q, "notifications", "user", u.ID, changes)
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "account.emails.saved"))
	httpx.SeeOther(w, r, paths.AccountNotificationsForm)
}

// settings reads the person's saved choices.
func (h *Handler) settings(r *http.Request) (map[string]string, error) {
	rows, err := h.Queries.ListNotificationSettings(r.Context(), reqctx.UserFrom(r.Context()).ID)
	out := make(map[string]string, len(rows))
	for _, s := range rows {
		out[s.Kind] = s.Delivery
	}
	return out, err
}

// unsubscribing reads the signed link's token: the person and the kind
// it stops. An unknown or tampered token, or a person no longer there,
// is answered 404.
func (h *Handler) unsubscribing(w http.ResponseWriter, r *http.Request) (page.UnsubscribeView, store.GetMailRecipientRow, string, bool) {
	token := chi.URLParam(r, "token")
	userID, kind, ok := notify.ParseUnsubscribeToken(h.LinkKey, token)
	if !ok {
		httpx.NotFound(w, r)
		return page.UnsubscribeView{}, store.GetMailRecipientRow{}, "", false
	}
	who, err := h.Queries.GetMailRecipient(r.Context(), userID)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && who.DisabledAt != nil) {
		httpx.NotFound(w, r)
		return page.UnsubscribeView{}, who, "", false
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return page.UnsubscribeView{}, who, "", false
	}
	v := page.UnsubscribeView{Token: token, What: i18n.T(r.Context(), "account.unsubscribe.digest")}
	if k, ok := notify.KindOf(kind); ok {
		v.What = lowerFirst(k.HeadingIn(r.Context()))
	}
	return v, who, kind, true
}

// UnsubscribePage asks the person to confirm stopping the emails the
// link names; following a link changes nothing (mail scanners follow
// links).
func (h *Handler) UnsubscribePage(w http.ResponseWriter, r *http.Request) {
	v, _, _, ok := h.unsubscribing(w, r)
	if !ok {
		return
	}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: i18n.T(r.Context(), "account.unsubscribe.page_title")}, page.Unsubscribe(v))
}

// Unsubscribe stops the emails the link names: from the page's button,
// or in one click from the mail program (RFC 8058: a POST with
// List-Unsubscribe=One-Click, answered 200, no redirect).
func (h *Handler) Unsubscribe(w http.ResponseWriter, r *http.Request) {
	if _, ok := httpx.ParseForm(w, r); !ok {
		return
	}
	v, who, kind, ok := h.unsubscribing(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		changes := map[string]audit.Change{}
		if kind == notify.Digest {
			kinds, err := q.TurnOffDigestKinds(ctx, who.ID)
			if err != nil {
				return err
			}
			for _, k := range kinds {
				changes[k] = audit.Change{Before: notify.InDigest, After: notify.Off}
			}
		} else {
			if err := q.SetNotificationSetting(ctx, store.SetNotificationSettingParams{UserID: who.ID, Kind: kind, Delivery: notify.Off}); err != nil {
				return err
			}
			changes[kind] = audit.Change{After: notify.Off}
		}
		var institution int64
		if who.InstitutionID != nil {
			institution = *who.InstitutionID
		}
		return audit.Actor(institution, who.ID).Record(ctx, q, "unsubscribe", "user", who.ID, changes)
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v.Done = true
	httpx.Render(w, r, http.StatusOK, web.Page{Title: i18n.T(ctx, "account.unsubscribe.done_title")}, page.Unsubscribe(v))
}
