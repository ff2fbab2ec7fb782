package access

import (
	"net/http"

	"belonging/internal/auth"
	"belonging/internal/reqctx"
	"belonging/internal/store"
)

// PartnerActivity loads the activity named by the route's "id" for its
// student partners' pages (auth.CoCreateActivity). Staff who may see the
// activity but not co-create it are answered 403; anyone else, a partner
// of other activities included, 404.
func (l *Loader) PartnerActivity(w http.ResponseWriter, r *http.Request) (Activity, bool) {
	return withID(w, r, "id", auth.CoCreateActivity, l.PartnerActivityByID)
}

// PartnerActivityByID loads activity id for its partners' pages.
func (l *Loader) PartnerActivityByID(w http.ResponseWriter, r *http.Request, id int64, action auth.Action) (Activity, bool) {
	u := reqctx.UserFrom(r.Context())
	a, err := l.activity(r.Context(), u, id)
	see := auth.CoCreateActivity
	if err == nil && auth.Can(u, auth.ViewProgramme, a.Target) {
		see = auth.ViewProgramme
	}
	return a, decide(w, r, err, a.Target, see, action, kindActivity)
}

// PartnerSession loads the session named by the route's "id" and its
// activity, for its partners' pages.
func (l *Loader) PartnerSession(w http.ResponseWriter, r *http.Request) (Session, bool) {
	return withID(w, r, "id", auth.CoCreateActivity, func(w http.ResponseWriter, r *http.Request, id int64, action auth.Action) (Session, bool) {
		u := reqctx.UserFrom(r.Context())
		row, err := l.Queries.GetSession(r.Context(), store.GetSessionParams{InstitutionID: u.InstitutionID, ID: id})
		if err != nil {
			return Session{}, decide(w, r, err, auth.Target{}, action, action, kindActivity)
		}
		a, ok := l.PartnerActivityByID(w, r, row.ActivityID, action)
		return Session{GetSessionRow: row, Activity: a}, ok
	})
}

// PartnerOutcome loads the outcome named by the route's "id" and its
// activity, for its partners' pages.
func (l *Loader) PartnerOutcome(w http.ResponseWriter, r *http.Request) (Outcome, bool) {
	return withID(w, r, "id", auth.CoCreateActivity, func(w http.ResponseWriter, r *http.Request, id int64, action auth.Action) (Outcome, bool) {
		u := reqctx.UserFrom(r.Context())
		row, err := l.Queries.GetOutcome(r.Context(), store.GetOutcomeParams{InstitutionID: u.InstitutionID, ID: id})
		if err != nil {
			return Outcome{}, decide(w, r, err, auth.Target{}, action, action, kindActivity)
		}
		a, ok := l.PartnerActivityByID(w, r, row.ActivityID, action)
		return Outcome{GetOutcomeRow: row, Activity: a}, ok
	})
}
