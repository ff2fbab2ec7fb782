package auth

import (
	"net/http"
	"slices"
	"strings"

	"github.com/go-chi/chi/v5"

	"belonging/internal/httpx"
	"belonging/internal/reqctx"
	"belonging/web/paths"
)

// partnerRoutes are the signed-in routes outside the partner pages that a
// student partner's account may use: their account, its password and the
// download of what is held about them.
var partnerRoutes = []string{"/account", "/account/password", "/account/notifications", paths.AccountData}

// FencePartners keeps a student partner's account to the partner pages
// and its own account: every other signed-in route answers 404, as if it
// did not exist, so a route added later is closed to them until it is
// opened here. Their home is the list of their activities. The policy
// refuses them everything else too (Can); this is the second wall.
func FencePartners(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := reqctx.UserFrom(r.Context())
		if u == nil || !u.StudentPartner {
			next.ServeHTTP(w, r)
			return
		}
		pattern := chi.RouteContext(r.Context()).RoutePattern()
		switch {
		case pattern == paths.Home:
			httpx.SeeOther(w, r, paths.PartnerHome)
		case pattern == paths.PartnerHome || strings.HasPrefix(pattern, paths.PartnerHome+"/") || slices.Contains(partnerRoutes, pattern):
			next.ServeHTTP(w, r)
		default:
			httpx.NotFound(w, r)
		}
	})
}
