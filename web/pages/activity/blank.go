package activity

import (
	"context"
	"strings"
	"sync"

	"github.com/a-h/templ"

	"belonging/internal/i18n"
)

// blank reports whether s is the empty form an activity's page offers for
// adding sessions: nothing typed and nothing wrong.
func (s SessionForm) blank() bool {
	return s.ID == 0 && s.Date == "" && s.Start == "" && s.End == "" && s.Location == "" && s.OnlineURL == "" &&
		s.Weeks == "" && s.Skip == "" && s.MoreDates == "" && s.Valid()
}

// blankSessionFields holds the empty add-sessions fields drawn once per
// language: every activity page a team can edit shows them, the same
// each time but for the language.
var blankSessionFields sync.Map // language → templ.Component

// addSessionFields are the add-sessions form's fields: the empty ones
// as kept, or s's as typed with their errors.
func addSessionFields(ctx context.Context, s SessionForm) templ.Component {
	if !s.blank() {
		return sessionFields(s, true)
	}
	lang := i18n.Lang(ctx)
	if c, ok := blankSessionFields.Load(lang); ok {
		return c.(templ.Component)
	}
	var b strings.Builder
	if err := sessionFields(SessionForm{}, true).Render(ctx, &b); err != nil {
		return sessionFields(s, true)
	}
	c := templ.Raw(b.String())
	blankSessionFields.Store(lang, c)
	return c
}
