// Package notice serves each institution's accessibility statement and
// privacy notice, public to anyone, and the admin's forms for the parts
// only the institution can give. Everything else on both pages is written
// from what the product does and from the installation's settings (survey
// retention, thresholds, session times) and the institution's own (its
// retention of evidence and outcomes, whether it shares figures), so a
// changed setting changes the page and no period is written out by hand.
package notice

import (
	"context"
	"errors"
	"net/http"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/acyear"
	"belonging/internal/audit"
	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/httpx/form"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/internal/retention"
	"belonging/internal/store"
	"belonging/web"
	page "belonging/web/pages/notice"
	"belonging/web/paths"
)

// Settings are the installation's settings the pages report.
type Settings struct {
	BaseURL         string
	SurveyRetention time.Duration
	MinGroup        int
	NetworkMin      int
	SessionIdle     time.Duration
	SessionLifetime time.Duration
	SignInWindow    time.Duration
	Invitation      time.Duration
	ResetLink       time.Duration
	FailedJobs      time.Duration
	MailConfigured  bool
	// BlobBackend is BLOB_BACKEND: fs, s3 or azure.
	BlobBackend string
}

// Handler serves the statements, the notices and their forms.
type Handler struct {
	Pool     *pgxpool.Pool
	Queries  *store.Queries
	Sessions *auth.Sessions
	Settings Settings
	// Now is the clock; tests may fix it.
	Now func() time.Time
}

