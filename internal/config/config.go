// Package config reads the application's settings from the environment into
// one typed value. A missing or malformed value is an error that names the
// variable; nothing here panics and no secret has a default.
package config

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"belonging/internal/suppress"
)

// Config is every setting the application reads from its environment.
type Config struct {
	// Env is "development" or "production". Development serves the
	// development mailbox and allows plain-http cookies.
	Env string

	DatabaseURL string
	ListenAddr  string
	// BaseURL is where people reach the app; links in emails and feeds use
	// it, and an https BaseURL turns on Secure cookies and HSTS.
	BaseURL *url.URL

	LogFormat string // "text" or "json"
	LogLevel  string // "debug", "info", "warn", "error"

	// DataDir holds local state: evidence files (with the filesystem blob
	// store) and the development database cluster.
	DataDir string

	// MigrateOnStart runs pending migrations when serve starts.
	MigrateOnStart bool

	DBMaxConns       int32
	DBConnectTimeout time.Duration
	// StatementTimeout is set on the server for every connection.
	StatementTimeout time.Duration
	// LockTimeout is the server's lock_timeout on every connection: how
	// long a statement waits for a lock another transaction holds before
	// it gives up, so a locked table costs a request seconds, not the
	// statement timeout, and does not hold the pool's connections.
	LockTimeout time.Duration
	// RequestTimeout bounds the database work of one request.
	RequestTimeout time.Duration

	SessionIdleTimeout time.Duration
	SessionLifetime    time.Duration

	// Failed sign-ins allowed within SignInWindow before further attempts
	// get 429: per account from one client network (a /24 or a /56), per
	// account from all networks together (a much higher ceiling, so a
	// stranger cannot lock the owner out), and per client address.
	SignInAccountLimit   int
	SignInAccountCeiling int
	SignInAddressLimit   int
	SignInWindow         time.Duration

	// TrustedProxies are the addresses whose X-Forwarded-For header is
	// believed. Empty means the connection's address is the client's.
	TrustedProxies []netip.Prefix

	// MaxFormBytes caps the body of an ordinary form post.
	MaxFormBytes int64

	// SurveyMinGroup is the fewest responses a shown survey figure may rest
	// on (10, the NSS threshold, unless set; never below 5).
	SurveyMinGroup int
	// DefaultLanguage is the language ("en" or "cy") where the request
	// knows no institution, for a reader who has not chosen one and whose
	// browser does not name Welsh; an institution's own default wins.
	DefaultLanguage string
	// SurveyRetention is how long survey responses are kept after their
	// survey closes.
	SurveyRetention time.Duration
	// NetworkMinInstitutions is the fewest institutions a figure of the
	// network report may rest on (3 unless set; never below 3, since with
	// two either could subtract its own figure to learn the other's).
	NetworkMinInstitutions int

	// MetricsToken, when set, must be sent as a bearer token to read /metrics.
	MetricsToken string
	// MetricsAddr, when set, serves /metrics on its own listener apart
	// from the app: 127.0.0.1:9090 in production unless set. Production
	// serves /metrics on the app's own address only with MetricsToken.
	MetricsAddr string

	// PprofAddr, when set, serves Go's profiler (net/http/pprof) on this
	// loopback address, apart from the app: for finding out where time
	// goes under load (`make bench PROFILE=1`).
	PprofAddr string

	// UploadMaxBytes is the largest evidence file accepted.
	UploadMaxBytes int64
	// BlobBackend is "fs" (files under DataDir/blobs), "s3" or "azure".
	BlobBackend string
	S3Endpoint  string
	S3Bucket    string
	S3AccessKey string
	S3SecretKey string
	S3Region    string
	S3UseTLS    bool
	// Azure Blob storage: an account, one of its keys, a container, and the
	// blob service's address when it is not the public Azure cloud's.
	AzureAccount   string
	AzureKey       string
	AzureContainer string
	AzureEndpoint  string

	// OTLPEndpoint, when set, is the OpenTelemetry collector (OTLP over
	// HTTP) that traces are sent to; without it nothing is traced.
	OTLPEndpoint string
	// OTLPHeaders are sent with every export, such as a hosted collector's
	// API key.
	OTLPHeaders map[string]string
	// ServiceName names the application in traces.
	ServiceName string
	// TraceSampleRatio is the fraction of requests that start a trace (a
	// request whose trusted caller traces it follows the caller's choice).
	TraceSampleRatio float64

	// Workers says whether `serve` also works the job queue (sending
	// mail, the upkeep). Off, the server only enqueues, and `belonging
	// worker` processes elsewhere do the work.
	Workers bool
	// JobRescueAfter is how long a job may run before it is taken for
	// dead (its server killed) and retried elsewhere: longer than the
	// longest job (30 minutes of upkeep).
	JobRescueAfter time.Duration
	// WorkerHealthAddr, when set, is where `belonging worker` answers
	// /healthz and /readyz for a process supervisor's probes (it serves
	// no pages, so it has no other address).
	WorkerHealthAddr string

	// PgBouncer says DatabaseURL leads to PgBouncer in transaction mode:
	// no named prepared statements, no session settings at connection
	// start-up, and no LISTEN (the job queue polls instead).
	PgBouncer bool
	// DirectDatabaseURL reaches PostgreSQL itself, past any pooler: the
	// migrations hold a session lock, which a transaction pooler would
	// leave behind on one of its connections. DatabaseURL when unset.
	DirectDatabaseURL string
	// ReplicaURL, when set, is a streaming replica that reports, the case
	// study library and exports read from while it is no more than
	// ReplicaMaxLag behind the primary.
	ReplicaURL    string
	ReplicaMaxLag time.Duration

	// SigningKey signs the links in emails: one-click unsubscribe links,
	// and the invitation links the mail jobs rebuild. In development an
	// unset key is derived from DatabaseURL (SigningKeyDerived says so).
	SigningKey        []byte
	SigningKeyDerived bool

	// SMTP settings; with no SMTPHost, development keeps mail in the
	// database and production refuses to send.
	SMTPHost string
	SMTPPort int
	// SMTPTLS is "starttls", "implicit" (TLS from the first byte, port
	// 465) or "none" (a relay on this machine).
	SMTPTLS string
	// SMTPAuth is "none", "plain", "login" or "xoauth2".
	SMTPAuth     string
	SMTPUsername string
	SMTPPassword string
	SMTPFrom     string

	// Sign-in through identity providers (issue 14). SSOEncryptionKey
	// (SSO_ENCRYPTION_KEY, 32 bytes in base64) seals the OpenID Connect
	// client secrets admins paste in; without it they must name a secret
	// the operator keeps in an SSO_SECRET_* variable or a file in
	// SSOSecretsDir.
	SSOEncryptionKey []byte
	SSOSecretsDir    string
	// The SAML service provider's key pair (PEM files), used to sign
	// requests and decrypt assertions. Development makes one under
	// DataDir when they are not set.
	SAMLCertFile string
	SAMLKeyFile  string
	// SMTPCAFile names a PEM file of the certificate authority that signs
	// the mail server's certificate, for a relay with a private CA; empty
	// trusts the system's roots.
	SMTPCAFile string
	// XOAUTH2 (Exchange Online): a client-credentials token from the
	// token endpoint, for the mailbox SMTPUsername.
	SMTPOAuthTokenURL     string
	SMTPOAuthClientID     string
	SMTPOAuthClientSecret string
	SMTPOAuthScope        string
}

