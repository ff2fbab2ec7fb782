package sso_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// The pages of signing in with a university account, and the page of a
// refused sign-in, speak Welsh to a reader who asks for it; an
// institution's sign-in page follows its default language for a browser
// that names only English.
func TestSignInWithUniversityInWelsh(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t, testkit.Working)
	id := addOIDCProvider(t, app, "https://idp.invalid", "belonging-nb")
	c := app.Client()
	c.Header.Set("Accept-Language", "cy")
	for _, tc := range []struct {
		name, path string
		status     int
		want       []string
	}{
		{"list", paths.SignInInstitutions, http.StatusOK, []string{"Dod o hyd i'ch prifysgol", "Enw'r brifysgol, neu barth eich e-bost"}},
		{"no match", paths.SignInInstitutionsMatching("zzz"), http.StatusOK, []string{"Does dim prifysgol yn cyfateb i “zzz”", "fewngofnodi â chyfrinair Belonging"}},
		{"institution", paths.SignInInstitution("northbridge"), http.StatusOK, []string{"Byddwch yn mynd i dudalen fewngofnodi", "Parhau gyda Northbridge account", "Mewngofnodi sengl eich prifysgol"}},
		{"stale answer", paths.OIDCCallback(id) + "?state=x&code=y", http.StatusBadRequest, []string{"Mae'r mewngofnodi hwn wedi dod i ben", "Mynd i'r dudalen fewngofnodi"}},
	} {
		resp := c.Get(tc.path)
		if resp.StatusCode != tc.status {
			t.Errorf("%s in Welsh = %d, want %d", tc.name, resp.StatusCode, tc.status)
		}
		text := strings.Join(strings.Fields(resp.Doc().Find("body").Text()), " ")
		for _, w := range tc.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s in Welsh does not say %q:\n%s", tc.name, w, text)
			}
		}
		testkit.NoEnglishLeft(t, tc.name, text, "sso")
	}

	english := app.Client()
	english.Header.Set("Accept-Language", "en-GB,en;q=0.9")
	if h1 := strings.TrimSpace(english.Get(paths.SignInInstitution("northbridge")).Doc().Find("h1").Text()); !strings.HasPrefix(h1, "Sign in with ") {
		t.Errorf("an English-default institution's sign-in page, en-GB browser: h1 %q, want English", h1)
	}
	if _, err := app.Pool.Exec(t.Context(), `UPDATE institutions SET default_language = 'cy' WHERE slug = 'northbridge'`); err != nil {
		t.Fatal(err)
	}
	resp := english.Get(paths.SignInInstitution("northbridge"))
	if h1 := strings.TrimSpace(resp.Doc().Find("h1").Text()); !strings.HasPrefix(h1, "Mewngofnodi gyda ") || resp.Header.Get("Content-Language") != "cy" {
		t.Errorf("a Welsh-default institution's sign-in page, en-GB browser: h1 %q, Content-Language %q; want Welsh", h1, resp.Header.Get("Content-Language"))
	}
}

