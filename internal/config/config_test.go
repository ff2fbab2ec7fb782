package config_test

import (
	"maps"
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
	if cfg.SessionIdleTimeout != 2*time.Hour || cfg.SessionLifetime != 12*time.Hour {
		t.Errorf("session timeouts = %v, %v; want 2h, 12h", cfg.SessionIdleTimeout, cfg.SessionLifetime)
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
		{"bad bool", "MIGRATE_ON_START", "perhaps", "MIGRATE_ON_START"},
		{"bad proxy", "TRUSTED_PROXIES", "10.0.0.0/8, nonsense", "TRUSTED_PROXIES"},
		{"unknown env", "APP_ENV", "staging", "APP_ENV"},
		{"plain http in production", "APP_ENV", "production", "BASE_URL"},
		{"survey groups too small", "SURVEY_MIN_GROUP", "4", "SURVEY_MIN_GROUP"},
		{"survey groups not a number", "SURVEY_MIN_GROUP", "ten", "SURVEY_MIN_GROUP"},
		{"retention not days", "SURVEY_RETENTION", "3y", "SURVEY_RETENTION"},
		{"no retention", "SURVEY_RETENTION", "0", "SURVEY_RETENTION"},
		{"profiler on the network", "PPROF_ADDR", "0.0.0.0:6060", "PPROF_ADDR"},
		{"profiler on every address", "PPROF_ADDR", ":6060", "PPROF_ADDR"},
		{"profiler without a port", "PPROF_ADDR", "127.0.0.1", "PPROF_ADDR"},
		{"network threshold too small", "NETWORK_MIN_INSTITUTIONS", "2", "NETWORK_MIN_INSTITUTIONS"},
		{"signing key too short", "SIGNING_KEY", "short", "SIGNING_KEY"},
		{"jobs rescued while running", "JOB_RESCUE_AFTER", "10m", "JOB_RESCUE_AFTER"},
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
