package survey_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"belonging/internal/testkit"
)

// A student whose browser asks for Welsh reads the survey in Welsh, the
// built-in statements included; switching language half way through
// keeps the answers given so far and saves nothing; an empty form is
// answered in Welsh; and the answers, once sent, are thanked in Welsh.
func TestStudentAnswersInWelsh(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	staff := app.Client()
	staff.SignIn(director, testkit.DemoPassword)
	id := newSurvey(t, app, staff, true)
	token := tokenOf(t, app, id)

	student := app.Client()
	student.Header = http.Header{"Accept-Language": {"cy-GB,cy;q=0.9,en;q=0.5"}}
	page := student.Get("/s/" + token)
	if page.StatusCode != http.StatusOK {
		t.Fatalf("GET /s/%s in Welsh = %d", token, page.StatusCode)
	}
	doc := page.Doc()
	if got, _ := doc.Find("html").Attr("lang"); got != "cy" {
		t.Errorf("html lang = %q, want cy", got)
	}
	if got := page.Header.Get("Content-Language"); got != "cy" {
		t.Errorf("Content-Language = %q, want cy", got)
	}
	text := doc.Find("main").Text()
	for _, want := range []string{"Mae pobl ar fy nghwrs y gallwn droi atyn nhw", "Anghytuno'n gryf", "Cytuno'n gryf", "Anfon fy atebion",
		"Byddai'n well gennyf beidio â dweud", "A oes unrhyw beth a fyddai'n eich helpu"} {
		if !strings.Contains(text, want) {
			t.Errorf("the Welsh survey page does not say %q", want)
		}
	}
	for _, english := range []string{"Strongly disagree", "There are people on my course", "Send my answers"} {
		if strings.Contains(text, english) {
			t.Errorf("the Welsh survey page says %q in English", english)
		}
	}

	// Half the statements answered, then the switch to English.
	f := answers(t, app, student, token, 2)
	var names []string
	for name := range f {
		if name != "once" {
			names = append(names, name)
		}
	}
	half := url.Values{"once": {f.Get("once")}, "comment": {"Mae'r coffi yn helpu."}, "year": {"2"}}
	kept := map[string]bool{}
	for i, name := range names {
		if i%2 == 0 {
			half.Set(name, "4")
			kept[name] = true
		}
	}
	switched := student.Post("/s/"+token, withValue(half, "language", "en"))
	if switched.StatusCode != http.StatusOK {
		t.Fatalf("switch to English = %d, want 200: %s", switched.StatusCode, testkit.FormErrors(switched))
	}
	sdoc := switched.Doc()
	if got, _ := sdoc.Find("html").Attr("lang"); got != "en-GB" {
		t.Errorf("after the switch html lang = %q, want en-GB", got)
	}
	if !strings.Contains(sdoc.Find("main").Text(), "There are people on my course I could turn to") {
		t.Error("after the switch the statements are not in English")
	}
	if n := sdoc.Find("[data-testid=error-summary]").Length(); n != 0 {
		t.Error("switching language shows errors for the statements not yet answered")
	}
	for _, name := range names {
		checked := sdoc.Find("input[name=" + name + "][value='4']").Is("[checked]")
		if checked != kept[name] {
			t.Errorf("after the switch %s checked = %v, want %v", name, checked, kept[name])
		}
	}
	if got := sdoc.Find("textarea#comment").Text(); got != "Mae'r coffi yn helpu." {
		t.Errorf("after the switch the comment = %q", got)
	}
	if !sdoc.Find("input[name=year][value='2']").Is("[checked]") {
		t.Error("after the switch the year of study is not kept")
	}
	if !strings.Contains(switched.Header.Get("Set-Cookie"), "lang=en") {
		t.Errorf("Set-Cookie = %q, want the lang cookie", switched.Header.Get("Set-Cookie"))
	}
	if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM survey_responses WHERE survey_id = $1`, id); n != 0 {
		t.Errorf("switching language stored %d responses, want none", n)
	}

	// And back to Welsh: the cookie now says English, the button says Welsh.
	back := student.Post("/s/"+token, withValue(half, "language", "cy"))
	if got, _ := back.Doc().Find("html").Attr("lang"); back.StatusCode != http.StatusOK || got != "cy" {
		t.Fatalf("switch back = %d, lang %q; want 200, cy", back.StatusCode, got)
	}

	// Sent with statements left out: the errors are in Welsh.
	bad := student.Post("/s/"+token, url.Values{"once": {f.Get("once")}})
	if bad.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("empty answers = %d, want 422", bad.StatusCode)
	}
	summary := bad.Doc().Find("[data-testid=error-summary]").Text()
	if !strings.Contains(summary, "Mae problem wedi codi") || !strings.Contains(summary, "Dewiswch ateb i ddatganiad 1") {
		t.Errorf("error summary = %q, want it in Welsh", strings.Join(strings.Fields(summary), " "))
	}

	all := url.Values{"once": {f.Get("once")}}
	for _, name := range names {
		all.Set(name, "5")
	}
	sent := student.Post("/s/"+token, all)
	if sent.StatusCode != http.StatusSeeOther {
		t.Fatalf("send = %d: %s", sent.StatusCode, testkit.FormErrors(sent))
	}
	if thanks := student.Get("/s/" + token + "/thanks"); !strings.Contains(thanks.Text(), "Diolch: mae eich atebion wedi") {
		t.Errorf("thanks page in Welsh = %d without its Welsh thanks", thanks.StatusCode)
	}
}

func withValue(v url.Values, name, value string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	out.Set(name, value)
	return out
}