// Development reports whether the app runs in development mode.
func (c Config) Development() bool { return c.Env == "development" }

// SecureCookies reports whether cookies must carry the Secure attribute.
func (c Config) SecureCookies() bool { return c.BaseURL.Scheme == "https" }

// Load reads the configuration through getenv (os.Getenv in production,
// a map in tests).
func Load(getenv func(string) string) (Config, error) {
	r := reader{getenv: getenv}
	c := Config{
		Env:                    r.oneOf("APP_ENV", "development", "development", "production"),
		DatabaseURL:            r.required("DATABASE_URL"),
		ListenAddr:             r.str("LISTEN_ADDR", ":8080"),
		LogFormat:              r.oneOf("LOG_FORMAT", "", "text", "json"),
		LogLevel:               r.oneOf("LOG_LEVEL", "info", "debug", "info", "warn", "error"),
		DataDir:                r.str("DATA_DIR", ".data"),
		MigrateOnStart:         r.boolean("MIGRATE_ON_START", false),
		DBMaxConns:             int32(r.integer("DB_MAX_CONNS", 8, 1, 1000)),
		DBConnectTimeout:       r.duration("DB_CONNECT_TIMEOUT", 5*time.Second),
		StatementTimeout:       r.duration("DB_STATEMENT_TIMEOUT", 10*time.Second),
		LockTimeout:            r.duration("DB_LOCK_TIMEOUT", 2*time.Second),
		RequestTimeout:         r.duration("REQUEST_TIMEOUT", 15*time.Second),
		SessionIdleTimeout:     r.duration("SESSION_IDLE_TIMEOUT", 2*time.Hour),
		SessionLifetime:        r.duration("SESSION_LIFETIME", 12*time.Hour),
		SignInAccountLimit:     r.integer("SIGNIN_ACCOUNT_LIMIT", 5, 1, 1000),
		SignInAccountCeiling:   r.integer("SIGNIN_ACCOUNT_TOTAL_LIMIT", 50, 1, 100000),
		SignInAddressLimit:     r.integer("SIGNIN_ADDRESS_LIMIT", 20, 1, 100000),
		SignInWindow:           r.duration("SIGNIN_WINDOW", 15*time.Minute),
		TrustedProxies:         r.prefixes("TRUSTED_PROXIES"),
		MaxFormBytes:           int64(r.integer("MAX_FORM_BYTES", 1<<20, 1024, 64<<20)),
		SurveyMinGroup:         r.minGroup("SURVEY_MIN_GROUP", suppress.DefaultMinGroup),
		DefaultLanguage:        r.oneOf("DEFAULT_LANGUAGE", "en", "en", "cy"),
		SurveyRetention:        r.days("SURVEY_RETENTION", 1095),
		NetworkMinInstitutions: r.integer("NETWORK_MIN_INSTITUTIONS", 3, 3, 100),
		MetricsToken:           r.str("METRICS_TOKEN", ""),
		MetricsAddr:            r.str("METRICS_ADDR", ""),
		PprofAddr:              r.str("PPROF_ADDR", ""),
		UploadMaxBytes:         int64(r.integer("UPLOAD_MAX_BYTES", 25<<20, 1024, 1<<30)),
		BlobBackend:            r.oneOf("BLOB_BACKEND", "fs", "fs", "s3", "azure"),
		S3Endpoint:             r.str("S3_ENDPOINT", ""),
		S3Bucket:               r.str("S3_BUCKET", ""),
		S3AccessKey:            r.str("S3_ACCESS_KEY", ""),
		S3SecretKey:            r.str("S3_SECRET_KEY", ""),
		S3Region:               r.str("S3_REGION", "us-east-1"),
		S3UseTLS:               r.boolean("S3_USE_TLS", true),
		Workers:                r.boolean("WORKERS", true),
		JobRescueAfter:         r.duration("JOB_RESCUE_AFTER", time.Hour),
		WorkerHealthAddr:       r.str("WORKER_HEALTH_ADDR", ""),
		PgBouncer:              r.boolean("DATABASE_PGBOUNCER", false),
		DirectDatabaseURL:      r.str("DATABASE_DIRECT_URL", ""),
		ReplicaURL:             r.str("DATABASE_REPLICA_URL", ""),
		ReplicaMaxLag:          r.duration("DATABASE_REPLICA_MAX_LAG", 30*time.Second),
		AzureAccount:           r.str("AZURE_STORAGE_ACCOUNT", ""),
		AzureKey:               r.str("AZURE_STORAGE_KEY", ""),
		AzureContainer:         r.str("AZURE_STORAGE_CONTAINER", ""),
		AzureEndpoint:          r.str("AZURE_STORAGE_ENDPOINT", ""),
		OTLPEndpoint:           r.httpURL("OTEL_EXPORTER_OTLP_ENDPOINT"),
		OTLPHeaders:            r.headers("OTEL_EXPORTER_OTLP_HEADERS"),
		ServiceName:            r.str("OTEL_SERVICE_NAME", "belonging"),
		TraceSampleRatio:       r.ratio("OTEL_TRACES_SAMPLER_ARG", 1),
		SMTPHost:               r.str("SMTP_HOST", ""),
		SMTPPort:               r.integer("SMTP_PORT", 587, 1, 65535),
		SMTPUsername:           r.str("SMTP_USERNAME", ""),
		SMTPPassword:           r.str("SMTP_PASSWORD", ""),
		SMTPFrom:               r.str("SMTP_FROM", "Belonging <no-reply@localhost>"),
		SMTPCAFile:             r.str("SMTP_CA_FILE", ""),
		SMTPOAuthClientID:      r.str("SMTP_OAUTH_CLIENT_ID", ""),
		SMTPOAuthClientSecret:  r.str("SMTP_OAUTH_CLIENT_SECRET", ""),
		SMTPOAuthScope:         r.str("SMTP_OAUTH_SCOPE", "https://outlook.office365.com/.default"),
	}
	c.BaseURL = r.baseURL("BASE_URL", "http://localhost:8080")
	c.SSOEncryptionKey = r.key32("SSO_ENCRYPTION_KEY")
	c.SSOSecretsDir = r.str("SSO_SECRETS_DIR", "")
	c.SAMLCertFile = r.str("SAML_SP_CERT_FILE", "")
	c.SAMLKeyFile = r.str("SAML_SP_KEY_FILE", "")
	if (c.SAMLCertFile == "") != (c.SAMLKeyFile == "") {
		r.fail("SAML_SP_CERT_FILE", "and SAML_SP_KEY_FILE must be set together: the certificate and its private key")
	}
	if c.LogFormat == "" {
		c.LogFormat = "text"
		if c.Env == "production" {
			c.LogFormat = "json"
		}
	}
	if c.Env == "production" && c.BaseURL != nil && c.BaseURL.Scheme != "https" && c.BaseURL.Hostname() != "localhost" {
		r.fail("BASE_URL", "must be https in production (cookies would travel in clear text)")
	}
	if c.BlobBackend == "s3" {
		r.requireAll("BLOB_BACKEND=s3", [][2]string{{"S3_ENDPOINT", c.S3Endpoint}, {"S3_BUCKET", c.S3Bucket},
			{"S3_ACCESS_KEY", c.S3AccessKey}, {"S3_SECRET_KEY", c.S3SecretKey}})
	}
	if c.BlobBackend == "azure" {
		r.requireAll("BLOB_BACKEND=azure", [][2]string{{"AZURE_STORAGE_ACCOUNT", c.AzureAccount},
			{"AZURE_STORAGE_KEY", c.AzureKey}, {"AZURE_STORAGE_CONTAINER", c.AzureContainer}})
		if c.AzureEndpoint != "" {
			if u, err := url.Parse(c.AzureEndpoint); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
				r.fail("AZURE_STORAGE_ENDPOINT", fmt.Sprintf("must be the blob service's URL, such as https://%s.blob.core.windows.net, not %q", c.AzureAccount, c.AzureEndpoint))
			}
		}
	}
	if c.Env == "production" && r.getenv("METRICS_ADDR") == "" {
		c.MetricsAddr = "127.0.0.1:9090"
	}
	if c.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(c.MetricsAddr); err != nil {
			r.fail("METRICS_ADDR", fmt.Sprintf("must be an address and port, such as 127.0.0.1:9090, not %q", c.MetricsAddr))
		}
	}
	if c.PprofAddr != "" {
		host, _, err := net.SplitHostPort(c.PprofAddr)
		if ip, perr := netip.ParseAddr(host); err != nil || perr != nil || !ip.IsLoopback() {
			r.fail("PPROF_ADDR", "must be a loopback address and port, such as 127.0.0.1:6060: the profiler is never served to the network")
		}
	}
	if c.WorkerHealthAddr != "" {
		if _, _, err := net.SplitHostPort(c.WorkerHealthAddr); err != nil {
			r.fail("WORKER_HEALTH_ADDR", fmt.Sprintf("must be an address and port, such as :8081, not %q", c.WorkerHealthAddr))
		}
	}
	if c.DirectDatabaseURL == "" {
		c.DirectDatabaseURL = c.DatabaseURL
	}
	if c.ReplicaMaxLag < time.Second {
		r.fail("DATABASE_REPLICA_MAX_LAG", "must be at least 1s: the replica's lag is measured to the second")
	}
	if c.SessionLifetime < c.SessionIdleTimeout {
		r.fail("SESSION_LIFETIME", "must be at least SESSION_IDLE_TIMEOUT")
	}
	if c.JobRescueAfter <= 30*time.Minute {
		r.fail("JOB_RESCUE_AFTER", "must be longer than 30m, the longest a job may run, or running jobs would be started twice")
	}
	c.SigningKey, c.SigningKeyDerived = r.signingKey("SIGNING_KEY", c.Env, c.DatabaseURL)
	r.smtp(&c)
	if r.err != nil {
		return Config{}, r.err
	}
	return c, nil
}

