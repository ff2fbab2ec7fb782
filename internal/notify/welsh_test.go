package notify_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"belonging/internal/i18n"
	"belonging/internal/notify"
	"belonging/internal/testkit"
)

// A notification goes out in its recipient's institution's language: at a
// Welsh-default institution in Welsh first and English after, in the
// subject and both parts, each part marked with its language; at an
// English-default one in English alone. The Monday digest does the same.
func TestNotificationsInTheInstitutionsLanguage(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	cy := i18n.WithLang(ctx, i18n.Welsh)
	testkit.Exec(t, w.app, `UPDATE institutions SET default_language = 'cy' WHERE slug = 'northbridge'`)
	coffee, _ := w.timely("2027-03-08")
	eastmere := testkit.Scalar[int64](t, w.app, `SELECT a.id FROM activities a JOIN users u ON u.id = a.lead_id
		WHERE u.email = $1 ORDER BY a.academic_year DESC, a.id LIMIT 1`, otherDirect)
	w.session(eastmere, "2027-03-08")
	w.set(leader, notify.OutcomeDue, notify.InDigest)

	w.at("2027-03-10", 9, 0)
	if err := w.n.FindDue(ctx); err != nil {
		t.Fatal(err)
	}
	got := w.expect("the outcome reminders", map[string][]string{
		member:      {"Deilliant i'w gofnodi: " + w.title(coffee) + ", dydd Llun 8 Mawrth / Outcome due: " + w.title(coffee) + ", Monday 8 March"},
		otherDirect: {"Outcome due: " + w.title(eastmere) + ", Monday 8 March"},
	})
	bothFirstWelsh := func(what string, l testkit.Letter, welsh, english string) {
		t.Helper()
		for part, body := range map[string]string{"text": l.Text, "HTML": l.HTML} {
			body = strings.ReplaceAll(body, "&#39;", "'")
			cyAt, enAt := strings.Index(body, welsh), strings.Index(body, english)
			if cyAt < 0 || enAt < 0 || cyAt > enAt {
				t.Errorf("%s's %s part: %q at %d, %q at %d; want both, Welsh first:\n%s", what, part, welsh, cyAt, english, enAt, body)
			}
		}
		if !strings.Contains(l.HTML, `<html lang="cy">`) || !strings.Contains(l.HTML, `lang="en-GB"`) {
			t.Errorf("%s's HTML does not mark its Welsh and English parts:\n%s", what, l.HTML)
		}
	}
	for _, l := range got[member] {
		bothFirstWelsh("the Welsh-default reminder", l, "Does dim deilliant wedi'i gofnodi eto", "has no outcome recorded yet")
	}
	for _, l := range got[otherDirect] {
		if strings.Contains(l.Text, "Deilliant") || strings.Contains(l.HTML, `lang="cy"`) ||
			!strings.Contains(l.Text, "has no outcome recorded yet") || !strings.Contains(l.HTML, `<html lang="en-GB">`) {
			t.Errorf("the English-default reminder is not in English alone:\n%s", l.Text)
		}
	}

	// The Monday digest of the Welsh-default institution's module leader.
	w.now = time.Date(2027, 3, 15, 8, 0, 0, 0, time.UTC)
	if err := w.n.QueueDigests(ctx); err != nil {
		t.Fatal(err)
	}
	got = w.expect("the digest", map[string][]string{leader: {"Eich wythnos yn Belonging / Your week in Belonging"}})
	heading, _ := notify.KindOf(notify.OutcomeDue)
	for _, l := range got[leader] {
		bothFirstWelsh("the Welsh-default digest", l, heading.HeadingIn(cy), heading.HeadingIn(ctx))
		if !strings.Contains(l.Text, "dydd Llun 8 Mawrth") || !strings.Contains(l.Text, "Monday 8 March") {
			t.Errorf("the Welsh-default digest does not give the session's day in both languages:\n%s", l.Text)
		}
	}
}
