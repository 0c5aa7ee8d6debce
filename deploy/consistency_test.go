package deploy

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"github.com/nats-io/nats-server/v2/conf"
	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	"sigs.k8s.io/yaml"
)

// TestPrometheusRuleMatchesAlerts keeps the operator's PrometheusRule and the
// plain rule file in step: both must hold exactly the same groups.
func TestPrometheusRuleMatchesAlerts(t *testing.T) {
	var plain monitoringv1.PrometheusRuleSpec
	readStrictYAML(t, filepath.Join(deployDir(t), "prometheus", "alerts.yml"), &plain)
	var rule monitoringv1.PrometheusRule
	readStrictYAML(t, filepath.Join(deployDir(t), "k8s", "components", "monitoring", "prometheusrule.yaml"), &rule)
	if len(plain.Groups) == 0 {
		t.Fatal("alerts.yml has no groups")
	}
	if !reflect.DeepEqual(plain, rule.Spec) {
		t.Error("k8s/components/monitoring/prometheusrule.yaml differs from prometheus/alerts.yml; copy the groups over")
	}
}

// TestNATSConfigCopies checks that the dev overlay's nats.conf and users.conf
// are the compose stack's, that the single node and the cluster nodes share
// the users and permissions (users.conf, included by both), and that the
// Helm values of prod grant every user the same permissions.
func TestNATSConfigCopies(t *testing.T) {
	orig := filepath.Join(deployDir(t), "nats", "nats.conf")
	for _, name := range []string{"nats.conf", "users.conf"} {
		a, err := os.ReadFile(filepath.Join(deployDir(t), "nats", name))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(deployDir(t), "k8s", "overlays", "dev", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("k8s/overlays/dev/%s differs from nats/%s; copy it over", name, name)
		}
	}

	for _, u := range []string{"FETCHER", "PARSER", "ENRICHER", "SINK", "ADMIN"} {
		t.Setenv("NATS_"+u+"_PASSWORD", "secret-"+u)
	}
	parsed, err := conf.ParseFileWithChecks(orig)
	if err != nil {
		t.Fatalf("parse nats.conf: %v", err)
	}
	fromConf := publishAllows(t, unwrap(parsed["authorization"]).(map[string]any)["users"])
	t.Setenv("NATS_SERVER_NAME", "nats-1")
	clustered, err := conf.ParseFileWithChecks(filepath.Join(deployDir(t), "nats", "cluster.conf"))
	if err != nil {
		t.Fatalf("parse cluster.conf: %v", err)
	}
	if fromCluster := publishAllows(t, unwrap(clustered["authorization"]).(map[string]any)["users"]); !reflect.DeepEqual(fromConf, fromCluster) {
		t.Errorf("cluster.conf permissions differ from nats.conf:\nconf:    %v\ncluster: %v", fromConf, fromCluster)
	}

	var values struct {
		Config struct {
			Merge struct {
				Authorization struct {
					Users []any `json:"users"`
				} `json:"authorization"`
			} `json:"merge"`
		} `json:"config"`
	}
	data, err := os.ReadFile(filepath.Join(deployDir(t), "k8s", "overlays", "prod", "values-nats.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, &values); err != nil {
		t.Fatal(err)
	}
	fromValues := publishAllows(t, values.Config.Merge.Authorization.Users)
	if len(fromConf) != 5 {
		t.Errorf("nats.conf has %d users, want 5 (four stages and admin)", len(fromConf))
	}
	if !reflect.DeepEqual(fromConf, fromValues) {
		t.Errorf("prod values-nats.yaml permissions differ from nats.conf:\nconf:   %v\nvalues: %v", fromConf, fromValues)
	}
}

// publishAllows maps each user of a NATS users list to its sorted publish
// allow list (empty for a user without permissions, such as admin).
func publishAllows(t *testing.T, users any) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	list, ok := unwrap(users).([]any)
	if !ok {
		t.Fatalf("users is %T, not a list", users)
	}
	for _, u := range list {
		m := unwrap(u).(map[string]any)
		name := unwrap(m["user"]).(string)
		var allow []string
		if p, ok := unwrap(m["permissions"]).(map[string]any); ok {
			pub := unwrap(p["publish"]).(map[string]any)
			for _, s := range unwrap(pub["allow"]).([]any) {
				allow = append(allow, unwrap(s).(string))
			}
		}
		sort.Strings(allow)
		out[name] = allow
	}
	return out
}

// unwrap strips the token wrappers ParseFileWithChecks puts around values.
func unwrap(v any) any {
	if tk, ok := v.(interface{ Value() any }); ok {
		return unwrap(tk.Value())
	}
	return v
}

// readStrictYAML decodes a YAML file strictly (unknown fields fail) into obj.
func readStrictYAML(t *testing.T, path string, obj any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	js, err := yaml.YAMLToJSON(data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if err := strictUnmarshal(js, obj); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
