package check

import (
	"maps"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/validation"
)

// The application's shutdown: in-flight requests get this many seconds
// after SIGTERM (internal/server, Run).
const appShutdownSeconds = 25

func TestDefaultValues(t *testing.T) {
	objs := render(t)
	checkAll(t, objs, "")

	web := one[appsv1.Deployment](t, objs, "belonging")
	if web.Spec.Replicas == nil || *web.Spec.Replicas < 2 {
		t.Errorf("web replicas = %v, want at least 2 by default, so one can stop while the other serves", web.Spec.Replicas)
	}
	if _, ok := find[appsv1.Deployment](objs)["belonging-worker"]; ok {
		t.Error("the worker Deployment is rendered by default; by default the web pods work the job queue themselves")
	}
	for _, kind := range []string{"Ingress", "HorizontalPodAutoscaler"} {
		for _, o := range objs {
			if o.kind == kind {
				t.Errorf("%s %s rendered by default; it should be switched on by a value", kind, o.name)
			}
		}
	}
	one[policyv1.PodDisruptionBudget](t, objs, "belonging")
	one[corev1.PersistentVolumeClaim](t, objs, "belonging")

	// Every setting of the README's configuration table is carried by the
	// ConfigMap or the Secret, so an operator sees them all in one place.
	cm := one[corev1.ConfigMap](t, objs, "belonging")
	secret := one[corev1.Secret](t, objs, "belonging")
	for _, name := range readmeSettings(t) {
		_, inConfig := cm.Data[name]
		_, inSecret := secret.StringData[name]
		switch {
		case inConfig && inSecret:
			t.Errorf("%s is in both the ConfigMap and the Secret", name)
		case !inConfig && !inSecret:
			t.Errorf("%s (in the README's configuration table) is in neither the ConfigMap nor the Secret: add it to values.yaml", name)
		}
	}
	for _, name := range []string{"DATABASE_URL", "METRICS_TOKEN", "S3_SECRET_KEY", "AZURE_STORAGE_KEY", "SMTP_PASSWORD", "OTEL_EXPORTER_OTLP_HEADERS"} {
		if _, ok := secret.StringData[name]; !ok {
			t.Errorf("%s is not in the Secret", name)
		}
	}
}

func TestFullValues(t *testing.T) {
	objs := render(t, "--values", "testdata/full.yaml")
	checkAll(t, objs, "")

	web := one[appsv1.Deployment](t, objs, "belonging")
	worker := one[appsv1.Deployment](t, objs, "belonging-worker")
	if web.Spec.Replicas != nil {
		t.Errorf("web replicas = %d with autoscaling on; the HorizontalPodAutoscaler should own the count", *web.Spec.Replicas)
	}
	if got := envValue(web.Spec.Template.Spec.Containers[0], "WORKERS"); got != "false" {
		t.Errorf("web pods' WORKERS = %q with the worker Deployment on, want false", got)
	}
	if got := envValue(worker.Spec.Template.Spec.Containers[0], "WORKERS"); got != "true" {
		t.Errorf("worker pods' WORKERS = %q, want true", got)
	}
	if img := web.Spec.Template.Spec.Containers[0].Image; !strings.Contains(img, "@sha256:") {
		t.Errorf("image = %q, want the digest from the values", img)
	}
	if _, ok := find[corev1.PersistentVolumeClaim](objs)["belonging"]; ok {
		t.Error("a volume claim is rendered for files kept in Azure")
	}
	for _, v := range web.Spec.Template.Spec.Volumes {
		if v.Name == "data" {
			t.Error("web pods mount a data volume although files are kept in Azure")
		}
	}
	for _, d := range []*appsv1.Deployment{web, worker} {
		c := d.Spec.Template.Spec.Containers[0]
		for name, want := range map[string]string{"SAML_SP_CERT_FILE": "/etc/belonging/saml/tls.crt",
			"SAML_SP_KEY_FILE": "/etc/belonging/saml/tls.key", "SSO_SECRETS_DIR": "/etc/belonging/sso-secrets"} {
			if got := envValue(c, name); got != want {
				t.Errorf("%s: %s = %q, want %q", d.Name, name, got, want)
			}
		}
		secrets := map[string]string{}
		for _, v := range d.Spec.Template.Spec.Volumes {
			if v.Secret != nil {
				secrets[v.Name] = v.Secret.SecretName
			}
		}
		mounts := map[string]string{}
		for _, m := range c.VolumeMounts {
			mounts[m.Name] = m.MountPath
		}
		if secrets["saml-keys"] != "belonging-saml" || mounts["saml-keys"] != "/etc/belonging/saml" ||
			secrets["sso-secrets"] != "belonging-oidc-secrets" || mounts["sso-secrets"] != "/etc/belonging/sso-secrets" {
			t.Errorf("%s: secret volumes %v mounted at %v, want the SAML key pair and the OpenID Connect secrets", d.Name, secrets, mounts)
		}
	}
	hpa := one[autoscalingv2.HorizontalPodAutoscaler](t, objs, "belonging")
	if hpa.Spec.MinReplicas == nil || *hpa.Spec.MinReplicas != 3 || hpa.Spec.MaxReplicas != 10 {
		t.Errorf("autoscaler range = %v..%d, want 3..10", hpa.Spec.MinReplicas, hpa.Spec.MaxReplicas)
	}
	ing := one[networkingv1.Ingress](t, objs, "belonging")
	if len(ing.Spec.Rules) != 2 || len(ing.Spec.TLS) != 1 {
		t.Errorf("ingress has %d rules and %d TLS entries, want 2 and 1", len(ing.Spec.Rules), len(ing.Spec.TLS))
	}
	if got := ing.Annotations["nginx.ingress.kubernetes.io/proxy-body-size"]; got != "30m" {
		t.Errorf("ingress body size annotation = %q, want the values' 30m", got)
	}
	cm := one[corev1.ConfigMap](t, objs, "belonging")
	if cm.Data["LISTEN_ADDR"] != ":8081" || cm.Data["BLOB_BACKEND"] != "azure" {
		t.Errorf("ConfigMap LISTEN_ADDR, BLOB_BACKEND = %q, %q; want :8081 (containerPort), azure", cm.Data["LISTEN_ADDR"], cm.Data["BLOB_BACKEND"])
	}
}

