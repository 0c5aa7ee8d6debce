package deploy

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
)

var stages = []string{"fetcher", "parser", "enricher", "sink"}

// stageEnvNames runs `STAGE -h` and returns the TIDINGS_* variables it reads.
func stageEnvNames(t *testing.T, stage string) map[string]bool {
	t.Helper()
	bin := goBuild(t, "services/"+stage+"/cmd/"+stage)
	out, _ := exec.Command(bin, "-h").CombinedOutput() // -h exits 0 or 2 by flag package version
	names := map[string]bool{}
	for _, m := range regexp.MustCompile(`\(env (TIDINGS_[A-Z0-9_]+)\)`).FindAllStringSubmatch(string(out), -1) {
		names[m[1]] = true
	}
	if len(names) == 0 {
		t.Fatalf("%s -h lists no TIDINGS_* variable:\n%s", stage, out)
	}
	return names
}

// TestEnvironmentNamesExist checks that every TIDINGS_* variable the
// deployments set is one the stage reads: a misspelt name would be ignored
// silently. It covers the rendered ConfigMaps and env of both overlays and
// the environment of docker-compose.yml.
func TestEnvironmentNamesExist(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the stage binaries; skipped with -short")
	}
	known := map[string]map[string]bool{}
	for _, s := range stages {
		known[s] = stageEnvNames(t, s)
	}
	check := func(where, stage, name string) {
		if strings.HasPrefix(name, "TIDINGS_") && !known[stage][name] {
			t.Errorf("%s sets %s, which the %s does not read", where, name, stage)
		}
	}

	for _, overlay := range []string{"overlays/dev", "overlays/prod"} {
		objs := decodeAll(t, render(t, overlay))
		cms := map[string]*corev1.ConfigMap{}
		for _, o := range objs {
			if cm, ok := o.obj.(*corev1.ConfigMap); ok {
				cms[cm.Name] = cm
			}
		}
		for _, o := range objs {
			d, ok := o.obj.(interface{ GetName() string })
			if !ok || o.kind != "Deployment" {
				continue
			}
			stage := strings.TrimPrefix(d.GetName(), "tidings-")
			ps := podSpecOf(o.obj)
			for _, c := range ps.Containers {
				for _, e := range c.Env {
					check(overlay+" "+o.name, stage, e.Name)
				}
				for _, ef := range c.EnvFrom {
					if ef.ConfigMapRef == nil {
						continue
					}
					cm := cms[ef.ConfigMapRef.Name]
					if cm == nil {
						t.Errorf("%s %s: ConfigMap %s not rendered", overlay, o.name, ef.ConfigMapRef.Name)
						continue
					}
					for k := range cm.Data {
						if !strings.HasPrefix(k, "TIDINGS_") {
							t.Errorf("%s ConfigMap %s: key %s is not a TIDINGS_* variable", overlay, cm.Name, k)
						}
						check(overlay+" ConfigMap "+cm.Name, stage, k)
					}
				}
			}
		}
	}

	data, err := os.ReadFile(filepath.Join(repoRoot(t), "docker-compose.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var compose struct {
		Services map[string]struct {
			Environment map[string]any `json:"environment"`
		} `json:"services"`
	}
	if err := yaml.Unmarshal(data, &compose); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	for _, s := range stages {
		svc, ok := compose.Services[s]
		if !ok {
			t.Errorf("docker-compose.yml has no service %s", s)
			continue
		}
		for k := range svc.Environment {
			check("docker-compose.yml "+s, s, k)
		}
	}
}
