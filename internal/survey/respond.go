package survey

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"belonging/internal/httpx"
	"belonging/internal/httpx/form"
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
	return s, true
}

func (h *Handler) respondView(s store.GetSurveyByTokenRow, token string) page.Respond {
	v := page.Respond{Token: token, Title: s.Title, Institution: s.InstitutionName, InstitutionSlug: s.InstitutionSlug, Programme: s.ProgrammeTitle,
		Activity: s.ActivityTitle, Phase: s.Phase, MinGroup: h.minGroup(), Opens: s.OpensAt.In(london), Closes: s.ClosesAt.In(london),
		FreeTextPrompt: s.FreeTextPrompt, AskYear: s.AskYear, State: stateAt(h.now(), s.OpensAt, s.ClosesAt)}
	for y := 1; y <= int(s.ProgrammeYears) && y <= 8; y++ {
		v.Years = append(v.Years, components.Option{Value: strconv.Itoa(y), Label: "Year " + strconv.Itoa(y)})
	}
	v.Years = append(v.Years, components.Option{Value: "none", Label: "I would rather not say"})
	if s.Audience == audienceStaff {
		staffRespondView(&v)
	}
	return v
}

func (h *Handler) renderRespond(w http.ResponseWriter, r *http.Request, status int, v page.Respond) {
	httpx.Render(w, r, status, web.Page{Title: v.Title, Bare: true, NoticesOf: v.InstitutionSlug, Description: "An anonymous survey about belonging on your course"}, page.RespondPage(v))
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
	v := h.respondView(s, token)
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
	v.Questions = questions(statements, nil)
	v.Once = newOnce()
	h.renderRespond(w, r, http.StatusOK, v)
}

func questions(statements []store.ListStatementsRow, vals *form.Values) []page.Question {
	out := make([]page.Question, len(statements))
	for i, st := range statements {
		out[i] = page.Question{Name: "s" + strconv.FormatInt(st.ID, 10), Number: i + 1, Text: st.Body, Required: st.Required}
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
func readAnswers(vals form.Values, s store.GetSurveyByTokenRow, statements []store.ListStatementsRow, v *page.Respond) (in answers, forged bool) {
	known := map[string]bool{}
	for _, st := range statements {
		known["s"+strconv.FormatInt(st.ID, 10)] = true
	}
	for name := range vals.Values {
		if statementField.MatchString(name) && !known[name] {
			return in, true
		}
	}
	v.Questions = questions(statements, &vals)
	for i, st := range statements {
		q := &v.Questions[i]
		if q.Value == "" {
			if st.Required {
				q.Error = fmt.Sprintf("Choose an answer to statement %d", q.Number)
				v.Add(q.Name, q.Error)
			}
			continue
		}
		n, err := strconv.Atoi(q.Value)
		if err != nil || n < 1 || n > 5 {
			q.Error = fmt.Sprintf("Choose one of the five answers to statement %d", q.Number)
			v.Add(q.Name, q.Error)
			q.Value = ""
			continue
		}
		in.statementIDs = append(in.statementIDs, st.ID)
		in.scores = append(in.scores, int16(n))
	}
	if len(in.statementIDs) == 0 && v.Valid() && len(v.Questions) > 0 {
		v.Add(v.Questions[0].Name, "Answer at least one statement")
		v.Questions[0].Error = "Answer at least one statement"
	}
	if s.AskYear {
		v.Year = vals.Text("year")
		switch y, err := strconv.Atoi(v.Year); {
		case v.Year == "" || v.Year == "none":
		case err == nil && y >= 1 && y <= int(s.ProgrammeYears) && y <= 8:
			y16 := int16(y)
			in.year = &y16
		default:
			v.Add("year", "Choose your year of study from the list, or that you would rather not say")
			v.Year = ""
		}
	}
	if s.FreeTextPrompt != "" {
		v.Comment = vals.Get("comment")
		in.comment = strings.TrimSpace(v.Comment)
		if !form.MaxLength(in.comment, CommentMax) {
			v.Add("comment", fmt.Sprintf("Your comment is %s characters long; please shorten it to %s or fewer",
				thousands(len([]rune(in.comment))), thousands(CommentMax)))
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
	v := h.respondView(s, token)
	switch v.State {
	case stateUpcoming:
		httpx.Forbidden(w, r, fmt.Sprintf("This survey opens %s. Your answers were not saved; please come back then.", page.WhenOpens(v.Opens)))
		return
	case stateClosed:
		h.closedMeanwhile(w, r, v)
		return
	}
	if h.Limiter != nil {
		if ok, wait := h.Limiter.Allow(httpx.ClientAddr(r), h.now()); !ok {
			httpx.TooManyRequests(w, r, max(wait, time.Second), "Many answers have come from your network in a short time. Your answers were not saved: wait a few seconds and send them again.")
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
	in, forged := readAnswers(vals, s, statements, &v)
	if forged {
		httpx.BadRequest(w, r, "The form answered a statement this survey does not ask, so nothing was saved. Go back, reload the survey and answer again.")
		return
	}
	// The same page sent again keeps its random value, so a second press
	// after an error is still one form.
	v.Once = vals.Text("once")
	if !v.Valid() {
		h.renderRespond(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	if h.Sent != nil && !h.Sent.Claim(s.ID, v.Once, h.now()) {
		h.alreadyAnswered(w, r)
		return
	}
	// One statement, so it needs no transaction of its own; student
	// answers are never audited.
	n, err := h.Queries.InsertResponse(ctx, store.InsertResponseParams{StatementIds: in.statementIDs, Scores: in.scores,
		SurveyID: s.ID, Now: h.now(), YearOfStudy: in.year, Comment: in.comment})
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
	httpx.Error(w, r, web.ErrorView{Status: http.StatusGone, Title: "This survey has closed",
		Message: fmt.Sprintf("This survey closed %s, so your answers were not saved. Thank you for wanting to take part.", page.WhenCloses(v.Closes))})
}

func (h *Handler) alreadyAnswered(w http.ResponseWriter, r *http.Request) {
	httpx.Error(w, r, web.ErrorView{Status: http.StatusConflict, Title: "You have already answered this survey",
		Message: "This browser has already sent answers to this survey, and each person answers once, so these answers were not saved. Thank you for taking part."})
}

// Thanks thanks the student after they answer.
func (h *Handler) Thanks(w http.ResponseWriter, r *http.Request) {
	s, ok := h.publicSurvey(w, r)
	if !ok {
		return
	}
	v := h.respondView(s, chi.URLParam(r, "token"))
	v.State = "thanks"
	h.renderRespond(w, r, http.StatusOK, v)
}
