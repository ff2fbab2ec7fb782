package sso_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/beevik/etree"
	"github.com/crewjam/saml"
	"github.com/crewjam/saml/samlidp"

	"belonging/internal/config"
	"belonging/internal/sso"
	"belonging/internal/testkit"
	"belonging/web/paths"
)

// samlIdP is crewjam/saml's identity provider, serving its metadata, SSO
// and login endpoints over HTTP in the test. spoil, when set, changes each
// assertion it makes before signing it.
type samlIdP struct {
	t    *testing.T
	srv  *httptest.Server
	idp  *samlidp.Server
	mu   sync.Mutex
	harm func(*saml.Assertion)
}

func (s *samlIdP) MakeAssertion(req *saml.IdpAuthnRequest, session *saml.Session) error {
	if err := (saml.DefaultAssertionMaker{}).MakeAssertion(req, session); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.harm != nil {
		s.harm(req.Assertion)
	}
	return nil
}

func (s *samlIdP) spoil(f func(*saml.Assertion)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.harm = f
}

func newSAMLIdP(t *testing.T) *samlIdP {
	t.Helper()
	certPEM, keyPEM, err := sso.NewSPKeyPair("idp.test", 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := sso.ParseSPKeys(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	s := &samlIdP{t: t, srv: httptest.NewUnstartedServer(nil)}
	base, _ := url.Parse("http://" + s.srv.Listener.Addr().String())
	s.idp, err = samlidp.New(samlidp.Options{URL: *base, Key: keys.Key, Certificate: keys.Cert, Store: &samlidp.MemoryStore{}})
	if err != nil {
		t.Fatal(err)
	}
	s.idp.IDP.AssertionMaker = s
	s.srv.Config.Handler = s.idp
	s.srv.Start()
	t.Cleanup(s.srv.Close)
	s.put("/users/helen", map[string]any{"password": "idp-password", "email": "director@northbridge.ac.uk",
		"common_name": "Helen Carter", "scoped_affiliation": "staff@northbridge.ac.uk"})
	return s
}

func (s *samlIdP) put(path string, body any) {
	s.t.Helper()
	var b []byte
	switch v := body.(type) {
	case []byte:
		b = v
	default:
		var err error
		if b, err = json.Marshal(v); err != nil {
			s.t.Fatal(err)
		}
	}
	req, err := http.NewRequest(http.MethodPut, s.srv.URL+path, bytes.NewReader(b))
	if err != nil {
		s.t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		msg, _ := io.ReadAll(resp.Body)
		s.t.Fatalf("PUT %s at the IdP = %d: %s", path, resp.StatusCode, msg)
	}
}

// registerSP gives the IdP the app's SP metadata, as IT registers it.
// Without encryption, the encryption key is left out, so that the IdP
// sends the assertion signed but in clear.
func (s *samlIdP) registerSP(app *testkit.App, encrypt bool) {
	s.t.Helper()
	md := app.Client().Get(paths.SAMLMetadata("northbridge"))
	if md.StatusCode != http.StatusOK {
		s.t.Fatalf("GET SP metadata = %d", md.StatusCode)
	}
	body := md.Body
	if !encrypt {
		doc := etree.NewDocument()
		if err := doc.ReadFromBytes(body); err != nil {
			s.t.Fatal(err)
		}
		for _, kd := range doc.FindElements("//KeyDescriptor[@use='encryption']") {
			kd.Parent().RemoveChild(kd)
		}
		var err error
		if body, err = doc.WriteToBytes(); err != nil {
			s.t.Fatal(err)
		}
	}
	s.put("/services/belonging", body)
}

func addSAMLProvider(t *testing.T, app *testkit.App, metadataURL string) int64 {
	t.Helper()
	var id int64
	err := app.Pool.QueryRow(context.Background(), `
		INSERT INTO identity_providers (institution_id, protocol, name, enabled, saml_metadata_url)
		SELECT id, 'saml', 'Northbridge single sign-on', true, $1 FROM institutions WHERE slug = 'northbridge'
		RETURNING id`, metadataURL).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// samlAnswer is the form the IdP has the browser post to the app.
type samlAnswer struct {
	action string
	form   url.Values
}

// samlSignIn starts a sign-in at the app, signs in at the IdP's login
// form and returns the IdP's answer, not yet posted.
func samlSignIn(t *testing.T, app *testkit.App, c *testkit.Client, s *samlIdP, providerID int64) samlAnswer {
	t.Helper()
	start := c.Get(paths.SSOStart(providerID, "", ""))
	if start.StatusCode != http.StatusFound {
		t.Fatalf("GET start = %d, want 302\n%s", start.StatusCode, start.Text())
	}
	// Helen is signed in at her IdP already (its session cookie is in
	// this browser), so the IdP answers the request at once.
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	browser := &http.Client{Jar: jar}
	login, err := browser.PostForm(s.srv.URL+"/login", url.Values{"user": {"helen"}, "password": {"idp-password"}})
	if err != nil {
		t.Fatal(err)
	}
	login.Body.Close()
	if login.StatusCode != http.StatusOK {
		t.Fatalf("sign in at the IdP = %d", login.StatusCode)
	}
	answer := formAt(t, browser, start.Header.Get("Location"))
	if answer.form.Get("SAMLResponse") == "" || !strings.HasPrefix(answer.action, app.Config.BaseURL.String()) {
		t.Fatalf("IdP answered a form to %q without a SAMLResponse", answer.action)
	}
	return answer
}

// formAt fetches a page and reads its one form.
func formAt(t *testing.T, browser *http.Client, address string) samlAnswer {
	t.Helper()
	resp, err := browser.Get(address)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	form := doc.Find("form").First()
	if resp.StatusCode != http.StatusOK || form.Length() == 0 {
		t.Fatalf("GET %s = %d without a form: %s", address, resp.StatusCode, doc.Text())
	}
	out := samlAnswer{action: form.AttrOr("action", ""), form: url.Values{}}
	form.Find("input[name]").Each(func(_ int, in *goquery.Selection) {
		out.form.Set(in.AttrOr("name", ""), in.AttrOr("value", ""))
	})
	return out
}

// post delivers the IdP's answer to an app server's assertion consumer
// service (the address is the same on every server; only the host
// differs).
func post(t *testing.T, app *testkit.App, c *testkit.Client, a samlAnswer) *testkit.Response {
	t.Helper()
	return c.Post(strings.TrimPrefix(a.action, app.Config.BaseURL.String()), a.form)
}

// editResponse changes the XML of the answer, as someone on the way could.
func editResponse(t *testing.T, a samlAnswer, edit func(doc *etree.Document)) samlAnswer {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(a.form.Get("SAMLResponse"))
	if err != nil {
		t.Fatal(err)
	}
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(raw); err != nil {
		t.Fatal(err)
	}
	edit(doc)
	out, err := doc.WriteToBytes()
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{}
	for k, v := range a.form {
		form[k] = v
	}
	form.Set("SAMLResponse", base64.StdEncoding.EncodeToString(out))
	return samlAnswer{action: a.action, form: form}
}

func title(r *testkit.Response) string { return strings.TrimSpace(r.Doc().Find("h1").First().Text()) }

func TestSAMLSignInThroughTheIdP(t *testing.T) {
	s := newSAMLIdP(t)
	app := testkit.NewApp(t)
	s.registerSP(app, true)
	id := addSAMLProvider(t, app, s.srv.URL+"/metadata")

	c := app.Client()
	acs := post(t, app, c, samlSignIn(t, app, c, s, id))
	if acs.StatusCode != http.StatusSeeOther || acs.Header.Get("Location") != paths.SSOComplete {
		t.Fatalf("ACS = %d to %q, want 303 to %s\n%s", acs.StatusCode, acs.Header.Get("Location"), paths.SSOComplete, title(acs))
	}
	done := c.Get(paths.SSOComplete)
	if done.StatusCode != http.StatusSeeOther || done.Header.Get("Location") != paths.Home {
		t.Fatalf("complete = %d to %q, want 303 to /\n%s", done.StatusCode, done.Header.Get("Location"), title(done))
	}
	if home := c.Get(paths.Home); home.StatusCode != http.StatusOK || !strings.Contains(home.Text(), "Dr Helen Carter") {
		t.Fatalf("home after sign-in = %d, want 200 naming Dr Helen Carter", home.StatusCode)
	}
	var subject string
	if err := app.Pool.QueryRow(context.Background(), `SELECT subject FROM sso_identities WHERE provider_id = $1`, id).Scan(&subject); err != nil {
		t.Fatal(err)
	}
	if subject != "director@northbridge.ac.uk" {
		t.Errorf("linked subject = %q, want the eduPersonPrincipalName director@northbridge.ac.uk", subject)
	}
}

// Answers that are altered, unsigned, expired, for another service or
// used twice are refused with their own page and start no session; a
// replay is refused by a second app server too, which shares the record of
// accepted assertions through PostgreSQL.
func TestSAMLRefusesBadAnswers(t *testing.T) {
	s := newSAMLIdP(t)
	app := testkit.NewApp(t)
	other := testkit.NewAppWithDB(t, app.DBURL, func(c *config.Config) {
		c.BaseURL, c.DataDir = app.Config.BaseURL, app.Config.DataDir
	})
	s.registerSP(app, false)
	id := addSAMLProvider(t, app, s.srv.URL+"/metadata")

	refused := func(t *testing.T, app *testkit.App, c *testkit.Client, a samlAnswer, want string) {
		t.Helper()
		resp := post(t, app, c, a)
		if resp.StatusCode != http.StatusSeeOther {
			if got := title(resp); resp.StatusCode < 400 || resp.StatusCode >= 500 || got != want {
				t.Errorf("ACS = %d %q, want a 4xx %q", resp.StatusCode, got, want)
			}
		} else {
			t.Errorf("ACS accepted the answer (303 to %s), want %q", resp.Header.Get("Location"), want)
			c.Get(paths.SSOComplete)
		}
		if home := c.Get(paths.Home); home.StatusCode != http.StatusSeeOther {
			t.Errorf("GET / after a refused answer = %d, want 303 to sign in", home.StatusCode)
		}
	}

	t.Run("tampered", func(t *testing.T) {
		c := app.Client()
		a := editResponse(t, samlSignIn(t, app, c, s, id), func(doc *etree.Document) {
			for _, v := range doc.FindElements("//AttributeValue") {
				if v.Text() == "director@northbridge.ac.uk" {
					v.SetText("admin@northbridge.ac.uk")
				}
			}
		})
		refused(t, app, c, a, "This sign-in could not be verified")
	})
	t.Run("unsigned", func(t *testing.T) {
		c := app.Client()
		a := editResponse(t, samlSignIn(t, app, c, s, id), func(doc *etree.Document) {
			for _, sig := range doc.FindElements("//Signature") {
				sig.Parent().RemoveChild(sig)
			}
		})
		refused(t, app, c, a, "This sign-in was not signed")
	})
	t.Run("expired", func(t *testing.T) {
		c := app.Client()
		past := time.Now().Add(-20 * time.Minute)
		s.spoil(func(a *saml.Assertion) {
			a.Conditions.NotBefore, a.Conditions.NotOnOrAfter = past.Add(-5*time.Minute), past
			for i := range a.Subject.SubjectConfirmations {
				a.Subject.SubjectConfirmations[i].SubjectConfirmationData.NotOnOrAfter = past
			}
		})
		defer s.spoil(nil)
		refused(t, app, c, samlSignIn(t, app, c, s, id), "This sign-in has expired")
	})
	t.Run("wrong audience", func(t *testing.T) {
		c := app.Client()
		s.spoil(func(a *saml.Assertion) {
			a.Conditions.AudienceRestrictions = []saml.AudienceRestriction{{Audience: saml.Audience{Value: "https://other-service.example/shibboleth"}}}
		})
		defer s.spoil(nil)
		refused(t, app, c, samlSignIn(t, app, c, s, id), "This sign-in was meant for another service")
	})
	t.Run("replayed", func(t *testing.T) {
		c := app.Client()
		a := samlSignIn(t, app, c, s, id)
		if resp := post(t, app, c, a); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("first delivery = %d %q, want 303", resp.StatusCode, title(resp))
		}
		// Someone who captured the answer delivers it again, to this
		// server and to another one.
		thief := app.Client()
		refused(t, app, thief, a, "This sign-in has already been used")
		refused(t, other, thief.On(other), a, "This sign-in has already been used")
	})
	var links int
	if err := app.Pool.QueryRow(context.Background(), `SELECT count(*) FROM sso_identities`).Scan(&links); err != nil {
		t.Fatal(err)
	}
	if links != 0 {
		t.Errorf("%d identities linked, want 0: no answer was collected by the browser that asked", links)
	}
}
