package deploy

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// composeService is the part of a resolved compose service the checks read.
type composeService struct {
	Image         string                       `json:"image"`
	Restart       string                       `json:"restart"`
	MemLimit      any                          `json:"mem_limit"`
	Healthcheck   map[string]any               `json:"healthcheck"`
	DependsOn     map[string]map[string]string `json:"depends_on"`
	Ports         []any                        `json:"ports"`
	ContainerName string                       `json:"container_name"`
	User          string                       `json:"user"`
	Profiles      []string                     `json:"profiles"`
	Command       []string                     `json:"command"`
	Environment   map[string]string            `json:"environment"`
	Volumes       []any                        `json:"volumes"`
}

// composeConfig resolves compose files with `docker-compose config`.
func composeConfig(t *testing.T, files ...string) map[string]composeService {
	t.Helper()
	return composeConfigEnv(t, nil, files...)
}

// composeConfigEnv is composeConfig with env (NAME=value) set for the
// file's variable substitution.
func composeConfigEnv(t *testing.T, env []string, files ...string) map[string]composeService {
	t.Helper()
	bin := requireTool(t, "docker-compose", "apt-get install -y docker-compose")
	var args []string
	for _, f := range files {
		args = append(args, "-f", f)
	}
	cmd := exec.Command(bin, append(args, "config")...)
	cmd.Dir = repoRoot(t)
	cmd.Env = append(append(os.Environ(), "COMPOSE_PROJECT_NAME=tidingsconfig"), env...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("docker-compose %s config: %v", strings.Join(files, " "), err)
	}
	var cfg struct {
		Services map[string]composeService `json:"services"`
	}
	if err := yaml.Unmarshal(out, &cfg); err != nil {
		t.Fatal(err)
	}
	return cfg.Services
}

// TestComposeConfig checks docker-compose.yml and the CI override as
// docker-compose resolves them: every service has a healthcheck, a restart
// policy and a memory limit; the stages wait for healthy dependencies; the
// enricher can be scaled; the override builds everything locally.
func TestComposeConfig(t *testing.T) {
	services := composeConfig(t, "docker-compose.yml")
	for _, name := range []string{"nats", "fetcher", "parser", "enricher", "sink", "postgres", "prometheus", "grafana"} {
		s, ok := services[name]
		if !ok {
			t.Errorf("no service %s", name)
			continue
		}
		if len(s.Healthcheck) == 0 || s.Restart == "" || s.MemLimit == nil {
			t.Errorf("%s: healthcheck, restart and mem_limit are required (got %v, %q, %v)", name, s.Healthcheck != nil, s.Restart, s.MemLimit)
		}
	}
	for _, name := range stages {
		if services[name].DependsOn["nats"]["condition"] != "service_healthy" {
			t.Errorf("%s does not wait for a healthy nats", name)
		}
	}
	if services["sink"].DependsOn["postgres"]["condition"] != "service_healthy" {
		t.Error("sink does not wait for a healthy postgres")
	}
	if e := services["enricher"]; len(e.Ports) != 0 || e.ContainerName != "" {
		t.Error("enricher has host ports or a container name: --scale enricher=3 would fail")
	}

	ci := composeConfig(t, "docker-compose.yml", "docker-compose.ci.yml")
	for _, name := range []string{"nats", "postgres", "prometheus", "fetcher", "parser", "enricher", "sink"} {
		if img := ci[name].Image; !strings.HasPrefix(img, "tidings/") {
			t.Errorf("CI override: %s uses %s, not a locally built tidings/ image", name, img)
		}
	}
	if len(ci["grafana"].Profiles) == 0 {
		t.Error("CI override: grafana (not buildable here) is not moved to a profile")
	}
}