type reader struct {
	getenv func(string) string
	err    error
}

func (r *reader) fail(name, msg string) {
	if r.err == nil {
		r.err = fmt.Errorf("%s %s", name, msg)
	}
}

// requireAll fails on the first of vars (name, value) left empty, in the
// order given, so the message is the same on every start.
func (r *reader) requireAll(when string, vars [][2]string) {
	for _, v := range vars {
		if v[1] == "" {
			r.fail(v[0], "is required when "+when)
		}
	}
}

func (r *reader) str(name, def string) string {
	if v := strings.TrimSpace(r.getenv(name)); v != "" {
		return v
	}
	return def
}

func (r *reader) required(name string) string {
	v := strings.TrimSpace(r.getenv(name))
	if v == "" {
		r.fail(name, "is not set: point it at a PostgreSQL database (postgres://user:password@host:5432/dbname), or use `make run`, which starts a private one")
		return ""
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		r.fail(name, "must be a postgres:// URL")
	}
	return v
}

func (r *reader) oneOf(name, def string, allowed ...string) string {
	v := r.str(name, def)
	if v == "" {
		return v
	}
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	r.fail(name, fmt.Sprintf("must be one of %s, not %q", strings.Join(allowed, ", "), v))
	return def
}

func (r *reader) boolean(name string, def bool) bool {
	v := r.str(name, "")
	if v == "" {
		return def
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		r.fail(name, fmt.Sprintf("must be true or false, not %q", v))
		return def
	}
	return b
}