// With existingSecret the chart writes no Secret and every pod, the
// migrations Job included, reads the operator's.
func TestExistingSecret(t *testing.T) {
	objs := render(t, "--set", "existingSecret=belonging-from-vault")
	checkAll(t, objs, "belonging-from-vault")
	if secrets := find[corev1.Secret](objs); len(secrets) != 0 {
		t.Errorf("Secrets rendered with existingSecret set: %v", slices.Sorted(maps.Keys(secrets)))
	}
}

// Settings put in the wrong place stop the install with a message, rather
// than producing pods that quietly ignore them.
func TestMisplacedSettings(t *testing.T) {
	tests := []struct {
		set, want string
	}{
		{"config.DATABASE_URL=postgres://x", "DATABASE_URL is a secret"},
		{"config.LISTEN_ADDR=:9000", "config.LISTEN_ADDR is set by the chart"},
	}
	for _, tt := range tests {
		_, errOut, err := runHelm(t, "template", "belonging", chartDir, "--kube-version", kubeVersion, "--set", tt.set)
		if err == nil || !strings.Contains(errOut, tt.want) {
			t.Errorf("helm template --set %s: error %v, output %q; want a failure saying %q", tt.set, err, errOut, tt.want)
		}
	}
}

func TestLint(t *testing.T) {
	for _, values := range [][]string{nil, {"--values", "testdata/full.yaml"}} {
		args := append([]string{"lint", "--strict", chartDir, "--kube-version", kubeVersion}, values...)
		if out, errOut, err := runHelm(t, args...); err != nil {
			t.Errorf("helm %s: %v\n%s%s", strings.Join(args, " "), err, out, errOut)
		}
	}
}

