package activity

import (
	"context"
	"strings"
	"testing"

	"github.com/a-h/templ"

	"belonging/internal/i18n"
)

func render(t *testing.T, ctx context.Context, c templ.Component) string {
	t.Helper()
	var b strings.Builder
	if err := c.Render(ctx, &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// The add-sessions fields, kept once drawn, are those drawn afresh in
// each language, whichever language asked first; a form as typed, or
// with an error, is drawn with what was typed and the error.
func TestAddSessionFieldsKeptPerLanguage(t *testing.T) {
	en := i18n.WithLang(context.Background(), i18n.English)
	cy := i18n.WithLang(context.Background(), i18n.Welsh)
	for _, ctx := range []context.Context{cy, en, cy, en} {
		want := render(t, ctx, sessionFields(SessionForm{}, true))
		if got := render(t, ctx, addSessionFields(ctx, SessionForm{})); got != want {
			t.Errorf("kept fields in %s differ from those drawn afresh:\n got %s\nwant %s", i18n.Lang(ctx), got, want)
		}
	}
	if render(t, en, addSessionFields(en, SessionForm{})) == render(t, cy, addSessionFields(cy, SessionForm{})) {
		t.Error("the English and Welsh fields are the same")
	}

	typed := SessionForm{Location: "Room 12, Brunel Building"}
	if got := render(t, en, addSessionFields(en, typed)); !strings.Contains(got, `value="Room 12, Brunel Building"`) {
		t.Errorf("fields as typed lost the location:\n%s", got)
	}
	var wrong SessionForm
	wrong.Add("session_date", "Enter the date of the first session")
	if got := render(t, en, addSessionFields(en, wrong)); !strings.Contains(got, "Enter the date of the first session") {
		t.Errorf("fields with an error lost it:\n%s", got)
	}
}