func (r *reader) integer(name string, def, lo, hi int) int {
	v := r.str(name, "")
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		r.fail(name, fmt.Sprintf("must be a whole number from %d to %d, not %q", lo, hi, v))
		return def
	}
	return n
}

func (r *reader) duration(name string, def time.Duration) time.Duration {
	v := r.str(name, "")
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		r.fail(name, fmt.Sprintf("must be a positive duration such as 30s or 2h, not %q", v))
		return def
	}
	return d
}

// minGroup reads the survey threshold: a whole number of at least 5,
// because smaller groups could identify students.
func (r *reader) minGroup(name string, def int) int {
	v := r.str(name, "")
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < suppress.FloorMinGroup || n > 1000 {
		r.fail(name, fmt.Sprintf("must be a whole number from %d to 1000 (smaller groups could identify students), not %q", suppress.FloorMinGroup, v))
		return def
	}
	return n
}

// days reads a period in days: "1095" or "1095d".
func (r *reader) days(name string, def int) time.Duration {
	v := strings.TrimSuffix(r.str(name, ""), "d")
	if v == "" {
		return time.Duration(def) * 24 * time.Hour
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 36500 {
		r.fail(name, fmt.Sprintf("must be a number of days from 1 to 36500, such as 1095 for three years, not %q", r.str(name, "")))
		return time.Duration(def) * 24 * time.Hour
	}
	return time.Duration(n) * 24 * time.Hour
}

// key32 reads a 256-bit key written in base64 (standard or URL alphabet).
func (r *reader) key32(name string) []byte {
	v := r.str(name, "")
	if v == "" {
		return nil
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(v); err == nil && len(b) == 32 {
			return b
		}
	}
	r.fail(name, "must be 32 random bytes in base64, such as the output of `openssl rand -base64 32`")
	return nil
}

func (r *reader) baseURL(name, def string) *url.URL {
	v := r.str(name, def)
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		r.fail(name, fmt.Sprintf("must be an absolute http or https URL, not %q", v))
		u, _ = url.Parse(def)
		return u
	}
	u.Path = strings.TrimRight(u.Path, "/")
	return u
}

