// Package check renders the Helm chart in deploy/helm/belonging with the
// real helm binary and checks every object it produces against the
// Kubernetes API's own Go types, strictly, with no cluster and no network:
// a misspelt field, a wrong type, a dangling reference or a missing
// setting fails the test. It is a module of its own so that the Kubernetes
// API types stay out of the application's dependencies.
package check

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	kjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"
)

// The chart, relative to this directory, and the oldest Kubernetes it
// supports (Chart.yaml's kubeVersion).
const (
	chartDir    = "../belonging"
	kubeVersion = "1.30.0"
)

// object is one rendered manifest, decoded into its API type.
type object struct {
	kind, name string
	source     string // the template it came from
	obj        any
}

// kinds maps each apiVersion and kind the chart may produce to a new value
// of its Go type. Anything else the chart renders fails the test.
var kinds = map[string]func() any{
	"v1/ConfigMap":                           func() any { return &corev1.ConfigMap{} },
	"v1/Secret":                              func() any { return &corev1.Secret{} },
	"v1/Service":                             func() any { return &corev1.Service{} },
	"v1/ServiceAccount":                      func() any { return &corev1.ServiceAccount{} },
	"v1/PersistentVolumeClaim":               func() any { return &corev1.PersistentVolumeClaim{} },
	"apps/v1/Deployment":                     func() any { return &appsv1.Deployment{} },
	"batch/v1/Job":                           func() any { return &batchv1.Job{} },
	"networking.k8s.io/v1/Ingress":           func() any { return &networkingv1.Ingress{} },
	"policy/v1/PodDisruptionBudget":          func() any { return &policyv1.PodDisruptionBudget{} },
	"autoscaling/v2/HorizontalPodAutoscaler": func() any { return &autoscalingv2.HorizontalPodAutoscaler{} },
}

// helm returns the helm binary: $HELM_PATH, or the one `make tools` builds
// into .cache/bin from the Go module proxy. Without it the test skips,
// except under CI, where it fails.
func helm(t *testing.T) string {
	t.Helper()
	path := os.Getenv("HELM_PATH")
	if path == "" {
		path = filepath.Join("..", "..", "..", ".cache", "bin", "helm")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(abs); err != nil {
		if ci := os.Getenv("CI"); ci != "" && ci != "false" {
			t.Fatalf("helm (%s) is missing, and CI=true: the chart cannot be checked", abs)
		}
		t.Skipf("helm (%s) is missing; run `make tools`", abs)
	}
	return abs
}

// runHelm runs helm with a home of its own, so nothing is read from or
// written to the user's helm configuration and no repository is consulted.
func runHelm(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	home := t.TempDir()
	cmd := exec.Command(helm(t), args...)
	cmd.Env = append(os.Environ(),
		"HELM_CACHE_HOME="+filepath.Join(home, "cache"),
		"HELM_CONFIG_HOME="+filepath.Join(home, "config"),
		"HELM_DATA_HOME="+filepath.Join(home, "data"),
		"HELM_NO_PLUGINS=1",
	)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	return out.String(), errb.String(), err
}

// render runs `helm template` with the given values files and --set
// arguments and decodes what it prints.
func render(t *testing.T, extra ...string) []object {
	t.Helper()
	args := append([]string{"template", "belonging", chartDir, "--namespace", "belonging", "--kube-version", kubeVersion}, extra...)
	out, errOut, err := runHelm(t, args...)
	if err != nil {
		t.Fatalf("helm %s: %v\n%s", strings.Join(args, " "), err, errOut)
	}
	return decodeAll(t, out)
}

var docSeparator = regexp.MustCompile(`(?m)^---\s*$`)
var sourceComment = regexp.MustCompile(`(?m)^# Source: (\S+)`)

// decodeAll splits helm's output into documents and decodes each strictly
// into its API type: an unknown or misspelt field, a field of the wrong
// type or a duplicated key is an error, as the API server's strict field
// validation would report it.
func decodeAll(t *testing.T, manifests string) []object {
	t.Helper()
	var out []object
	for _, doc := range docSeparator.Split(manifests, -1) {
		if strings.TrimSpace(stripComments(doc)) == "" {
			continue
		}
		source := "?"
		if m := sourceComment.FindStringSubmatch(doc); m != nil {
			source = m[1]
		}
		j, err := yaml.YAMLToJSONStrict([]byte(doc))
		if err != nil {
			t.Errorf("%s: not valid YAML: %v", source, err)
			continue
		}
		var meta struct {
			metav1.TypeMeta
			Metadata struct {
				Name string `json:"name"`
			} `json:"metadata"`
		}
		if err := kjson.UnmarshalCaseSensitivePreserveInts(j, &meta); err != nil {
			t.Errorf("%s: %v", source, err)
			continue
		}
		gvk := meta.APIVersion + "/" + meta.Kind
		newObj, ok := kinds[gvk]
		if !ok {
			t.Errorf("%s: renders %s, which this check does not know: add its Go type to kinds", source, gvk)
			continue
		}
		obj := newObj()
		strict, err := kjson.UnmarshalStrict(j, obj)
		if err != nil {
			t.Errorf("%s (%s %s): %v", source, meta.Kind, meta.Metadata.Name, err)
			continue
		}
		for _, e := range strict {
			t.Errorf("%s (%s %s): %v", source, meta.Kind, meta.Metadata.Name, e)
		}
		out = append(out, object{kind: meta.Kind, name: meta.Metadata.Name, source: source, obj: obj})
	}
	if len(out) == 0 {
		t.Fatal("helm rendered no objects")
	}
	return out
}

func stripComments(doc string) string {
	var b strings.Builder
	for _, line := range strings.Split(doc, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "#") {
			b.WriteString(line)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// find returns the rendered objects of type T, by name.
func find[T any](objs []object) map[string]*T {
	out := map[string]*T{}
	for _, o := range objs {
		if v, ok := o.obj.(*T); ok {
			out[o.name] = v
		}
	}
	return out
}

// one returns the single object of type T named name, failing the test if
// it was not rendered.
func one[T any](t *testing.T, objs []object, name string) *T {
	t.Helper()
	v, ok := find[T](objs)[name]
	if !ok {
		var zero T
		t.Fatalf("no %T named %q rendered; have %s", zero, name, names(objs))
	}
	return v
}

func names(objs []object) string {
	var s []string
	for _, o := range objs {
		s = append(s, fmt.Sprintf("%s/%s", o.kind, o.name))
	}
	return strings.Join(s, ", ")
}
