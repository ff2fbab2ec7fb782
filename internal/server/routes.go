package server

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"belonging/internal/auth"
	"belonging/web"
)

// routes registers every route of the application, grouped by who may
// reach it. Finer decisions (which programme, which record) are the
// policy's, asked by each handler.
func (s *Server) routes() http.Handler {
	root := chi.NewRouter()
	root.Use(requestID(s.trusted))
	root.Use(accessLog(s.logger, s.metrics))
	root.Use(recoverPanics)
	root.Use(securityHeaders(s.cfg.SecureCookies()))
	root.Use(clientAddr(s.trusted))

	// Probes, metrics and static files: no session, GET only.
	root.Get("/healthz", s.healthz)
	root.Get("/readyz", s.readyz)
	root.Handle("/metrics", s.metrics.Handler(s.cfg.MetricsToken))
	root.Handle("/static/*", web.StaticHandler(http.HandlerFunc(s.notFound)))

	app := chi.NewRouter()
	app.NotFound(s.notFound)
	app.MethodNotAllowed(s.methodNotAllowed(app))
	app.Use(requestDeadline(s.cfg.RequestTimeout))
	app.Use(limitBody(s.cfg.MaxFormBytes))
	app.Use(s.crossOrigin)
	app.Use(s.sessions.Manager.LoadAndSave)
	app.Use(auth.CurrentUser(s.sessions, s.queries))
	app.Use(noStore)

	// Anyone, signed in or not.
	app.Get("/sign-in", s.account.SignInPage)
	app.Post("/sign-in", s.account.SignIn)
	app.Post("/sign-out", s.account.SignOut)
	app.Get("/accessibility", s.home.Accessibility)
	app.Get("/privacy", s.home.Privacy)

	// Signed-in people.
	app.Group(func(r chi.Router) {
		r.Use(auth.RequireUser)
		r.Get("/", s.home.Home)
		r.Get("/account", s.account.Page)
		r.Post("/account/password", s.account.ChangePassword)
	})

	root.Mount("/", app)
	return root
}