// checkAll checks what every rendering must satisfy: valid names and
// labels, references that resolve, and pods that run safely and stop
// without dropping requests. existingSecret is the operator's Secret when
// one is named.
func checkAll(t *testing.T, objs []object, existingSecret string) {
	t.Helper()
	seen := map[string]bool{}
	for _, o := range objs {
		key := o.kind + "/" + o.name
		if seen[key] {
			t.Errorf("%s rendered twice", key)
		}
		seen[key] = true
		meta := o.obj.(metav1.Object)
		for _, e := range validation.IsDNS1123Subdomain(meta.GetName()) {
			t.Errorf("%s: name: %s", key, e)
		}
		checkLabels(t, key, meta.GetLabels())
	}

	configMaps := find[corev1.ConfigMap](objs)
	secrets := find[corev1.Secret](objs)
	for name, cm := range configMaps {
		for k := range cm.Data {
			for _, e := range validation.IsConfigMapKey(k) {
				t.Errorf("ConfigMap %s: key %q: %s", name, k, e)
			}
		}
	}
	secretExists := func(name string) bool { _, ok := secrets[name]; return ok || name == existingSecret }

	deployments := find[appsv1.Deployment](objs)
	if _, ok := deployments["belonging"]; !ok {
		t.Fatalf("no web Deployment rendered; have %s", names(objs))
	}
	for name, d := range deployments {
		where := "Deployment " + name
		sel, err := metav1.LabelSelectorAsSelector(d.Spec.Selector)
		if err != nil {
			t.Errorf("%s: selector: %v", where, err)
			continue
		}
		if !sel.Matches(labels.Set(d.Spec.Template.Labels)) {
			t.Errorf("%s: selector %s does not match its pods' labels %v", where, sel, d.Spec.Template.Labels)
		}
		for other, od := range deployments {
			if other != name && sel.Matches(labels.Set(od.Spec.Template.Labels)) {
				t.Errorf("%s: selector also matches the pods of Deployment %s", where, other)
			}
		}
		if u := d.Spec.Strategy.RollingUpdate; name == "belonging" && (u == nil || u.MaxUnavailable == nil || u.MaxUnavailable.IntValue() != 0) {
			t.Errorf("%s: a rollout may stop a serving pod before its replacement is ready (maxUnavailable must be 0)", where)
		}
		checkPod(t, where, d.Spec.Template.Spec, true)
		for _, c := range d.Spec.Template.Spec.Containers {
			for _, ef := range c.EnvFrom {
				if ef.ConfigMapRef != nil && configMaps[ef.ConfigMapRef.Name] == nil {
					t.Errorf("%s: reads ConfigMap %q, which is not rendered", where, ef.ConfigMapRef.Name)
				}
				if ef.SecretRef != nil && !secretExists(ef.SecretRef.Name) {
					t.Errorf("%s: reads Secret %q, which is neither rendered nor the existing one", where, ef.SecretRef.Name)
				}
			}
			if !slices.Equal(c.Args, []string{"serve"}) {
				t.Errorf("%s: args = %v, want [serve]", where, c.Args)
			}
		}
	}
	web := deployments["belonging"]
	webPods := labels.Set(web.Spec.Template.Labels)

	for name, svc := range find[corev1.Service](objs) {
		if !labels.SelectorFromSet(svc.Spec.Selector).Matches(webPods) {
			t.Errorf("Service %s: selector %v misses the web pods", name, svc.Spec.Selector)
		}
		for dname, d := range deployments {
			if dname != "belonging" && labels.SelectorFromSet(svc.Spec.Selector).Matches(labels.Set(d.Spec.Template.Labels)) {
				t.Errorf("Service %s: sends traffic to the pods of Deployment %s", name, dname)
			}
		}
		for _, p := range svc.Spec.Ports {
			if !hasPort(web.Spec.Template.Spec.Containers, p.TargetPort.String()) {
				t.Errorf("Service %s: targetPort %s is not a port of the web pods", name, p.TargetPort.String())
			}
		}
	}
	services := find[corev1.Service](objs)
	for name, ing := range find[networkingv1.Ingress](objs) {
		for _, rule := range ing.Spec.Rules {
			for _, e := range validation.IsDNS1123Subdomain(rule.Host) {
				t.Errorf("Ingress %s: host %q: %s", name, rule.Host, e)
			}
			for _, p := range rule.HTTP.Paths {
				b := p.Backend.Service
				svc := services[b.Name]
				if svc == nil {
					t.Errorf("Ingress %s: backend Service %q is not rendered", name, b.Name)
					continue
				}
				if !slices.ContainsFunc(svc.Spec.Ports, func(sp corev1.ServicePort) bool {
					return sp.Name == b.Port.Name && b.Port.Name != "" || sp.Port == b.Port.Number && b.Port.Number != 0
				}) {
					t.Errorf("Ingress %s: backend port %+v is not a port of Service %s", name, b.Port, b.Name)
				}
			}
		}
	}
	for name, pdb := range find[policyv1.PodDisruptionBudget](objs) {
		sel, err := metav1.LabelSelectorAsSelector(pdb.Spec.Selector)
		if err != nil || !sel.Matches(webPods) {
			t.Errorf("PodDisruptionBudget %s: selector does not match the web pods (%v)", name, err)
		}
	}
	for name, hpa := range find[autoscalingv2.HorizontalPodAutoscaler](objs) {
		ref := hpa.Spec.ScaleTargetRef
		if ref.Kind != "Deployment" || ref.APIVersion != "apps/v1" || ref.Name != "belonging" {
			t.Errorf("HorizontalPodAutoscaler %s: scales %+v, want the web Deployment", name, ref)
		}
		if hpa.Spec.MinReplicas != nil && *hpa.Spec.MinReplicas < 2 {
			t.Errorf("HorizontalPodAutoscaler %s: may scale down to %d pod", name, *hpa.Spec.MinReplicas)
		}
	}
	checkMigrations(t, objs, existingSecret)
}