// httpURL reads an optional absolute http or https URL.
func (r *reader) httpURL(name string) string {
	v := r.str(name, "")
	if v == "" {
		return ""
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		r.fail(name, fmt.Sprintf("must be an http or https URL, such as http://otel-collector:4318, not %q", v))
		return ""
	}
	return strings.TrimRight(v, "/")
}

// headers reads OpenTelemetry's header list: key=value pairs separated by
// commas, values percent-encoded.
func (r *reader) headers(name string) map[string]string {
	v := r.str(name, "")
	if v == "" {
		return nil
	}
	out := map[string]string{}
	for _, pair := range strings.Split(v, ",") {
		k, val, ok := strings.Cut(pair, "=")
		k = strings.TrimSpace(k)
		decoded, err := url.PathUnescape(strings.TrimSpace(val))
		if !ok || k == "" || err != nil {
			// The value may be a secret: name the variable, never echo it.
			r.fail(name, "must be a comma-separated list of key=value pairs")
			return nil
		}
		out[k] = decoded
	}
	return out
}

// ratio reads a fraction from 0 to 1.
func (r *reader) ratio(name string, def float64) float64 {
	v := r.str(name, "")
	if v == "" {
		return def
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 || f > 1 {
		r.fail(name, fmt.Sprintf("must be a fraction from 0 to 1, such as 0.1 to trace one request in ten, not %q", v))
		return def
	}
	return f
}

func (r *reader) prefixes(name string) []netip.Prefix {
	v := r.str(name, "")
	if v == "" {
		return nil
	}
	var out []netip.Prefix
	for _, part := range strings.Split(v, ",") {
		part = strings.TrimSpace(part)
		p, err := netip.ParsePrefix(part)
		if err != nil {
			a, aerr := netip.ParseAddr(part)
			if aerr != nil {
				r.fail(name, fmt.Sprintf("must be a comma-separated list of addresses or CIDR ranges, not %q", part))
				return nil
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		out = append(out, p)
	}
	return out
}

// signingKey reads the key that signs links in emails: at least 32
// characters, used as given. Production requires it; development derives
// a stable key from the database URL when it is unset, so links in mail
// sent before a restart still work (and says so at start-up).
func (r *reader) signingKey(name, env, databaseURL string) (key []byte, derived bool) {
	v := r.str(name, "")
	switch {
	case v == "" && env == "production":
		r.fail(name, "is not set: production needs a secret of at least 32 characters to sign the links in emails (for example the output of `openssl rand -base64 48`)")
	case v == "":
		mac := hmac.New(sha256.New, []byte("belonging development signing key"))
		mac.Write([]byte(databaseURL))
		return mac.Sum(nil), true
	case len(v) < 32:
		r.fail(name, fmt.Sprintf("must be at least 32 characters, not %d", len(v)))
	}
	return []byte(v), false
}

// smtp reads and checks the mail settings together: the TLS mode follows
// the port unless set, a password is never sent over a connection
// without TLS to another machine, and XOAUTH2 needs its app registration.
func (r *reader) smtp(c *Config) {
	defTLS := "starttls"
	if c.SMTPPort == 465 {
		defTLS = "implicit"
	}
	c.SMTPTLS = r.oneOf("SMTP_TLS", defTLS, "starttls", "implicit", "none")
	defAuth := "none"
	if c.SMTPUsername != "" {
		defAuth = "plain"
	}
	c.SMTPAuth = r.oneOf("SMTP_AUTH", defAuth, "none", "plain", "login", "xoauth2")
	tenant := r.str("SMTP_OAUTH_TENANT", "")
	c.SMTPOAuthTokenURL = r.str("SMTP_OAUTH_TOKEN_URL", "")
	if c.SMTPOAuthTokenURL == "" && tenant != "" {
		c.SMTPOAuthTokenURL = "https://login.microsoftonline.com/" + url.PathEscape(tenant) + "/oauth2/v2.0/token"
	}
	if c.SMTPHost == "" {
		return
	}
	if c.SMTPAuth != "none" && c.SMTPUsername == "" {
		r.fail("SMTP_USERNAME", "is required when SMTP_AUTH="+c.SMTPAuth)
	}
	if c.SMTPAuth != "none" && c.SMTPTLS == "none" && !isLoopback(c.SMTPHost) {
		r.fail("SMTP_TLS", "is none, which would send the SMTP password in clear text to "+c.SMTPHost+": use starttls or implicit")
	}
	switch c.SMTPAuth {
	case "plain", "login":
		if c.SMTPPassword == "" {
			r.fail("SMTP_PASSWORD", "is required when SMTP_AUTH="+c.SMTPAuth)
		}
	case "xoauth2":
		switch {
		case c.SMTPOAuthTokenURL == "":
			r.fail("SMTP_OAUTH_TENANT", "is required when SMTP_AUTH=xoauth2: the Entra ID tenant (directory) ID, or set SMTP_OAUTH_TOKEN_URL")
		case c.SMTPOAuthClientID == "":
			r.fail("SMTP_OAUTH_CLIENT_ID", "is required when SMTP_AUTH=xoauth2: the application (client) ID of the app registration")
		case c.SMTPOAuthClientSecret == "":
			r.fail("SMTP_OAUTH_CLIENT_SECRET", "is required when SMTP_AUTH=xoauth2: a client secret of the app registration")
		}
		if u, err := url.Parse(c.SMTPOAuthTokenURL); c.SMTPOAuthTokenURL != "" && (err != nil || (u.Scheme != "https" && !isLoopback(u.Hostname()))) {
			r.fail("SMTP_OAUTH_TOKEN_URL", "must be an https URL")
		}
	}
	if c.Env == "production" && strings.HasSuffix(c.SMTPFrom, "@localhost>") {
		r.fail("SMTP_FROM", "must be set in production to the address mail comes from, such as Belonging <belonging@university.ac.uk>")
	}
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}