// TestComposeOperatorDefaults: the stack with its development passwords is
// reachable from this host only unless the operator says otherwise
// (TIDINGS_BIND), and the fetcher, which creates processed/ and failed/ in
// the host's inbox, can run as the host user (TIDINGS_UID, TIDINGS_GID).
func TestComposeOperatorDefaults(t *testing.T) {
	bound := func(env []string, want string) {
		t.Helper()
		n := 0
		for name, s := range composeConfigEnv(t, env, "docker-compose.yml") {
			for _, p := range s.Ports {
				n++
				host := ""
				switch p := p.(type) {
				case string: // docker-compose v1: "127.0.0.1:4222:4222/tcp"
					if parts := strings.Split(p, ":"); len(parts) == 3 {
						host = parts[0]
					}
				case map[string]any: // compose v2: {host_ip: ..., published: ...}
					host, _ = p["host_ip"].(string)
				}
				if host != want {
					t.Errorf("%v: %s publishes %v on %q, want %q", env, name, p, host, want)
				}
			}
		}
		if n < 5 {
			t.Errorf("%v: only %d published ports found", env, n)
		}
	}
	bound(nil, "127.0.0.1")
	bound([]string{"TIDINGS_BIND=0.0.0.0"}, "0.0.0.0")
	// The APIs' bearer token: none unless TIDINGS_API_TOKEN says one.
	for env, want := range map[string]string{"": "", "TIDINGS_API_TOKEN=s3cret": "s3cret"} {
		services := composeConfigEnv(t, strings.Fields(env), "docker-compose.yml")
		for _, svc := range []string{"fetcher", "sink"} {
			if got, ok := services[svc].Environment["TIDINGS_API_TOKEN"]; !ok || got != want {
				t.Errorf("%q: %s's TIDINGS_API_TOKEN is %q (set %v), want %q", env, svc, got, ok, want)
			}
		}
	}
	if u := composeConfig(t, "docker-compose.yml")["fetcher"].User; u != "65532:65532" {
		t.Errorf("fetcher runs as %q, want 65532:65532 by default", u)
	}
	if u := composeConfigEnv(t, []string{"TIDINGS_UID=1000", "TIDINGS_GID=1001"}, "docker-compose.yml")["fetcher"].User; u != "1000:1001" {
		t.Errorf("fetcher runs as %q with TIDINGS_UID=1000 TIDINGS_GID=1001", u)
	}
}

// TestComposeClusterConfig checks deploy/compose/cluster.yml over
// docker-compose.yml (and with both CI overrides): three NATS nodes on
// cluster.conf with their own server names and volumes, the topology owner
// run once before the stages, and every stage given all three URLs and
// three replicas.
func TestComposeClusterConfig(t *testing.T) {
	files := []string{"docker-compose.yml", "docker-compose.ci.yml", "deploy/compose/cluster.yml", "deploy/compose/cluster.ci.yml"}
	services := composeConfig(t, files...)
	volumes := map[string]bool{}
	for i, name := range []string{"nats", "nats-2", "nats-3"} {
		s := services[name]
		if strings.Join(s.Command, " ") != "--config /etc/nats/cluster.conf" {
			t.Errorf("%s runs %q, want --config /etc/nats/cluster.conf", name, s.Command)
		}
		if want := fmt.Sprintf("nats-%d", i+1); s.Environment["NATS_SERVER_NAME"] != want {
			t.Errorf("%s has server name %q, want %s", name, s.Environment["NATS_SERVER_NAME"], want)
		}
		if !strings.HasPrefix(s.Image, "tidings/nats") || len(s.Healthcheck) == 0 {
			t.Errorf("%s: image %s, healthcheck %v; want the locally built tidings/nats with a healthcheck", name, s.Image, s.Healthcheck)
		}
		for _, v := range s.Volumes { // "source:target:mode" as docker-compose v1 prints them
			if parts := strings.Split(fmt.Sprint(v), ":"); len(parts) >= 2 && parts[1] == "/data" {
				volumes[parts[0]] = true
			}
		}
	}
	if len(volumes) != 3 {
		t.Errorf("the three NATS nodes have %d data volumes, want one each: %v", len(volumes), volumes)
	}
	if top := services["topology"]; !strings.Contains(strings.Join(top.Command, " "), "topology apply --replicas 3") {
		t.Errorf("topology service runs %q", top.Command)
	}
	for _, name := range stages {
		s := services[name]
		if s.DependsOn["topology"]["condition"] != "service_completed_successfully" {
			t.Errorf("%s does not wait for the topology to be applied", name)
		}
		if s.Environment["TIDINGS_NATS_URL"] != "nats://nats-1:4222,nats://nats-2:4222,nats://nats-3:4222" || s.Environment["TIDINGS_STREAM_REPLICAS"] != "3" {
			t.Errorf("%s: TIDINGS_NATS_URL %q, TIDINGS_STREAM_REPLICAS %q; want the three nodes and 3",
				name, s.Environment["TIDINGS_NATS_URL"], s.Environment["TIDINGS_STREAM_REPLICAS"])
		}
	}
}
