package account_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"belonging/internal/testkit"
)

// The account pages, their refusals and the sign-in form's messages read
// in Welsh for a reader who chose Welsh, with no English sentence left.
func TestAccountPagesInWelsh(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.Header.Set("Accept-Language", "cy")

	empty := c.Post("/sign-in", url.Values{})
	if empty.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("POST /sign-in empty = %d, want 422", empty.StatusCode)
	}
	wrong := c.Post("/sign-in", url.Values{"email": {director}, "password": {"not the password at all"}})
	forgot := c.Post("/forgot-password", url.Values{})
	reset := c.Get("/reset-password/not-a-real-token")
	signIn(c, director, testkit.DemoPassword)
	account := c.Get("/account")
	for _, tc := range []struct {
		name   string
		page   *testkit.Response
		status int
		welsh  []string
	}{
		{"empty sign-in", empty, http.StatusUnprocessableEntity, []string{"Rhowch eich cyfeiriad e-bost", "Rhowch eich cyfrinair"}},
		{"wrong password", wrong, http.StatusUnprocessableEntity, []string{"Nid yw'r cyfeiriad e-bost neu'r cyfrinair yn gywir"}},
		{"empty forgotten password", forgot, http.StatusUnprocessableEntity, []string{"Wedi anghofio eich cyfrinair?", "Rhowch y cyfeiriad e-bost rydych yn mewngofnodi ag ef"}},
		{"unknown reset link", reset, http.StatusNotFound, []string{"Nid yw'r ddolen ailosod hon yn ddilys", "Cael dolen newydd"}},
		{"account", account, http.StatusOK, []string{"Eich cyfrif", "Newid eich cyfrinair", "Eich rolau", "Cyfarwyddwr rhaglen", "Negeseuon e-bost gan Belonging", "Anfon e-bost ataf ar unwaith"}},
	} {
		text := strings.Join(strings.Fields(tc.page.Doc().Find("main").Text()), " ")
		if tc.page.StatusCode != tc.status {
			t.Errorf("%s = %d, want %d", tc.name, tc.page.StatusCode, tc.status)
		}
		for _, w := range tc.welsh {
			if !strings.Contains(text, w) {
				t.Errorf("%s page lacks %q:\n%s", tc.name, w, text)
			}
		}
		for _, english := range []string{"Enter your", "Your account", "Change your password", "Forgot your password", "This reset link", "Programme director", "Email me at once", "is not right"} {
			if strings.Contains(text, english) {
				t.Errorf("%s page in Welsh still says %q:\n%s", tc.name, english, text)
			}
		}
	}
}

// The Welsh account, reset and settings pages pass axe-core at a phone's
// width and at 320 px.
func TestBrowserWelshAccountPagesAccessible(t *testing.T) {
	app := testkit.NewApp(t)
	for _, width := range []int64{390, 320} {
		b := testkit.NewBrowser(t, app)
		b.Viewport(width, 900)
		b.Open("/language?to=cy&back=%2Fforgot-password")
		if got := b.Text("h1"); got != "Wedi anghofio eich cyfrinair?" {
			t.Fatalf("forgotten password page in Welsh at %d px: h1 %q", width, got)
		}
		b.CheckAccessible()
		b.SignIn("admin@northbridge.ac.uk", testkit.DemoPassword)
		for _, path := range []string{"/account", "/admin/settings"} {
			b.Open(path)
			b.CheckAccessible()
			t.Logf("screenshot: %s", b.Screenshot("welsh"+strings.ReplaceAll(path, "/", "-")+"-"+map[int64]string{390: "390", 320: "320"}[width]))
		}
	}
}
