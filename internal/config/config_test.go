package config_test

import (
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

// Production serves metrics on a loopback address of their own unless told
// otherwise; development serves them with the app.
func TestMetricsAddressDefaults(t *testing.T) {
	base := map[string]string{"DATABASE_URL": "postgres://u@localhost/db", "BASE_URL": "https://belonging.example.ac.uk"}
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