// The institution's sign-in settings page, the page adding an identity
// provider, and their forms' errors speak Welsh to an admin who asks.
func TestSignInSettingsInWelsh(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t, testkit.Working)
	a := app.Client()
	a.Header.Set("Accept-Language", "cy")
	a.SignIn("admin@northbridge.ac.uk", testkit.DemoPassword)
	for _, tc := range []struct {
		name   string
		resp   *testkit.Response
		status int
		want   []string
	}{
		{"settings", a.Get(paths.AdminSignIn), http.StatusOK, []string{"Darparwyr hunaniaeth", "Pwy sy'n mewngofnodi, a sut", "Creu tocyn darparu"}},
		{"empty settings", a.Post(paths.AdminSignIn, url.Values{}), http.StatusUnprocessableEntity,
			[]string{"Dewiswch a yw cyfrineiriau Belonging yn aros wedi'u caniatáu", "Dewiswch beth sy'n digwydd pan fydd rhywun na chafodd ei wahodd yn mewngofnodi"}},
		{"empty token", a.Post(paths.SCIMTokens, url.Values{}), http.StatusUnprocessableEntity, []string{"Dywedwch at beth mae'r tocyn"}},
		{"new provider", a.Get(paths.NewProvider("oidc")), http.StatusOK, []string{"Enw ar y botwm mewngofnodi", "Darparwr OpenID Connect arall"}},
		{"empty provider", a.Post(paths.AdminProviders, url.Values{"protocol": {"oidc"}}), http.StatusUnprocessableEntity,
			[]string{"Rhowch yr enw y mae pobl yn ei weld ar y botwm mewngofnodi", "Dewiswch y math o ddarparwr", "Rhowch yr ID cleient a roddodd y darparwr i Belonging"}},
	} {
		if tc.resp.StatusCode != tc.status {
			t.Errorf("%s in Welsh = %d, want %d", tc.name, tc.resp.StatusCode, tc.status)
		}
		text := strings.Join(strings.Fields(tc.resp.Doc().Find("body").Text()), " ")
		for _, w := range tc.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s in Welsh does not say %q:\n%s", tc.name, w, text)
			}
		}
		testkit.NoEnglishLeft(t, tc.name, text, "sso")
	}
}

// At a Welsh-default institution that makes accounts for people nobody
// invited, the admins' email about a newcomer is in Welsh first and
// English after, and the newcomer is welcomed in Welsh; one it refuses
// reads the refusal in Welsh.
func TestNewcomerInAWelshInstitution(t *testing.T) {
	t.Setenv("SSO_SECRET_TEST", "the-client-secret")
	idp := newIDProvider(t, "belonging-nb", "the-client-secret")
	app := testkit.NewApp(t, testkit.Working)
	id := addOIDCProvider(t, app, idp.issuer(), "belonging-nb")
	if _, err := app.Pool.Exec(t.Context(), `UPDATE institutions SET unknown_people = 'create', default_language = 'cy' WHERE slug = 'northbridge'`); err != nil {
		t.Fatal(err)
	}
	idp.signInAs(map[string]any{"sub": "nb-new-1", "email": "s.newcomer@northbridge.ac.uk", "email_verified": true, "name": "Sam Newcomer"}, nil, nil)
	c := app.Client()
	c.Header.Set("Accept-Language", "en-GB,en;q=0.9")
	if r := oidcSignIn(t, app, c, id); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("newcomer signing in = %d, want 303", r.StatusCode)
	}
	if flash := c.Get(paths.Home).Doc().Find(".flash").Text(); !strings.Contains(flash, "Croeso i Belonging") {
		t.Errorf("the newcomer's welcome at a Welsh-default institution = %q, want Welsh", flash)
	}
	mail := app.Mail("admin@northbridge.ac.uk")
	welsh, english := strings.Index(mail, "Mewngofnododd Sam Newcomer (s.newcomer@northbridge.ac.uk) i Belonging"), strings.Index(mail, "Sam Newcomer (s.newcomer@northbridge.ac.uk) signed in")
	if welsh < 0 || english < 0 || welsh > english {
		t.Errorf("the admins' email about the newcomer: Welsh at %d, English at %d; want both, Welsh first:\n%s", welsh, english, mail)
	}

	// Once the institution refuses people nobody invited, the refusal is
	// in its language too.
	if _, err := app.Pool.Exec(t.Context(), `UPDATE institutions SET unknown_people = 'refuse' WHERE slug = 'northbridge'`); err != nil {
		t.Fatal(err)
	}
	idp.signInAs(map[string]any{"sub": "nb-new-2", "email": "r.newcomer@northbridge.ac.uk", "email_verified": true, "name": "Rhian Newcomer"}, nil, nil)
	other := app.Client()
	other.Header.Set("Accept-Language", "en-GB,en;q=0.9")
	if r := oidcSignIn(t, app, other, id); r.StatusCode != http.StatusForbidden || title(r) != "Does gennych chi ddim cyfrif Belonging eto" {
		t.Errorf("a newcomer refused by a Welsh-default institution = %d %q, want 403 in Welsh", r.StatusCode, title(r))
	}
}