func (h *Handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

// words puts the settings in the words the pages use, in the reader's
// language.
func (h *Handler) words(ctx context.Context) page.Settings {
	s := h.Settings
	var store string
	switch s.BlobBackend {
	case "s3":
		store = i18n.T(ctx, "notice.store.s3")
	case "azure":
		store = i18n.T(ctx, "notice.store.azure")
	default:
		store = i18n.T(ctx, "notice.store.fs")
	}
	return page.Settings{BaseURL: s.BaseURL, SurveyRetention: retention.WordsIn(ctx, s.SurveyRetention), MinGroup: s.MinGroup,
		NetworkMin: s.NetworkMin, SessionIdle: span(ctx, s.SessionIdle), SessionLifetime: span(ctx, s.SessionLifetime),
		SignInWindow: span(ctx, s.SignInWindow), Invitation: span(ctx, s.Invitation), ResetLink: span(ctx, s.ResetLink),
		FailedJobs: span(ctx, s.FailedJobs), MailConfigured: s.MailConfigured, FileStore: store}
}

// span says a duration in the largest whole unit it is made of: "2 hours",
// "15 minutes", "30 days" (in Welsh "2 awr", "15 munud", "30 diwrnod").
func span(ctx context.Context, d time.Duration) string {
	switch {
	case d >= 24*time.Hour && d%(24*time.Hour) == 0:
		return i18n.N(ctx, "notice.span.day", int(d/(24*time.Hour)))
	case d >= time.Hour && d%time.Hour == 0:
		return i18n.N(ctx, "notice.span.hour", int(d/time.Hour))
	case d%time.Minute == 0:
		return i18n.N(ctx, "notice.span.minute", int(d/time.Minute))
	}
	return i18n.N(ctx, "notice.span.second", int(d/time.Second))
}

// chooser is the list of institutions for the product's own pages.
func (h *Handler) chooser(w http.ResponseWriter, r *http.Request) (page.Chooser, bool) {
	rows, err := h.Queries.ListInstitutionsForNotices(r.Context())
	if err != nil {
		httpx.ServerError(w, r, err)
		return page.Chooser{}, false
	}
	v := page.Chooser{Settings: h.words(r.Context())}
	for _, i := range rows {
		v.Institutions = append(v.Institutions, page.Institution{Name: i.Name, Slug: i.Slug})
	}
	return v, true
}

// Accessibility is the product's statement, with the list of
// institutions' own: people who are not signed in reach it from the
// footer. Signed-in people's footers link to their institution's.
func (h *Handler) Accessibility(w http.ResponseWriter, r *http.Request) {
	v, ok := h.chooser(w, r)
	if ok {
		httpx.Render(w, r, http.StatusOK, web.Page{Title: i18n.T(r.Context(), "notice.access.title")}, page.AccessibilityChooser(v))
	}
}

// Privacy is the product's summary, with the list of institutions' own
// notices.
func (h *Handler) Privacy(w http.ResponseWriter, r *http.Request) {
	v, ok := h.chooser(w, r)
	if ok {
		httpx.Render(w, r, http.StatusOK, web.Page{Title: i18n.T(r.Context(), "notice.privacy.title")}, page.PrivacyChooser(v))
	}
}

// institution loads the institution the address names, answering 404 for
// an unknown one.
func (h *Handler) institution(w http.ResponseWriter, r *http.Request) (store.GetInstitutionNoticesRow, bool) {
	row, err := h.Queries.GetInstitutionNotices(r.Context(), chi.URLParam(r, "slug"))
	if errors.Is(err, pgx.ErrNoRows) {
		httpx.NotFound(w, r)
		return row, false
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return row, false
	}
	return row, true
}

// InstitutionAccessibility is an institution's accessibility statement.
func (h *Handler) InstitutionAccessibility(w http.ResponseWriter, r *http.Request) {
	n, ok := h.institution(w, r)
	if !ok {
		return
	}
	v := page.Accessibility{Institution: n.Name, Slug: n.Slug, Saved: n.Saved, ContactEmail: n.AccessContactEmail,
		ContactPhone: n.AccessContactPhone, KnownIssues: lines(n.AccessKnownIssues), Settings: h.words(r.Context())}
	if n.AccessReplyDays != nil {
		v.ReplyDays = int(*n.AccessReplyDays)
	}
	if n.AccessPreparedOn != nil && n.AccessReviewedOn != nil {
		v.PreparedOn, v.ReviewedOn = *n.AccessPreparedOn, *n.AccessReviewedOn
	} else {
		v.Saved = false
	}
	ctx := r.Context()
	httpx.Render(w, r, http.StatusOK, web.Page{Title: i18n.T(ctx, "notice.access.page_title"), NoticesOf: n.Slug,
		Description: i18n.T(ctx, "notice.access.description", "Institution", n.Name)}, page.AccessibilityPage(v))
}

// InstitutionPrivacy is an institution's privacy notice.
func (h *Handler) InstitutionPrivacy(w http.ResponseWriter, r *http.Request) {
	n, ok := h.institution(w, r)
	if !ok {
		return
	}
	v := page.Privacy{Institution: n.Name, Slug: n.Slug, Saved: n.PrivacyReviewedOn != nil, ControllerName: n.ControllerName,
		ControllerAddress: lines(n.ControllerAddress), DPOName: n.DpoName, DPOEmail: n.DpoEmail, Extra: paragraphs(n.PrivacyExtra),
		ShareFigures: n.ShareNetworkFigures, Settings: h.words(r.Context())}
	if n.PrivacyReviewedOn != nil {
		v.ReviewedOn = *n.PrivacyReviewedOn
	}
	if n.EvidenceFileRetentionYears != nil {
		v.EvidenceYears = retention.YearsWordsIn(r.Context(), *n.EvidenceFileRetentionYears)
	}
	if n.OutcomeRetentionYears != nil {
		v.OutcomeYears = retention.YearsWordsIn(r.Context(), *n.OutcomeRetentionYears)
	}
	ctx := r.Context()
	httpx.Render(w, r, http.StatusOK, web.Page{Title: i18n.T(ctx, "notice.privacy.page_title"), NoticesOf: n.Slug,
		Description: i18n.T(ctx, "notice.privacy.description", "Institution", n.Name)}, page.PrivacyPage(v))
}

// lines splits text into its non-empty lines.
func lines(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// paragraphs splits text at blank lines.
func paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// own is the signed-in admin's institution's statement and notice.
func (h *Handler) own(w http.ResponseWriter, r *http.Request) (store.GetInstitutionNoticesRow, bool) {
	u := reqctx.UserFrom(r.Context())
	row, err := h.Queries.GetInstitutionNotices(r.Context(), u.InstitutionSlug)
	if err == nil && row.ID != u.InstitutionID {
		err = errors.New("institution slug names another institution")
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return row, false
	}
	return row, true
}

// adminCrumb leads back to the administration pages.
func adminCrumb(ctx context.Context) web.Crumb {
	return web.Crumb{Label: i18n.T(ctx, "nav.administration"), URL: paths.Admin}
}

func (h *Handler) renderAccessibility(w http.ResponseWriter, r *http.Request, status int, v page.AccessibilityForm) {
	ctx := r.Context()
	u := reqctx.UserFrom(ctx)
	v.Institution, v.Slug = u.InstitutionName, u.InstitutionSlug
	title := i18n.T(ctx, "notice.access.page_title")
	httpx.Render(w, r, status, web.Page{Title: title, Section: "admin",
		Breadcrumbs: []web.Crumb{adminCrumb(ctx), {Label: title}}}, page.EditAccessibility(v))
}

// EditAccessibility shows the admin the statement's form.
func (h *Handler) EditAccessibility(w http.ResponseWriter, r *http.Request) {
	n, ok := h.own(w, r)
	if !ok {
		return
	}
	v := page.AccessibilityForm{ContactEmail: n.AccessContactEmail, ContactPhone: n.AccessContactPhone, KnownIssues: n.AccessKnownIssues}
	if n.AccessReplyDays != nil {
		v.ReplyDays = strconv.Itoa(int(*n.AccessReplyDays))
	}
	h.renderAccessibility(w, r, http.StatusOK, v)
}

// multiline is a text area's value with its line ends as one newline each.
func multiline(vals form.Values, name string) string {
	return strings.TrimSpace(strings.ReplaceAll(vals.Raw(name), "\r\n", "\n"))
}

// emailAddress reports whether s is one plain email address.
func emailAddress(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && len(s) <= 254
}

// SaveAccessibility saves the institution's parts of its statement, in
// the audit log with the values before and after.
func (h *Handler) SaveAccessibility(w http.ResponseWriter, r *http.Request) {
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	v := page.AccessibilityForm{ContactEmail: vals.Text("contact_email"), ContactPhone: vals.Text("contact_phone"),
		ReplyDays: vals.Text("reply_days"), KnownIssues: multiline(vals, "known_issues")}
	switch {
	case v.ContactEmail == "":
		v.Add("contact_email", i18n.T(ctx, "notice.error.access_email"))
	case !emailAddress(v.ContactEmail):
		v.Add("contact_email", i18n.T(ctx, "notice.error.access_email_form"))
	}
	v.Check(form.MaxLength(v.ContactPhone, 40), "contact_phone", i18n.T(ctx, "notice.error.phone"))
	days, isNumber := form.Int(v.ReplyDays)
	switch {
	case v.ReplyDays == "":
		v.Add("reply_days", i18n.T(ctx, "notice.error.days"))
	case !isNumber || days < 1 || days > 60:
		v.Add("reply_days", i18n.T(ctx, "notice.error.days_range"))
	}
	v.Check(form.MaxLength(v.KnownIssues, 8000), "known_issues", i18n.T(ctx, "notice.error.long_text"))
	if !v.Valid() {
		h.renderAccessibility(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	today := acyear.DateOf(h.now())
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		before, err := q.GetInstitutionNotices(ctx, u.InstitutionSlug)
		if err != nil {
			return err
		}
		replyDays := int32(days)
		if err := q.SaveAccessibilityStatement(ctx, store.SaveAccessibilityStatementParams{InstitutionID: u.InstitutionID,
			AccessContactEmail: v.ContactEmail, AccessContactPhone: v.ContactPhone, AccessReplyDays: &replyDays,
			AccessKnownIssues: v.KnownIssues, Today: &today}); err != nil {
			return err
		}
		var beforeDays any
		if before.AccessReplyDays != nil {
			beforeDays = int(*before.AccessReplyDays)
		}
		changes := audit.Diff(
			map[string]any{"contact_email": before.AccessContactEmail, "contact_phone": before.AccessContactPhone,
				"reply_days": beforeDays, "known_issues": before.AccessKnownIssues, "reviewed_on": dateValue(before.AccessReviewedOn)},
			map[string]any{"contact_email": v.ContactEmail, "contact_phone": v.ContactPhone,
				"reply_days": days, "known_issues": v.KnownIssues, "reviewed_on": today.Format(time.DateOnly)})
		if len(changes) == 0 {
			return nil
		}
		return audit.By(u).Record(ctx, q, "update", "accessibility_statement", u.InstitutionID, changes)
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "notice.flash.access_saved"))
	httpx.SeeOther(w, r, paths.AdminAccessibility)
}

func dateValue(d *time.Time) any {
	if d == nil {
		return nil
	}
	return d.Format(time.DateOnly)
}

func (h *Handler) renderPrivacy(w http.ResponseWriter, r *http.Request, status int, v page.PrivacyForm) {
	ctx := r.Context()
	u := reqctx.UserFrom(ctx)
	v.Institution, v.Slug = u.InstitutionName, u.InstitutionSlug
	title := i18n.T(ctx, "notice.privacy.page_title")
	httpx.Render(w, r, status, web.Page{Title: title, Section: "admin",
		Breadcrumbs: []web.Crumb{adminCrumb(ctx), {Label: title}}}, page.EditPrivacy(v))
}

// EditPrivacy shows the admin the notice's form.
func (h *Handler) EditPrivacy(w http.ResponseWriter, r *http.Request) {
	n, ok := h.own(w, r)
	if !ok {
		return
	}
	h.renderPrivacy(w, r, http.StatusOK, page.PrivacyForm{ControllerName: n.ControllerName, ControllerAddress: n.ControllerAddress,
		DPOName: n.DpoName, DPOEmail: n.DpoEmail, Extra: n.PrivacyExtra})
}

// SavePrivacy saves the institution's parts of its notice, in the audit
// log with the values before and after.
func (h *Handler) SavePrivacy(w http.ResponseWriter, r *http.Request) {
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	v := page.PrivacyForm{ControllerName: vals.Text("controller_name"), ControllerAddress: multiline(vals, "controller_address"),
		DPOName: vals.Text("dpo_name"), DPOEmail: vals.Text("dpo_email"), Extra: multiline(vals, "extra")}
	v.Check(form.MaxLength(v.ControllerName, 200), "controller_name", i18n.T(ctx, "notice.error.controller"))
	switch {
	case v.ControllerAddress == "":
		v.Add("controller_address", i18n.T(ctx, "notice.error.address"))
	case !form.MaxLength(v.ControllerAddress, 1000):
		v.Add("controller_address", i18n.T(ctx, "notice.error.address_long"))
	}
	v.Check(form.MaxLength(v.DPOName, 200), "dpo_name", i18n.T(ctx, "notice.error.dpo_name"))
	switch {
	case v.DPOEmail == "":
		v.Add("dpo_email", i18n.T(ctx, "notice.error.dpo_email"))
	case !emailAddress(v.DPOEmail):
		v.Add("dpo_email", i18n.T(ctx, "notice.error.dpo_email_form"))
	}
	v.Check(form.MaxLength(v.Extra, 8000), "extra", i18n.T(ctx, "notice.error.long_text"))
	if !v.Valid() {
		h.renderPrivacy(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	today := acyear.DateOf(h.now())
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		before, err := q.GetInstitutionNotices(ctx, u.InstitutionSlug)
		if err != nil {
			return err
		}
		if err := q.SavePrivacyNotice(ctx, store.SavePrivacyNoticeParams{InstitutionID: u.InstitutionID, ControllerName: v.ControllerName,
			ControllerAddress: v.ControllerAddress, DpoName: v.DPOName, DpoEmail: v.DPOEmail, PrivacyExtra: v.Extra, Today: &today}); err != nil {
			return err
		}
		changes := audit.Diff(
			map[string]any{"controller_name": before.ControllerName, "controller_address": before.ControllerAddress,
				"dpo_name": before.DpoName, "dpo_email": before.DpoEmail, "extra": before.PrivacyExtra, "reviewed_on": dateValue(before.PrivacyReviewedOn)},
			map[string]any{"controller_name": v.ControllerName, "controller_address": v.ControllerAddress,
				"dpo_name": v.DPOName, "dpo_email": v.DPOEmail, "extra": v.Extra, "reviewed_on": today.Format(time.DateOnly)})
		if len(changes) == 0 {
			return nil
		}
		return audit.By(u).Record(ctx, q, "update", "privacy_notice", u.InstitutionID, changes)
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "notice.flash.privacy_saved"))
	httpx.SeeOther(w, r, paths.AdminPrivacy)
}
