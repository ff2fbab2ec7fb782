package config_test

import (
	"maps"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"belonging/internal/config"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadDefaults(t *testing.T) {
	cfg, err := config.Load(env(map[string]string{"DATABASE_URL": "postgres://u@localhost/db"}))
	if err != nil {
		t.Fatalf("Load() error = %v", err)
	}
	if cfg.ListenAddr != ":8080" || cfg.BaseURL.String() != "http://localhost:8080" || !cfg.Development() {
		t.Errorf("defaults = %q %q %q, want :8080, http://localhost:8080, development", cfg.ListenAddr, cfg.BaseURL, cfg.Env)
	}
	if cfg.SecureCookies() {
		t.Error("SecureCookies() = true for an http BASE_URL, want false")
	}
	if cfg.SurveyMinGroup != 10 || cfg.SurveyRetention != 1095*24*time.Hour {
		t.Errorf("survey settings = %d, %v; want 10 and 1095 days", cfg.SurveyMinGroup, cfg.SurveyRetention)
	}
	if cfg.DirectDatabaseURL != cfg.DatabaseURL || cfg.PgBouncer || cfg.ReplicaURL != "" || cfg.ReplicaMaxLag != 30*time.Second {
		t.Errorf("database settings = direct %q, pgbouncer %t, replica %q within %v; want DATABASE_URL, false, none, 30s",
			cfg.DirectDatabaseURL, cfg.PgBouncer, cfg.ReplicaURL, cfg.ReplicaMaxLag)
	}
	if cfg.SessionIdleTimeout != 2*time.Hour || cfg.SessionLifetime != 12*time.Hour {
		t.Errorf("session timeouts = %v, %v; want 2h, 12h", cfg.SessionIdleTimeout, cfg.SessionLifetime)
	}
	if cfg.LockTimeout != 2*time.Second || cfg.LockTimeout >= cfg.StatementTimeout {
		t.Errorf("lock timeout = %v, want 2s, shorter than the statement timeout %v", cfg.LockTimeout, cfg.StatementTimeout)
	}
}

// Each bad setting stops start-up with one line naming the variable.
func TestLoadRejectsBadValues(t *testing.T) {
	base := map[string]string{"DATABASE_URL": "postgres://u@localhost/db"}
	tests := []struct {
		name, key, value, wantVar string
	}{
		{"missing database", "DATABASE_URL", "", "DATABASE_URL"},
		{"not a postgres url", "DATABASE_URL", "mysql://x", "DATABASE_URL"},
		{"relative base url", "BASE_URL", "example.org", "BASE_URL"},
		{"bad log format", "LOG_FORMAT", "xml", "LOG_FORMAT"},
		{"bad duration", "SESSION_IDLE_TIMEOUT", "soon", "SESSION_IDLE_TIMEOUT"},
		{"bad number", "DB_MAX_CONNS", "many", "DB_MAX_CONNS"},
		{"no lock timeout", "DB_LOCK_TIMEOUT", "0s", "DB_LOCK_TIMEOUT"},
		{"bad bool", "MIGRATE_ON_START", "perhaps", "MIGRATE_ON_START"},
		{"bad proxy", "TRUSTED_PROXIES", "10.0.0.0/8, nonsense", "TRUSTED_PROXIES"},
		{"unknown env", "APP_ENV", "staging", "APP_ENV"},
		{"plain http in production", "APP_ENV", "production", "BASE_URL"},
		{"survey groups too small", "SURVEY_MIN_GROUP", "4", "SURVEY_MIN_GROUP"},
		{"survey groups not a number", "SURVEY_MIN_GROUP", "ten", "SURVEY_MIN_GROUP"},
		{"retention not days", "SURVEY_RETENTION", "3y", "SURVEY_RETENTION"},
		{"no retention", "SURVEY_RETENTION", "0", "SURVEY_RETENTION"},
		{"metrics without a port", "METRICS_ADDR", "127.0.0.1", "METRICS_ADDR"},
		{"profiler on the network", "PPROF_ADDR", "0.0.0.0:6060", "PPROF_ADDR"},
		{"profiler on every address", "PPROF_ADDR", ":6060", "PPROF_ADDR"},
		{"profiler without a port", "PPROF_ADDR", "127.0.0.1", "PPROF_ADDR"},
		{"network threshold too small", "NETWORK_MIN_INSTITUTIONS", "2", "NETWORK_MIN_INSTITUTIONS"},
		{"encryption key too short", "SSO_ENCRYPTION_KEY", "c2hvcnQ=", "SSO_ENCRYPTION_KEY"},
		{"encryption key not base64", "SSO_ENCRYPTION_KEY", "not a key at all!", "SSO_ENCRYPTION_KEY"},
		{"SAML certificate without its key", "SAML_SP_CERT_FILE", "/etc/belonging/sp.crt", "SAML_SP_CERT_FILE"},
		{"signing key too short", "SIGNING_KEY", "short", "SIGNING_KEY"},
		{"jobs rescued while running", "JOB_RESCUE_AFTER", "10m", "JOB_RESCUE_AFTER"},
		{"worker health without a port", "WORKER_HEALTH_ADDR", "8081", "WORKER_HEALTH_ADDR"},
		{"replica lag finer than measured", "DATABASE_REPLICA_MAX_LAG", "500ms", "DATABASE_REPLICA_MAX_LAG"},
		{"pgbouncer not a yes or no", "DATABASE_PGBOUNCER", "transaction", "DATABASE_PGBOUNCER"},
		{"unknown smtp tls", "SMTP_TLS", "ssl", "SMTP_TLS"},
		{"unknown smtp auth", "SMTP_AUTH", "cram-md5", "SMTP_AUTH"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := map[string]string{}
			for k, v := range base {
				m[k] = v
			}
			m[tt.key] = tt.value
			if tt.name == "plain http in production" {
				m["BASE_URL"] = "http://belonging.example.ac.uk"
			}
			_, err := config.Load(env(m))
			if err == nil {
				t.Fatalf("Load(%s=%q) error = nil, want an error naming %s", tt.key, tt.value, tt.wantVar)
			}
			if !strings.HasPrefix(err.Error(), tt.wantVar+" ") || strings.Contains(err.Error(), "\n") {
				t.Errorf("Load(%s=%q) error = %q, want one line starting with %s", tt.key, tt.value, err, tt.wantVar)
			}
		})
	}
}

