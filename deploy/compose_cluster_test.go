package deploy

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestComposeCluster runs docker-compose.yml with deploy/compose/cluster.yml
// (and both CI overrides) as a new user would: three NATS nodes, the
// topology applied once by `tidings topology apply --replicas 3`, then the
// stages. It drops 200 articles, SIGKILLs the node nats-2 half-way, and
// requires every article stored once and the DLQ empty. It runs with
// TIDINGS_E2E=1 (make e2e).
func TestComposeCluster(t *testing.T) {
	if os.Getenv("TIDINGS_E2E") == "" {
		t.Skip("the docker-compose cluster test runs with TIDINGS_E2E=1: make e2e")
	}
	requireDocker(t)
	requireTool(t, "docker-compose", "apt-get install -y docker-compose")
	root := repoRoot(t)
	buildImages(t, root, "images-ci")

	inbox := filepath.Join(t.TempDir(), "inbox")
	if err := os.MkdirAll(inbox, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(inbox, 0o777); err != nil {
		t.Fatal(err)
	}
	c := &composeStack{t: t, root: root, project: fmt.Sprintf("tidingscluster%d", os.Getpid()),
		overrides: []string{"deploy/compose/cluster.yml", "deploy/compose/cluster.ci.yml"}}
	c.env = []string{"TIDINGS_INBOX_DIR=" + inbox}
	for _, p := range []string{"NATS", "NATS_MONITOR", "FETCHER", "PARSER", "SINK", "PROMETHEUS", "GRAFANA"} {
		c.env = append(c.env, fmt.Sprintf("TIDINGS_%s_PORT=%d", p, freePort(t)))
	}
	t.Cleanup(func() {
		if t.Failed() {
			out, _ := c.cmd("logs", "--no-color", "--tail", "30").CombinedOutput()
			t.Logf("--- docker-compose logs:\n%s", tail(out, 16384))
		}
		if out, err := c.cmd("down", "-v", "--remove-orphans", "--timeout", "20").CombinedOutput(); err != nil {
			t.Errorf("docker-compose down: %v\n%s", err, out)
		}
		_ = os.RemoveAll(inbox) // processed/ belongs to the stages' user
	})

	start := time.Now()
	c.run("up", "-d")
	want := map[string]int{"nats": 1, "nats-2": 1, "nats-3": 1, "postgres": 1, "fetcher": 1, "parser": 1, "enricher": 1, "sink": 1}
	waitFor(t, "every container healthy", 3*time.Minute, 2*time.Second, func() error {
		got := c.containers()
		for svc, n := range want {
			if len(got[svc]) != n {
				return fmt.Errorf("%s: %d containers", svc, len(got[svc]))
			}
			if h := inspect(t, got[svc][0], "{{.State.Health.Status}}"); h != "healthy" {
				return fmt.Errorf("%s is %s", svc, h)
			}
		}
		return nil
	})
	t.Logf("cluster stack healthy after %s", time.Since(start).Round(time.Second))
	top := c.containers()["topology"]
	if len(top) != 1 || inspect(t, top[0], "{{.State.ExitCode}}") != "0" {
		t.Fatalf("the topology service did not run to exit 0: %v", top)
	}
	logs, _ := exec.Command("docker", "logs", top[0]).CombinedOutput()
	if !strings.Contains(string(logs), "TIDINGS_DOCUMENTS") || !strings.Contains(string(logs), "replicas 3") {
		t.Errorf("tidings topology apply --replicas 3 did not report the topology:\n%s", tail(logs, 4096))
	}

	drop := func(from, to int) {
		for i := from; i < to; i++ {
			if err := os.WriteFile(filepath.Join(inbox, fmt.Sprintf("article-%03d.txt", i)), []byte(article(i)), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	drop(0, 100)
	c.run("kill", "nats-2")
	drop(100, 200)
	storeURL := "postgres://tidings:tidings-dev@postgres:5432/tidings?sslmode=disable"
	waitFor(t, "200 articles stored", 3*time.Minute, 2*time.Second, func() error {
		out, err := c.export(storeURL)
		if err != nil {
			return err
		}
		if n := distinctSources(out); n != 200 {
			return fmt.Errorf("%d articles stored", n)
		}
		return nil
	})
	c.run("start", "nats-2")
	out, err := exec.Command("docker", "run", "--rm", "--network", c.project+"_default", "tidings/tidings:latest",
		"dlq", "list", "--json", "--nats-url", "nats://nats-1:4222,nats://nats-3:4222", "--nats-user", "admin", "--nats-password", "admin-dev").CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "" {
		t.Errorf("the DLQ after a node was killed mid-run: %v %s, want it empty", err, tail(out, 2048))
	}
}

// distinctSources counts the records of an export and fails (-1) on a
// source exported twice.
func distinctSources(export string) int {
	seen := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(export))
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var rec struct {
			Source string `json:"source"`
		}
		if json.Unmarshal(sc.Bytes(), &rec) != nil || rec.Source == "" {
			continue
		}
		if seen[rec.Source] {
			return -1
		}
		seen[rec.Source] = true
	}
	return len(seen)
}
