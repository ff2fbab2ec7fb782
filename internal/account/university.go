package account

import (
	"errors"
	"net/http"
	"net/mail"
	"net/url"

	"github.com/jackc/pgx/v5"

	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/httpx/form"
	"belonging/internal/i18n"
	page "belonging/web/pages/account"
	"belonging/web/paths"
)

// FindUniversity finds the institution of the address typed under "Sign
// in with your university account" and sends the person to its page of
// ways in (a page of its own, not straight to the provider: a form may
// only send the browser to this site).
func (h *Handler) FindUniversity(w http.ResponseWriter, r *http.Request) {
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	v := page.SignInView{Next: auth.SafeNext(vals.Text("next")), UniversityEmail: vals.Text("university_email")}
	addr, err := mail.ParseAddress(v.UniversityEmail)
	switch {
	case v.UniversityEmail == "":
		v.UniversityErrors.Add("university_email", i18n.T(r.Context(), "account.university.email_missing"))
	case len(v.UniversityEmail) > 254 || err != nil || addr.Address != v.UniversityEmail:
		v.UniversityErrors.Add("university_email", i18n.T(r.Context(), "account.email_format"))
	}
	if !v.UniversityErrors.Valid() {
		h.renderSignIn(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	owner, err := h.Queries.FindDomainOwner(r.Context(), form.EmailDomain(v.UniversityEmail))
	if errors.Is(err, pgx.ErrNoRows) {
		v.UniversityErrors.Add("university_email", i18n.T(r.Context(), "account.university.unknown", "Domain", form.EmailDomain(v.UniversityEmail)))
		h.renderSignIn(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	q := url.Values{"hint": {v.UniversityEmail}}
	if v.Next != paths.Home {
		q.Set("next", v.Next)
	}
	httpx.SeeOther(w, r, paths.SignInInstitution(owner.Slug)+"?"+q.Encode())
}