func TestHTTPSBaseURLMakesCookiesSecure(t *testing.T) {
	cfg, err := config.Load(env(map[string]string{
		"DATABASE_URL": "postgres://u@localhost/db",
		"BASE_URL":     "https://belonging.example.ac.uk/",
		"APP_ENV":      "production",
		"SIGNING_KEY":  "a production secret of forty-odd characters",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.SecureCookies() || cfg.LogFormat != "json" {
		t.Errorf("SecureCookies() = %v, LogFormat = %q; want true, json", cfg.SecureCookies(), cfg.LogFormat)
	}
}

func TestSurveySettings(t *testing.T) {
	for _, tt := range []struct {
		min, retention string
		wantMin        int
		wantDays       int
	}{
		{"5", "30", 5, 30},
		{"25", "730d", 25, 730},
	} {
		cfg, err := config.Load(env(map[string]string{"DATABASE_URL": "postgres://u@localhost/db", "SURVEY_MIN_GROUP": tt.min, "SURVEY_RETENTION": tt.retention}))
		if err != nil {
			t.Fatalf("Load(SURVEY_MIN_GROUP=%s, SURVEY_RETENTION=%s) error = %v", tt.min, tt.retention, err)
		}
		if cfg.SurveyMinGroup != tt.wantMin || cfg.SurveyRetention != time.Duration(tt.wantDays)*24*time.Hour {
			t.Errorf("Load(%s, %s) = %d, %v; want %d, %d days", tt.min, tt.retention, cfg.SurveyMinGroup, cfg.SurveyRetention, tt.wantMin, tt.wantDays)
		}
	}
}

// The mail settings are checked together: a password never crosses the
// network without TLS, and XOAUTH2 needs its app registration.
func TestMailSettings(t *testing.T) {
	base := map[string]string{"DATABASE_URL": "postgres://u@localhost/db", "SMTP_HOST": "smtp.example.ac.uk"}
	for _, tt := range []struct {
		name    string
		set     map[string]string
		wantVar string
	}{
		{"password in clear text", map[string]string{"SMTP_USERNAME": "u", "SMTP_PASSWORD": "p", "SMTP_TLS": "none"}, "SMTP_TLS"},
		{"login without a password", map[string]string{"SMTP_USERNAME": "u", "SMTP_AUTH": "login"}, "SMTP_PASSWORD"},
		{"xoauth2 without a tenant", map[string]string{"SMTP_USERNAME": "u", "SMTP_AUTH": "xoauth2"}, "SMTP_OAUTH_TENANT"},
		{"xoauth2 without a client", map[string]string{"SMTP_USERNAME": "u", "SMTP_AUTH": "xoauth2", "SMTP_OAUTH_TENANT": "t"}, "SMTP_OAUTH_CLIENT_ID"},
		{"xoauth2 token over http", map[string]string{"SMTP_USERNAME": "u", "SMTP_AUTH": "xoauth2", "SMTP_OAUTH_TOKEN_URL": "http://login.example.org/token",
			"SMTP_OAUTH_CLIENT_ID": "c", "SMTP_OAUTH_CLIENT_SECRET": "s"}, "SMTP_OAUTH_TOKEN_URL"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := maps.Clone(base)
			maps.Copy(m, tt.set)
			_, err := config.Load(env(m))
			if err == nil || !strings.HasPrefix(err.Error(), tt.wantVar+" ") {
				t.Errorf("Load(%v) error = %v, want one naming %s", tt.set, err, tt.wantVar)
			}
		})
	}

	m := maps.Clone(base)
	maps.Copy(m, map[string]string{"SMTP_PORT": "465", "SMTP_USERNAME": "belonging@example.ac.uk", "SMTP_AUTH": "xoauth2",
		"SMTP_OAUTH_TENANT": "contoso", "SMTP_OAUTH_CLIENT_ID": "c", "SMTP_OAUTH_CLIENT_SECRET": "s"})
	cfg, err := config.Load(env(m))
	if err != nil {
		t.Fatal(err)
	}
	want := "https://login.microsoftonline.com/contoso/oauth2/v2.0/token"
	if cfg.SMTPTLS != "implicit" || cfg.SMTPOAuthTokenURL != want {
		t.Errorf("port 465 with a tenant: SMTPTLS = %q, token URL = %q; want implicit, %s", cfg.SMTPTLS, cfg.SMTPOAuthTokenURL, want)
	}
}

func TestFileStores(t *testing.T) {
	azure := map[string]string{"BLOB_BACKEND": "azure", "AZURE_STORAGE_ACCOUNT": "uniexample",
		"AZURE_STORAGE_KEY": "a2V5", "AZURE_STORAGE_CONTAINER": "evidence"}
	tests := []struct {
		name    string
		env     map[string]string
		wantErr string // the variable the error names, or "" for none
	}{
		{"filesystem by default", nil, ""},
		{"azure", azure, ""},
		{"azure without a key", with(azure, "AZURE_STORAGE_KEY", ""), "AZURE_STORAGE_KEY"},
		{"azure without a container", with(azure, "AZURE_STORAGE_CONTAINER", ""), "AZURE_STORAGE_CONTAINER"},
		{"azure with an emulator", with(azure, "AZURE_STORAGE_ENDPOINT", "http://127.0.0.1:10000/uniexample"), ""},
		{"azure with a bare host", with(azure, "AZURE_STORAGE_ENDPOINT", "uniexample.blob.core.windows.net"), "AZURE_STORAGE_ENDPOINT"},
		{"s3 without a secret", map[string]string{"BLOB_BACKEND": "s3", "S3_ENDPOINT": "s3.example", "S3_BUCKET": "b", "S3_ACCESS_KEY": "a"}, "S3_SECRET_KEY"},
		{"unknown store", map[string]string{"BLOB_BACKEND": "gcs"}, "BLOB_BACKEND"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := config.Load(env(with(tt.env, "DATABASE_URL", "postgres://u@localhost/db")))
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Load() error = %v, want none", err)
				}
				if tt.env["BLOB_BACKEND"] == "azure" && (cfg.BlobBackend != "azure" || cfg.AzureAccount != "uniexample" || cfg.AzureContainer != "evidence") {
					t.Errorf("Load() = backend %q, account %q, container %q; want azure, uniexample, evidence", cfg.BlobBackend, cfg.AzureAccount, cfg.AzureContainer)
				}
				return
			}
			if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr+" ") {
				t.Errorf("Load() error = %v, want one naming %s", err, tt.wantErr)
			}
		})
	}
}

