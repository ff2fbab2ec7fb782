package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/pem"
	"encoding/xml"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"
	"github.com/crewjam/saml"
	dsig "github.com/russellhaering/goxmldsig"

	"belonging/internal/sso"
	"belonging/internal/testkit"
	"belonging/web/paths"
)

// ssoRun runs "belonging institution sso …" against app's database and
// returns what it printed and its error.
func ssoRun(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	var out, errs bytes.Buffer
	err := run(context.Background(), append([]string{"institution", "sso"}, args...), strings.NewReader(stdin), &out, &errs)
	return out.String() + errs.String(), err
}

func ssoApp(t *testing.T) *testkit.App {
	t.Helper()
	app := testkit.NewApp(t)
	t.Setenv("DATABASE_URL", app.DBURL)
	t.Setenv("BASE_URL", app.Config.BaseURL.String())
	t.Setenv("SSO_ENCRYPTION_KEY", "")
	return app
}

// queryInt runs a query that answers one number.
func queryInt(t *testing.T, app *testkit.App, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := app.Pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

var addedProvider = regexp.MustCompile(`added provider (\d+),`)

func providerID(t *testing.T, out string) int64 {
	t.Helper()
	m := addedProvider.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("output %q names no added provider", out)
	}
	id, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// The operator's command checks a provider as the admin page does, keeps
// secrets out of the database, audits as the system, and sets up the
// network's provider that only it can make.
func TestInstitutionSSOAddsCheckedAuditedProviders(t *testing.T) {
	app := ssoApp(t)
	count := func() int { return queryInt(t, app, `SELECT count(*) FROM identity_providers`) }
	before := count()

	out, err := ssoRun(t, "", "add-oidc", "-institution", "northbridge", "-name", "Northbridge staff", "-tenant", "common",
		"-client-id", "app-1", "-secret-ref", "env:SSO_SECRET_NORTHBRIDGE")
	if err == nil || !strings.Contains(err.Error(), "-tenant:") {
		t.Errorf("add-oidc with tenant common = %v (%s), want a refusal at -tenant", err, out)
	}
	if _, err := ssoRun(t, "", "add-oidc", "-institution", "nowhere", "-name", "X", "-tenant", "72f988bf-86f1-41af-91ab-2d7cd011db47", "-client-id", "a",
		"-secret-ref", "env:SSO_SECRET_X"); err == nil || !strings.Contains(err.Error(), `no institution "nowhere"`) {
		t.Errorf("add-oidc for an unknown institution = %v, want it named", err)
	}
	if _, err := ssoRun(t, "s3cret-from-entra\n", "add-oidc", "-institution", "northbridge", "-name", "Sealed", "-tenant", "72f988bf-86f1-41af-91ab-2d7cd011db47",
		"-client-id", "app-2", "-secret-stdin"); err == nil || !strings.Contains(err.Error(), "SSO_ENCRYPTION_KEY") {
		t.Errorf("add-oidc -secret-stdin without a sealing key = %v, want a refusal naming SSO_ENCRYPTION_KEY", err)
	}
	if _, err := ssoRun(t, "", "add-saml", "-network", "-name", "Fed", "-metadata-url", "https://idp.example.ac.uk/md"); err == nil {
		t.Error("add-saml -network succeeded, want a refusal")
	}
	if got := count(); got != before {
		t.Fatalf("providers after refused commands = %d, want %d", got, before)
	}

	out, err = ssoRun(t, "", "add-oidc", "-institution", "northbridge", "-name", "Northbridge staff", "-tenant", "72F988BF-86F1-41AF-91AB-2D7CD011DB47",
		"-client-id", "app-1", "-secret-ref", "env:SSO_SECRET_NORTHBRIDGE")
	if err != nil {
		t.Fatalf("add-oidc: %v\n%s", err, out)
	}
	id := providerID(t, out)
	var issuer string
	var enabled, actorNull bool
	if err := app.Pool.QueryRow(context.Background(), `SELECT oidc_issuer, enabled FROM identity_providers WHERE id = $1`, id).Scan(&issuer, &enabled); err != nil {
		t.Fatal(err)
	}
	if want := sso.EntraIssuer("72f988bf-86f1-41af-91ab-2d7cd011db47"); issuer != want || enabled {
		t.Errorf("provider %d: issuer %q, enabled %v; want %q, hidden", id, issuer, enabled, want)
	}
	if err := app.Pool.QueryRow(context.Background(), `SELECT actor_id IS NULL FROM audit_log a JOIN institutions i ON i.id = a.institution_id
		WHERE i.slug = 'northbridge' AND a.action = 'create' AND a.entity = 'identity_provider' AND a.entity_id = $1`, id).Scan(&actorNull); err != nil || !actorNull {
		t.Errorf("audit entry for provider %d: system = %v, err %v; want one by the system in Northbridge's log", id, actorNull, err)
	}
	list, err := ssoRun(t, "", "list", "-institution", "northbridge")
	if err != nil || !regexp.MustCompile(fmt.Sprintf(`(?m)^%d\s+Northbridge staff\s+OpenID Connect \(entra\)\s+no\s+not yet$`, id)).MatchString(list) {
		t.Errorf("list = %v\n%s\nwant provider %d hidden and not yet worked", err, list, id)
	}

	key := make([]byte, 32)
	for i := range key {
		key[i] = byte(i + 7)
	}
	t.Setenv("SSO_ENCRYPTION_KEY", base64.StdEncoding.EncodeToString(key))
	out, err = ssoRun(t, "s3cret-from-entra\n", "add-oidc", "-institution", "northbridge", "-name", "Sealed", "-tenant", "72f988bf-86f1-41af-91ab-2d7cd011db47",
		"-client-id", "app-2", "-secret-stdin")
	if err != nil {
		t.Fatalf("add-oidc -secret-stdin: %v\n%s", err, out)
	}
	sealed := providerID(t, out)
	if n := queryInt(t, app, `SELECT count(*) FROM identity_providers WHERE id = $1 AND oidc_secret_sealed IS NOT NULL
		AND position('s3cret-from-entra'::bytea IN oidc_secret_sealed) = 0 AND oidc_secret_ref = ''`, sealed); n != 1 {
		t.Errorf("provider %d keeps its secret sealed: %d rows, want 1", sealed, n)
	}
	if n := queryInt(t, app, `SELECT count(*) FROM audit_log WHERE changes::text LIKE '%s3cret%'`); n != 0 {
		t.Errorf("audit entries holding the secret = %d, want 0", n)
	}

	out, err = ssoRun(t, "", "add-oidc", "-network", "-name", "Belonging network Google", "-flavour", "google",
		"-client-id", "network-app", "-secret-ref", "env:SSO_SECRET_NETWORK", "-enable")
	if err != nil {
		t.Fatalf("add-oidc -network: %v\n%s", err, out)
	}
	network := providerID(t, out)
	if n := queryInt(t, app, `SELECT count(*) FROM identity_providers WHERE id = $1 AND institution_id IS NULL AND enabled`, network); n != 1 {
		t.Errorf("network provider %d: %d rows without an institution, want 1", network, n)
	}
	if n := queryInt(t, app, `SELECT count(*) FROM audit_log WHERE institution_id IS NULL AND actor_id IS NULL AND entity = 'identity_provider' AND entity_id = $1`, network); n != 1 {
		t.Errorf("audit entries for the network provider = %d, want 1", n)
	}
	page := app.Client().Get(paths.SignIn)
	if !strings.Contains(string(page.Body), "Belonging network Google") {
		t.Error("the sign-in page does not offer the network's provider")
	}
	if strings.Contains(string(page.Body), "Northbridge staff") {
		t.Error("the sign-in page offers an institution's hidden provider")
	}
}

// Passwords go off only with a provider that has worked and a break-glass
// admin, and the last way in cannot then be hidden or removed.
func TestInstitutionSSOKeepsAWayIn(t *testing.T) {
	app := ssoApp(t)
	passwords := func() bool {
		var allowed bool
		if err := app.Pool.QueryRow(context.Background(), `SELECT passwords_allowed FROM institutions WHERE slug = 'northbridge'`).Scan(&allowed); err != nil {
			t.Fatal(err)
		}
		return allowed
	}
	if _, err := ssoRun(t, "", "settings", "-institution", "northbridge", "-passwords", "off"); err == nil || !strings.Contains(err.Error(), "-passwords:") {
		t.Errorf("passwords off with no working provider = %v, want a refusal at -passwords", err)
	}
	out, err := ssoRun(t, "", "add-oidc", "-institution", "northbridge", "-name", "Northbridge staff", "-tenant", "72f988bf-86f1-41af-91ab-2d7cd011db47",
		"-client-id", "app-1", "-secret-ref", "env:SSO_SECRET_NORTHBRIDGE", "-enable")
	if err != nil {
		t.Fatalf("add-oidc: %v\n%s", err, out)
	}
	id := providerID(t, out)
	// A sign-in through it worked (the admin page's "Try signing in").
	if _, err := app.Pool.Exec(context.Background(), `UPDATE identity_providers SET verified_at = now() WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if _, err := ssoRun(t, "", "settings", "-institution", "northbridge", "-passwords", "off"); err == nil || !strings.Contains(err.Error(), "-break-glass:") {
		t.Errorf("passwords off with no break-glass admin = %v, want a refusal at -break-glass", err)
	}
	if _, err := ssoRun(t, "", "settings", "-institution", "northbridge", "-passwords", "off", "-break-glass", "director@northbridge.ac.uk"); err == nil || !strings.Contains(err.Error(), "-break-glass:") {
		t.Errorf("a director as break-glass admin = %v, want a refusal at -break-glass", err)
	}
	if _, err := ssoRun(t, "", "settings", "-institution", "northbridge", "-domains", "northbridge.ac.uk, https://x"); err == nil || !strings.Contains(err.Error(), "-domains:") {
		t.Errorf("a domain written as an address = %v, want a refusal at -domains", err)
	}
	if !passwords() {
		t.Fatal("a refused settings command turned passwords off")
	}
	if out, err := ssoRun(t, "", "settings", "-institution", "northbridge", "-passwords", "off", "-break-glass", "admin@northbridge.ac.uk",
		"-domains", "northbridge.ac.uk,nbu.ac.uk"); err != nil {
		t.Fatalf("settings: %v\n%s", err, out)
	}
	if passwords() {
		t.Error("passwords still allowed after settings -passwords off")
	}
	if n := queryInt(t, app, `SELECT count(*) FROM audit_log a JOIN institutions i ON i.id = a.institution_id
		WHERE i.slug = 'northbridge' AND a.action = 'update_sign_in' AND a.actor_id IS NULL`); n != 1 {
		t.Errorf("system's update_sign_in entries = %d, want 1", n)
	}
	if n := queryInt(t, app, `SELECT count(*) FROM institution_domains d JOIN institutions i ON i.id = d.institution_id WHERE i.slug = 'northbridge'`); n != 2 {
		t.Errorf("Northbridge's domains = %d, want 2", n)
	}
	if _, err := ssoRun(t, "", "settings", "-institution", "eastmere", "-domains", "nbu.ac.uk"); err == nil || !strings.Contains(err.Error(), "another institution's domain") {
		t.Errorf("Eastmere taking Northbridge's domain = %v, want a refusal", err)
	}
	for _, sub := range []string{"disable", "remove"} {
		if _, err := ssoRun(t, "", sub, "-id", strconv.FormatInt(id, 10)); err == nil || !strings.Contains(err.Error(), "only working provider") {
			t.Errorf("%s the last way in = %v, want a refusal", sub, err)
		}
	}
	if n := queryInt(t, app, `SELECT count(*) FROM identity_providers WHERE id = $1 AND enabled`, id); n != 1 {
		t.Fatal("the last way in was hidden or removed")
	}
	if out, err := ssoRun(t, "", "settings", "-institution", "northbridge", "-passwords", "allowed"); err != nil {
		t.Fatalf("settings -passwords allowed: %v\n%s", err, out)
	}
	if out, err := ssoRun(t, "", "disable", "-id", strconv.FormatInt(id, 10)); err != nil || !strings.Contains(out, "disabled Northbridge staff") {
		t.Errorf("disable once passwords are back = %v\n%s", err, out)
	}
	if out, err := ssoRun(t, "", "remove", "-id", strconv.FormatInt(id, 10)); err != nil {
		t.Errorf("remove = %v\n%s", err, out)
	}
	if n := queryInt(t, app, `SELECT count(*) FROM audit_log WHERE entity = 'identity_provider' AND entity_id = $1 AND actor_id IS NULL`, id); n != 3 {
		t.Errorf("system's entries for provider %d = %d, want 3 (create, update, delete)", id, n)
	}
	if _, err := ssoRun(t, "", "enable", "-id", strconv.FormatInt(id, 10)); err == nil || !strings.Contains(err.Error(), "no provider") {
		t.Errorf("enable a removed provider = %v, want 'no provider'", err)
	}
}

// A federation publishes one signed aggregate of every IdP: the command
// takes the institution's entity from it only when the federation's
// signature holds.
func TestInstitutionSSOTakesAnEntityFromASignedAggregate(t *testing.T) {
	app := ssoApp(t)
	dir := t.TempDir()
	entity := func(name string) saml.EntityDescriptor {
		certPEM, keyPEM, err := sso.NewSPKeyPair(name, 24*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		keys, err := sso.ParseSPKeys(certPEM, keyPEM)
		if err != nil {
			t.Fatal(err)
		}
		base := "https://" + name
		idp := saml.IdentityProvider{Key: keys.Key, Certificate: keys.Cert,
			MetadataURL: url.URL{Scheme: "https", Host: name, Path: "/idp/shibboleth"}, SSOURL: url.URL{Scheme: "https", Host: name, Path: "/idp/sso"}}
		ed := idp.Metadata()
		ed.EntityID = base + "/idp/shibboleth"
		return *ed
	}
	agg := saml.EntitiesDescriptor{Name: new("federation-test"), EntityDescriptors: []saml.EntityDescriptor{
		entity("idp.eastmere.ac.uk"), entity("idp.northbridge.ac.uk")}}
	raw, err := xml.Marshal(agg)
	if err != nil {
		t.Fatal(err)
	}
	fedCertPEM, fedKeyPEM, err := sso.NewSPKeyPair("federation.test", 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	fedKeys, err := sso.ParseSPKeys(fedCertPEM, fedKeyPEM)
	if err != nil {
		t.Fatal(err)
	}
	sign := func(doc []byte) []byte {
		t.Helper()
		d := etree.NewDocument()
		if err := d.ReadFromBytes(doc); err != nil {
			t.Fatal(err)
		}
		d.Root().CreateAttr("ID", "_federation-aggregate")
		ks := dsig.TLSCertKeyStore{PrivateKey: fedKeys.Key, Certificate: [][]byte{fedKeys.Cert.Raw}}
		signed, err := dsig.NewDefaultSigningContext(ks).SignEnveloped(d.Root())
		if err != nil {
			t.Fatal(err)
		}
		out := etree.NewDocument()
		out.SetRoot(signed)
		b, err := out.WriteToBytes()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	signed := sign(raw)
	good := write("aggregate.xml", signed)
	tampered := write("tampered.xml", bytes.Replace(signed, []byte("https://idp.northbridge.ac.uk/idp/sso"), []byte("https://evil.example/idp/sso"), 1))
	fedCert := write("federation.pem", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: fedKeys.Cert.Raw}))
	otherCertPEM, _, err := sso.NewSPKeyPair("other.test", 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	otherCert := write("other.pem", []byte(otherCertPEM))
	const northbridge = "https://idp.northbridge.ac.uk/idp/shibboleth"
	count := func() int { return queryInt(t, app, `SELECT count(*) FROM identity_providers WHERE protocol = 'saml'`) }
	before := count()

	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"tampered aggregate", []string{"-metadata-file", tampered, "-federation-cert-file", fedCert, "-entity-id", northbridge}, "-metadata-file:"},
		{"signed by someone else", []string{"-metadata-file", good, "-federation-cert-file", otherCert, "-entity-id", northbridge}, "-metadata-file:"},
		{"aggregate without an entity id", []string{"-metadata-file", good}, "-entity-id:"},
		{"entity not in the aggregate", []string{"-metadata-file", good, "-federation-cert-file", fedCert, "-entity-id", "https://idp.nowhere.ac.uk/idp/shibboleth"}, "-metadata-file:"},
	} {
		args := append([]string{"add-saml", "-institution", "northbridge", "-name", "UK federation"}, c.args...)
		if out, err := ssoRun(t, "", args...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: add-saml = %v\n%s\nwant a refusal at %s", c.name, err, out, c.want)
		}
	}
	if got := count(); got != before {
		t.Fatalf("SAML providers after refusals = %d, want %d", got, before)
	}
	out, err := ssoRun(t, "", "add-saml", "-institution", "northbridge", "-name", "UK federation", "-metadata-file", good,
		"-federation-cert-file", fedCert, "-entity-id", northbridge)
	if err != nil {
		t.Fatalf("add-saml from the signed aggregate: %v\n%s", err, out)
	}
	id := providerID(t, out)
	var kept, entityID string
	if err := app.Pool.QueryRow(context.Background(), `SELECT saml_metadata_xml, saml_entity_id FROM identity_providers WHERE id = $1`, id).Scan(&kept, &entityID); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(kept, northbridge) || strings.Contains(kept, "idp.eastmere.ac.uk") || entityID != northbridge {
		t.Errorf("kept entity %q with metadata naming Northbridge %v and Eastmere %v; want Northbridge's entity alone",
			entityID, strings.Contains(kept, northbridge), strings.Contains(kept, "idp.eastmere.ac.uk"))
	}
}
