package survey

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"belonging/internal/httpx"
	"belonging/internal/httpx/form"
	"belonging/internal/i18n"
	"belonging/internal/language"
	"belonging/internal/store"
	"belonging/web"
	"belonging/web/components"
	page "belonging/web/pages/survey"
	"belonging/web/paths"
)

// answeredCookie tells, on the browser alone, that it has answered the
// survey whose path it is scoped to. The server records nothing about
// who answered.
const answeredCookie = "answered"

// CommentMax is the longest free-text answer kept.
const CommentMax = 2000

var tokenPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{22,64}$`)

var statementField = regexp.MustCompile(`^s[0-9]+$`)

// publicSurvey loads the survey a public link names; an unknown link is
// 404.
func (h *Handler) publicSurvey(w http.ResponseWriter, r *http.Request) (store.GetSurveyByTokenRow, bool) {
	token := chi.URLParam(r, "token")
	if !tokenPattern.MatchString(token) {
		httpx.NotFound(w, r)
		return store.GetSurveyByTokenRow{}, false
	}
	s, err := h.Queries.GetSurveyByToken(r.Context(), token)
	if errors.Is(err, pgx.ErrNoRows) {
		httpx.NotFound(w, r)
		return s, false
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return s, false
	}
	language.Institution(w, r, s.InstitutionLanguage)
	return s, true
}

func (h *Handler) respondView(ctx context.Context, s store.GetSurveyByTokenRow, token string) page.Respond {
	v := page.Respond{Token: token, Title: s.Title, Institution: s.InstitutionName, InstitutionSlug: s.InstitutionSlug, Programme: s.ProgrammeTitle,
		Activity: s.ActivityTitle, Phase: s.Phase, MinGroup: h.minGroup(), Opens: s.OpensAt.In(london), Closes: s.ClosesAt.In(london),
		FreeTextPrompt: inLanguage(ctx, s.FreeTextPrompt, s.FreeTextPromptCy), AskYear: s.AskYear, State: stateAt(h.now(), s.OpensAt, s.ClosesAt)}
	for y := 1; y <= int(s.ProgrammeYears) && y <= 8; y++ {
		v.Years = append(v.Years, components.Option{Value: strconv.Itoa(y), Label: i18n.T(ctx, "survey.year.option", "Year", strconv.Itoa(y))})
	}
	v.Years = append(v.Years, components.Option{Value: "none", Label: i18n.T(ctx, "survey.year.none")})
	if s.Audience == audienceStaff {
		staffRespondView(ctx, &v)
	}
	return v
}

func (h *Handler) renderRespond(w http.ResponseWriter, r *http.Request, status int, v page.Respond) {
	httpx.Render(w, r, status, web.Page{Title: v.Title, Bare: true, NoticesOf: v.InstitutionSlug, Description: i18n.T(r.Context(), "survey.description")}, page.RespondPage(v))
}

// answeredMark is the value of the answered cookie of the survey whose key
// is key: an HMAC of a fixed word under the survey's key. Every browser
// that answered holds this same value, so the cookie says that this
// browser answered and nothing more; without the key, which never leaves
// the server, it cannot be made up.
func answeredMark(key []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("answered"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// hasAnswered reports whether the browser holds the survey's answered
// cookie.
func hasAnswered(r *http.Request, key []byte) bool {
	c, err := r.Cookie(answeredCookie)
	return err == nil && hmac.Equal([]byte(c.Value), []byte(answeredMark(key)))
}

// markAnswered gives the browser the answered cookie, kept until a month
// after the survey closes.
func (h *Handler) markAnswered(w http.ResponseWriter, token string, key []byte, closes time.Time) {
	maxAge := int(min(closes.Sub(h.now())+30*24*time.Hour, 400*24*time.Hour).Seconds())
	http.SetCookie(w, &http.Cookie{Name: answeredCookie, Value: answeredMark(key), Path: paths.Answer(token), MaxAge: max(maxAge, 60),
		HttpOnly: true, Secure: h.SecureCookies, SameSite: http.SameSiteLaxMode})
}

// Respond shows the survey to a student. No account, no JavaScript; a
// survey not yet open or closed says so, and a browser that has answered
// is thanked instead of asked again. It writes nothing, and sets no
// cookie: the form carries a random value of its own (see SentForms).
func (h *Handler) Respond(w http.ResponseWriter, r *http.Request) {
	s, ok := h.publicSurvey(w, r)
	if !ok {
		return
	}
	token := chi.URLParam(r, "token")
	v := h.respondView(r.Context(), s, token)
	switch v.State {
	case stateUpcoming:
		h.renderRespond(w, r, http.StatusOK, v)
		return
	case stateClosed:
		h.renderRespond(w, r, http.StatusGone, v)
		return
	}
	if hasAnswered(r, s.AnsweredKey) {
		v.State = "answered"
		h.renderRespond(w, r, http.StatusOK, v)
		return
	}
	statements, err := h.Queries.ListStatements(r.Context(), s.InstrumentID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v.Questions = questions(r.Context(), statements, nil)
	v.Once = newOnce()
	h.renderRespond(w, r, http.StatusOK, v)
}

func questions(ctx context.Context, statements []store.ListStatementsRow, vals *form.Values) []page.Question {
	out := make([]page.Question, len(statements))
	for i, st := range statements {
		out[i] = page.Question{Name: "s" + strconv.FormatInt(st.ID, 10), Number: i + 1, Text: inLanguage(ctx, st.Body, st.BodyCy), Required: st.Required}
		if vals != nil {
			out[i].Value = vals.Text(out[i].Name)
		}
	}
	return out
}

// answers are a validated response.
type answers struct {
	statementIDs []int64
	scores       []int16
	year         *int16
	comment      string
}

// readAnswers validates a response: every required statement answered
// with a point of the scale, a year of study from the list, and a comment
// no longer than the limit. forged is set when the form answers a
// statement the survey does not ask.
func readAnswers(ctx context.Context, vals form.Values, s store.GetSurveyByTokenRow, statements []store.ListStatementsRow, v *page.Respond) (in answers, forged bool) {
	known := map[string]bool{}
	for _, st := range statements {
		known["s"+strconv.FormatInt(st.ID, 10)] = true
	}
	for name := range vals.Values {
		if statementField.MatchString(name) && !known[name] {
			return in, true
		}
	}
	v.Questions = questions(ctx, statements, &vals)
	for i, st := range statements {
		q := &v.Questions[i]
		if q.Value == "" {
			if st.Required {
				q.Error = i18n.T(ctx, "survey.error.choose", "Number", q.Number)
				v.Add(q.Name, q.Error)
			}
			continue
		}
		n, err := strconv.Atoi(q.Value)
		if err != nil || n < 1 || n > 5 {
			q.Error = i18n.T(ctx, "survey.error.five", "Number", q.Number)
			v.Add(q.Name, q.Error)
			q.Value = ""
			continue
		}
		in.statementIDs = append(in.statementIDs, st.ID)
		in.scores = append(in.scores, int16(n))
	}
	if len(in.statementIDs) == 0 && v.Valid() && len(v.Questions) > 0 {
		v.Add(v.Questions[0].Name, i18n.T(ctx, "survey.error.one"))
		v.Questions[0].Error = i18n.T(ctx, "survey.error.one")
	}
	if s.AskYear {
		v.Year = vals.Text("year")
		switch y, err := strconv.Atoi(v.Year); {
		case v.Year == "" || v.Year == "none":
		case err == nil && y >= 1 && y <= int(s.ProgrammeYears) && y <= 8:
			y16 := int16(y)
			in.year = &y16
		default:
			v.Add("year", i18n.T(ctx, "survey.error.year"))
			v.Year = ""
		}
	}
	if s.FreeTextPrompt != "" {
		v.Comment = vals.Get("comment")
		in.comment = strings.TrimSpace(v.Comment)
		if !form.MaxLength(in.comment, CommentMax) {
			v.Add("comment", i18n.T(ctx, "survey.error.comment", "Length", thousands(len([]rune(in.comment))), "Max", thousands(CommentMax)))
		}
	}
	return in, false
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Submit stores a response, in one statement that writes nothing else:
// nothing identifying is stored with it, nothing records that this
// browser answered (the browser is given the answered cookie instead), and
// it is not written to the audit log. A browser that has answered, a form
// already sent, a closed survey, a forged statement or an address sending
// too fast gets a page saying so, and nothing is stored.
func (h *Handler) Submit(w http.ResponseWriter, r *http.Request) {
	s, ok := h.publicSurvey(w, r)
	if !ok {
		return
	}
	token := chi.URLParam(r, "token")
	v := h.respondView(r.Context(), s, token)
	switch v.State {
	case stateUpcoming:
		httpx.Forbidden(w, r, i18n.T(r.Context(), "survey.refused.upcoming", "Opens", page.OpensOn(r.Context(), v.Opens)))
		return
	case stateClosed:
		h.closedMeanwhile(w, r, v)
		return
	}
	if h.Limiter != nil {
		if ok, wait := h.Limiter.Allow(httpx.ClientAddr(r), h.now()); !ok {
			httpx.TooManyRequests(w, r, max(wait, time.Second), i18n.T(r.Context(), "survey.refused.busy"))
			return
		}
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	if hasAnswered(r, s.AnsweredKey) {
		h.alreadyAnswered(w, r)
		return
	}
	statements, err := h.Queries.ListStatements(ctx, s.InstrumentID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	in, forged := readAnswers(ctx, vals, s, statements, &v)
	if forged {
		httpx.BadRequest(w, r, i18n.T(ctx, "survey.refused.forged"))
		return
	}
	// The same page sent again keeps its random value, so a second press
	// after an error is still one form.
	v.Once = vals.Text("once")
	if to := vals.Text("language"); to != "" {
		h.switchLanguage(w, r, s, statements, vals, v, to)
		return
	}
	if !v.Valid() {
		h.renderRespond(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	if h.Sent != nil && !h.Sent.Claim(s.ID, v.Once, h.now()) {
		h.alreadyAnswered(w, r)
		return
	}
	// One statement, so it needs no transaction of its own; student
	// answers are never audited. The language is the one the form was
	// read in (a staff survey's response keeps none: see InsertResponse).
	lang := i18n.Lang(ctx)
	n, err := h.Queries.InsertResponse(ctx, store.InsertResponseParams{StatementIds: in.statementIDs, Scores: in.scores,
		SurveyID: s.ID, Now: h.now(), YearOfStudy: in.year, Comment: in.comment, Language: &lang})
	if err != nil || n == 0 {
		if h.Sent != nil {
			h.Sent.Forget(s.ID, v.Once)
		}
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if n == 0 {
		h.closedMeanwhile(w, r, v)
		return
	}
	h.markAnswered(w, token, s.AnsweredKey, s.ClosesAt)
	httpx.SeeOther(w, r, paths.AnswerThanks(token))
}

// closedMeanwhile answers a response sent to a closed survey.
func (h *Handler) closedMeanwhile(w http.ResponseWriter, r *http.Request, v page.Respond) {
	httpx.Error(w, r, web.ErrorView{Status: http.StatusGone, Title: i18n.T(r.Context(), "survey.closed.title"),
		Message: i18n.T(r.Context(), "survey.refused.closed", "Closes", page.ClosesOn(r.Context(), v.Closes))})
}

func (h *Handler) alreadyAnswered(w http.ResponseWriter, r *http.Request) {
	httpx.Error(w, r, web.ErrorView{Status: http.StatusConflict, Title: i18n.T(r.Context(), "survey.refused.answered.title"),
		Message: i18n.T(r.Context(), "survey.refused.answered")})
}

// Thanks thanks the student after they answer.
func (h *Handler) Thanks(w http.ResponseWriter, r *http.Request) {
	s, ok := h.publicSurvey(w, r)
	if !ok {
		return
	}
	v := h.respondView(r.Context(), s, chi.URLParam(r, "token"))
	v.State = "thanks"
	h.renderRespond(w, r, http.StatusOK, v)
}

// inLanguage is an instrument's wording in the reader's language: the
// Welsh where the reader reads Welsh and the instrument has it, the
// English otherwise.
func inLanguage(ctx context.Context, en, cy string) string {
	if i18n.Lang(ctx) == i18n.Welsh && cy != "" {
		return cy
	}
	return en
}

// switchLanguage answers the survey form's language button: it keeps the
// choice in the lang cookie and shows the survey again in that language
// with the answers given so far, saving nothing and showing no errors
// (the student has not finished).
func (h *Handler) switchLanguage(w http.ResponseWriter, r *http.Request, s store.GetSurveyByTokenRow, statements []store.ListStatementsRow,
	vals form.Values, was page.Respond, to string) {
	if to != i18n.English && to != i18n.Welsh {
		httpx.BadRequest(w, r, i18n.T(r.Context(), "language.bad_choice"))
		return
	}
	language.Remember(w, to, h.SecureCookies)
	r = r.WithContext(i18n.WithLang(r.Context(), to))
	v := h.respondView(r.Context(), s, chi.URLParam(r, "token"))
	v.Once = was.Once
	v.Questions = questions(r.Context(), statements, &vals)
	for i := range v.Questions {
		if q := &v.Questions[i]; q.Value < "1" || q.Value > "5" || len(q.Value) != 1 {
			q.Value = ""
		}
	}
	v.Year, v.Comment = was.Year, was.Comment
	h.renderRespond(w, r, http.StatusOK, v)
}