// checkMigrations checks the Job that migrates before installs and
// upgrades: a Helm hook, after any hook Secret it reads.
func checkMigrations(t *testing.T, objs []object, existingSecret string) {
	t.Helper()
	job := one[batchv1.Job](t, objs, "belonging-migrate")
	if got := job.Annotations["helm.sh/hook"]; got != "pre-install,pre-upgrade" {
		t.Errorf("migrations Job hook = %q, want pre-install,pre-upgrade", got)
	}
	spec := job.Spec.Template.Spec
	if spec.RestartPolicy != corev1.RestartPolicyNever {
		t.Errorf("migrations Job restartPolicy = %q, want Never", spec.RestartPolicy)
	}
	c := spec.Containers[0]
	if !slices.Equal(c.Args, []string{"migrate", "up"}) {
		t.Errorf("migrations Job args = %v, want [migrate up]", c.Args)
	}
	if spec.ServiceAccountName != "" {
		if sa := find[corev1.ServiceAccount](objs)[spec.ServiceAccountName]; sa != nil {
			t.Errorf("migrations Job runs as ServiceAccount %s, which the chart creates after pre-install hooks run", sa.Name)
		}
	}
	checkPod(t, "migrations Job", spec, false)
	var ref *corev1.SecretKeySelector
	for _, e := range c.Env {
		if e.Name == "DATABASE_URL" && e.ValueFrom != nil {
			ref = e.ValueFrom.SecretKeyRef
		}
	}
	if ref == nil {
		t.Fatal("migrations Job does not read DATABASE_URL from a Secret")
	}
	if existingSecret != "" {
		if ref.Name != existingSecret {
			t.Errorf("migrations Job reads Secret %q, want the existing %q", ref.Name, existingSecret)
		}
		return
	}
	// Hooks run before the release's own objects exist: the Secret the Job
	// reads must itself be a hook, created first.
	secret := find[corev1.Secret](objs)[ref.Name]
	if secret == nil {
		t.Fatalf("migrations Job reads Secret %q, which is not rendered", ref.Name)
	}
	if secret.Annotations["helm.sh/hook"] != job.Annotations["helm.sh/hook"] ||
		hookWeight(t, secret.ObjectMeta) >= hookWeight(t, job.ObjectMeta) {
		t.Errorf("Secret %s is not a hook created before the migrations Job (annotations %v)", secret.Name, secret.Annotations)
	}
	if _, ok := secret.StringData[ref.Key]; !ok {
		t.Errorf("Secret %s has no key %s", secret.Name, ref.Key)
	}
}

