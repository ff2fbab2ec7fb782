package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/seed"
	"belonging/web/paths"
)

// discoverSurvey finds the bench programme's open survey and the form
// fields of its statements.
func discoverSurvey(ctx context.Context, pool *pgxpool.Pool, w *world) error {
	rows, err := pool.Query(ctx, `
		SELECT 's' || st.id FROM surveys s JOIN survey_statements st ON st.instrument_id = s.instrument_id
		WHERE s.token = $1 ORDER BY st.position`, seed.ScaleSurveyToken)
	if err != nil {
		return err
	}
	for rows.Next() {
		var f string
		if err := rows.Scan(&f); err != nil {
			return err
		}
		w.surveyFields = append(w.surveyFields, f)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(w.surveyFields) == 0 {
		return fmt.Errorf("the open survey %q has no statements", seed.ScaleSurveyToken)
	}
	w.surveyToken = seed.ScaleSurveyToken
	return nil
}

// surveyScenario is students answering the open survey, each a new
// browser with no cookie. They arrive through a proxy that names each
// one's address (the server trusts loopback as a proxy), as on a campus
// network, so the per-address flood limit meets many addresses as it
// would in a lecture theatre.
func (h *harness) surveyScenario(_ []*http.Client) scenario {
	student := &http.Client{Timeout: 30 * time.Second, Transport: transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return scenario{name: "Survey response submission (new student each time)", as: func(int) *http.Client { return student },
		next: func(c, i int) request {
			f := url.Values{"year": {strconv.Itoa(1 + i%3)}}
			for k, name := range h.world.surveyFields {
				f.Set(name, strconv.Itoa(1+(c+i+k)%5))
			}
			addr := fmt.Sprintf("10.%d.%d.%d", c, (i/250)%250, i%250+1)
			return request{method: http.MethodPost, path: paths.Answer(h.world.surveyToken), form: f, header: http.Header{"X-Forwarded-For": {addr}}}
		}, want: http.StatusSeeOther}
}