func TestTracingSettings(t *testing.T) {
	base := map[string]string{"DATABASE_URL": "postgres://u@localhost/db"}
	cfg, err := config.Load(env(base))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.OTLPEndpoint != "" || cfg.ServiceName != "belonging" || cfg.TraceSampleRatio != 1 {
		t.Errorf("defaults = %q, %q, %v; want no endpoint, belonging, 1", cfg.OTLPEndpoint, cfg.ServiceName, cfg.TraceSampleRatio)
	}
	set := with(with(with(base, "OTEL_EXPORTER_OTLP_ENDPOINT", "https://otel.example.ac.uk:4318/"),
		"OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Bearer%20s3cret, x-tenant=belonging"), "OTEL_TRACES_SAMPLER_ARG", "0.25")
	cfg, err = config.Load(env(set))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.OTLPEndpoint != "https://otel.example.ac.uk:4318" || cfg.TraceSampleRatio != 0.25 ||
		cfg.OTLPHeaders["Authorization"] != "Bearer s3cret" || cfg.OTLPHeaders["x-tenant"] != "belonging" {
		t.Errorf("Load() = %q, %v, %v", cfg.OTLPEndpoint, cfg.TraceSampleRatio, cfg.OTLPHeaders)
	}
	for name, value := range map[string]string{
		"OTEL_EXPORTER_OTLP_ENDPOINT": "otel:4318",
		"OTEL_EXPORTER_OTLP_HEADERS":  "Authorization",
		"OTEL_TRACES_SAMPLER_ARG":     "2",
	} {
		_, err := config.Load(env(with(base, name, value)))
		if err == nil || !strings.HasPrefix(err.Error(), name+" ") {
			t.Errorf("Load(%s=%q) error = %v, want one naming %s", name, value, err, name)
		}
		if err != nil && name == "OTEL_EXPORTER_OTLP_HEADERS" && strings.Contains(err.Error(), value) {
			t.Errorf("Load(%s) error = %q repeats the value, which may be a secret", name, err)
		}
	}
}