// checkPod checks a pod runs as a non-root user on a read-only root file
// system with a writable /tmp, and, for serving pods, that its probes and
// its stopping suit a rolling update.
func checkPod(t *testing.T, where string, spec corev1.PodSpec, serving bool) {
	t.Helper()
	if spec.AutomountServiceAccountToken == nil || *spec.AutomountServiceAccountToken {
		t.Errorf("%s: mounts a Kubernetes API token it never uses", where)
	}
	if sc := spec.SecurityContext; sc == nil || sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot || sc.RunAsUser == nil || *sc.RunAsUser == 0 {
		t.Errorf("%s: may run as root", where)
	}
	volumes := map[string]corev1.Volume{}
	for _, v := range spec.Volumes {
		volumes[v.Name] = v
	}
	if len(spec.Containers) != 1 {
		t.Fatalf("%s: %d containers, want 1", where, len(spec.Containers))
	}
	c := spec.Containers[0]
	sc := c.SecurityContext
	if sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem {
		t.Errorf("%s: root file system is writable", where)
	}
	if sc == nil || sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
		t.Errorf("%s: allows privilege escalation", where)
	}
	if sc == nil || sc.Capabilities == nil || !slices.Contains(sc.Capabilities.Drop, "ALL") {
		t.Errorf("%s: keeps Linux capabilities", where)
	}
	if c.Image == "" || strings.HasSuffix(c.Image, ":latest") {
		t.Errorf("%s: image %q is not pinned", where, c.Image)
	}
	for name, q := range c.Resources.Limits {
		if req, ok := c.Resources.Requests[name]; ok && req.Cmp(q) > 0 {
			t.Errorf("%s: requests more %s than its limit", where, name)
		}
	}
	if _, ok := c.Resources.Limits[corev1.ResourceMemory]; !ok {
		t.Errorf("%s: no memory limit", where)
	}
	for _, e := range c.Env {
		for _, msg := range validation.IsEnvVarName(e.Name) {
			t.Errorf("%s: env %q: %s", where, e.Name, msg)
		}
	}
	mounts := map[string]bool{}
	for _, m := range c.VolumeMounts {
		if _, ok := volumes[m.Name]; !ok {
			t.Errorf("%s: mounts volume %q, which the pod does not have", where, m.Name)
		}
		mounts[m.MountPath] = true
	}
	for _, p := range c.Ports {
		for _, msg := range validation.IsValidPortName(p.Name) {
			t.Errorf("%s: port name %q: %s", where, p.Name, msg)
		}
	}
	if !serving {
		return
	}
	if !mounts["/tmp"] {
		t.Errorf("%s: no writable /tmp, where uploads are spooled", where)
	}
	probes := []struct {
		name  string
		probe *corev1.Probe
		path  string
	}{{"startup", c.StartupProbe, "/healthz"}, {"readiness", c.ReadinessProbe, "/readyz"}, {"liveness", c.LivenessProbe, "/healthz"}}
	for _, p := range probes {
		if p.probe == nil || p.probe.HTTPGet == nil {
			t.Errorf("%s: no HTTP %s probe", where, p.name)
			continue
		}
		if p.probe.HTTPGet.Path != p.path {
			t.Errorf("%s: %s probe asks %s, want %s", where, p.name, p.probe.HTTPGet.Path, p.path)
		}
		if !hasPort(spec.Containers, p.probe.HTTPGet.Port.String()) {
			t.Errorf("%s: %s probe port %s is not a container port", where, p.name, p.probe.HTTPGet.Port.String())
		}
	}
	if c.Lifecycle == nil || c.Lifecycle.PreStop == nil || c.Lifecycle.PreStop.Sleep == nil || c.Lifecycle.PreStop.Sleep.Seconds < 1 {
		t.Errorf("%s: no preStop pause: a stopping pod may still be sent requests", where)
		return
	}
	pause := c.Lifecycle.PreStop.Sleep.Seconds
	if spec.TerminationGracePeriodSeconds == nil || *spec.TerminationGracePeriodSeconds <= pause+appShutdownSeconds {
		t.Errorf("%s: terminationGracePeriodSeconds %v leaves no room for the %ds pause and the %ds shutdown",
			where, spec.TerminationGracePeriodSeconds, pause, appShutdownSeconds)
	}
}

func checkLabels(t *testing.T, where string, set map[string]string) {
	t.Helper()
	for k, v := range set {
		for _, e := range validation.IsQualifiedName(k) {
			t.Errorf("%s: label key %q: %s", where, k, e)
		}
		for _, e := range validation.IsValidLabelValue(v) {
			t.Errorf("%s: label %s=%q: %s", where, k, v, e)
		}
	}
}

func hasPort(containers []corev1.Container, port string) bool {
	for _, c := range containers {
		for _, p := range c.Ports {
			if p.Name == port || p.ContainerPort > 0 && port == strconv.Itoa(int(p.ContainerPort)) {
				return true
			}
		}
	}
	return false
}

func envValue(c corev1.Container, name string) string {
	for _, e := range c.Env {
		if e.Name == name {
			return e.Value
		}
	}
	return ""
}

func hookWeight(t *testing.T, meta metav1.ObjectMeta) int {
	t.Helper()
	w := meta.Annotations["helm.sh/hook-weight"]
	n, err := strconv.Atoi(w)
	if err != nil {
		t.Errorf("%s: hook weight %q is not a number", meta.Name, w)
	}
	return n
}

var settingName = regexp.MustCompile("`([A-Z][A-Z0-9_]+)`")

// readmeSettings lists the variables of the README's configuration table:
// every upper-case name in the first cell of each row.
func readmeSettings(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("../../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "\n## Configuration\n")
	if !ok {
		t.Fatal("README.md has no Configuration section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	var out []string
	for _, line := range strings.Split(section, "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		first, _, _ := strings.Cut(strings.TrimPrefix(line, "|"), "|")
		for _, m := range settingName.FindAllStringSubmatch(first, -1) {
			out = append(out, m[1])
		}
	}
	if len(out) < 20 {
		t.Fatalf("found only %d settings in the README's configuration table: %v", len(out), out)
	}
	sort.Strings(out)
	return out
}