// with returns a copy of m with key set to value.
func with(m map[string]string, key, value string) map[string]string {
	out := map[string]string{key: value}
	for k, v := range m {
		if k != key {
			out[k] = v
		}
	}
	return out
}

// The VM environment file template (deploy/vm/belonging.env) names every
// setting of the README's table, and what it sets is a valid
// configuration.
func TestVMEnvironmentTemplate(t *testing.T) {
	raw, err := os.ReadFile("../../deploy/vm/belonging.env")
	if err != nil {
		t.Fatal(err)
	}
	set := map[string]string{}
	named := map[string]bool{}
	for _, line := range strings.Split(string(raw), "\n") {
		active := !strings.HasPrefix(line, "#")
		name, value, ok := strings.Cut(strings.TrimPrefix(line, "#"), "=")
		if !ok || name == "" || strings.ContainsAny(name, " #") {
			continue
		}
		named[name] = true
		if active {
			// systemd, like a shell, takes the quotes off a quoted value.
			if unquoted, err := strconv.Unquote(value); err == nil {
				value = unquoted
			}
			set[name] = value
		}
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, _ := strings.Cut(string(readme), "\n## Configuration\n")
	table, _, _ = strings.Cut(table, "\n## ")
	settings := 0
	for _, line := range strings.Split(table, "\n") {
		first, _, _ := strings.Cut(strings.TrimPrefix(line, "| "), " |")
		for _, m := range regexp.MustCompile("`([A-Z][A-Z0-9_]+)`").FindAllStringSubmatch(first, -1) {
			settings++
			if !named[m[1]] {
				t.Errorf("%s (in the README's configuration table) is missing from deploy/vm/belonging.env", m[1])
			}
		}
	}
	if settings < 20 {
		t.Fatalf("found %d settings in the README's configuration table", settings)
	}
	cfg, err := config.Load(env(set))
	if err != nil {
		t.Fatalf("the template's settings do not load: %v", err)
	}
	if cfg.SMTPFrom != "Belonging <belonging@example.ac.uk>" {
		t.Errorf("SMTP_FROM = %q, want the quoted value without its quotes", cfg.SMTPFrom)
	}
	if cfg.Development() || !cfg.SecureCookies() || len(cfg.TrustedProxies) == 0 {
		t.Errorf("template = %s, secure cookies %v, trusted proxies %v; want production behind a trusted proxy over https", cfg.Env, cfg.SecureCookies(), cfg.TrustedProxies)
	}
}

// Production serves metrics on a loopback address of their own unless told
// otherwise; development serves them with the app.
func TestMetricsAddressDefaults(t *testing.T) {
	base := map[string]string{"DATABASE_URL": "postgres://u@localhost/db", "BASE_URL": "https://belonging.example.ac.uk",
		"SIGNING_KEY": "a-signing-key-of-at-least-32-characters"}
	for _, tc := range []struct{ env, set, want string }{
		{"development", "", ""},
		{"production", "", "127.0.0.1:9090"},
		{"production", "10.0.0.5:9100", "10.0.0.5:9100"},
	} {
		m := map[string]string{"APP_ENV": tc.env, "METRICS_ADDR": tc.set}
		for k, v := range base {
			m[k] = v
		}
		cfg, err := config.Load(env(m))
		if err != nil {
			t.Fatalf("Load(APP_ENV=%s METRICS_ADDR=%q): %v", tc.env, tc.set, err)
		}
		if cfg.MetricsAddr != tc.want {
			t.Errorf("Load(APP_ENV=%s METRICS_ADDR=%q).MetricsAddr = %q, want %q", tc.env, tc.set, cfg.MetricsAddr, tc.want)
		}
	}
}
