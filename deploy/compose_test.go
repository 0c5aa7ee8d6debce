package deploy

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// composeStack drives one docker-compose project of docker-compose.yml with
// the CI override.
type composeStack struct {
	t       *testing.T
	root    string
	project string
	env     []string
	// overrides are further compose files after the CI override.
	overrides []string
	// oneOff counts the containers run by tidings, for unique names.
	oneOff int
}

func (c *composeStack) cmd(args ...string) *exec.Cmd {
	files := []string{"-f", "docker-compose.yml", "-f", "docker-compose.ci.yml"}
	for _, f := range c.overrides {
		files = append(files, "-f", f)
	}
	full := append(append(files, "-p", c.project), args...)
	cmd := exec.Command("docker-compose", full...)
	cmd.Dir = c.root
	cmd.Env = append(os.Environ(), c.env...)
	return cmd
}

// run runs docker-compose and fails the test on error.
func (c *composeStack) run(args ...string) string {
	c.t.Helper()
	out, err := c.cmd(args...).CombinedOutput()
	if err != nil {
		c.t.Fatalf("docker-compose %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// down removes the stack, its volumes and its network. A second try a few
// seconds later covers a container the daemon is still removing when the
// network goes; a second failure fails the test.
func (c *composeStack) down() {
	c.t.Helper()
	var out []byte
	var err error
	for try := 0; try < 2; try++ {
		if try > 0 {
			time.Sleep(3 * time.Second)
		}
		if out, err = c.cmd("down", "-v", "--remove-orphans", "--timeout", "20").CombinedOutput(); err == nil {
			return
		}
	}
	c.t.Errorf("docker-compose down: %v\n%s", err, out)
}

// containers lists the stack's container ids by service.
func (c *composeStack) containers() map[string][]string {
	c.t.Helper()
	out, err := exec.Command("docker", "ps", "-a", "--filter", "label=com.docker.compose.project="+c.project,
		"--format", `{{.ID}} {{.Label "com.docker.compose.service"}}`).Output()
	if err != nil {
		c.t.Fatalf("docker ps: %v", err)
	}
	m := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if id, svc, ok := strings.Cut(line, " "); ok {
			m[svc] = append(m[svc], id)
		}
	}
	return m
}

// inspect returns a field of docker inspect for a container.
func inspect(t *testing.T, id, format string) string {
	t.Helper()
	out, err := exec.Command("docker", "inspect", "--format", format, id).Output()
	if err != nil {
		t.Fatalf("docker inspect %s: %v", id, err)
	}
	return strings.TrimSpace(string(out))
}

// imagesBuilt records the make targets (images, images-ci) run so far, so
// that the images are built once per test run; images-ci includes images.
var imagesBuilt = map[string]bool{}

func buildImages(t *testing.T, root, target string) {
	t.Helper()
	if imagesBuilt[target] || imagesBuilt["images-ci"] {
		return
	}
	start := time.Now()
	cmd := exec.Command("make", target)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("make %s: %v\n%s", target, err, tail(out, 8192))
	}
	imagesBuilt[target] = true
	t.Logf("make %s: %s", target, time.Since(start).Round(time.Second))
}

// TestComposeStack builds every image FROM scratch (`make images-ci`), checks
// their size, user and labels, runs docker-compose.yml with the CI override
// (three enrichers), drops an article into the inbox and waits for it in the
// sink's store, checks `promtool check metrics` on every stage container and
// that Prometheus scrapes all of them with the alert rules loaded. It runs
// with TIDINGS_E2E=1 (`make e2e`, which .ci/run calls).
func TestComposeStack(t *testing.T) {
	if os.Getenv("TIDINGS_E2E") == "" {
		t.Skip("the docker-compose stack test runs with TIDINGS_E2E=1: make e2e")
	}
	requireDocker(t)
	requireTool(t, "docker-compose", "apt-get install -y docker-compose")
	requireTool(t, "prometheus", promInstall)
	requireTool(t, "promtool", promInstall)
	if _, err := os.Stat("/usr/lib/postgresql/15/bin/postgres"); err != nil {
		requireTool(t, "postgresql-15-is-missing", "apt-get install -y postgresql-15")
	}
	root := repoRoot(t)
	buildImages(t, root, "images-ci")
	checkImages(t)

	// The sink on the stack's PostgreSQL, as in docker-compose.yml.
	storeURL := "postgres://tidings:tidings-dev@postgres:5432/tidings?sslmode=disable"

	inbox := filepath.Join(t.TempDir(), "inbox")
	if err := os.MkdirAll(inbox, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(inbox, 0o777); err != nil { // past the umask
		t.Fatal(err)
	}
	ports := map[string]int{}
	for _, p := range []string{"NATS", "NATS_MONITOR", "FETCHER", "PARSER", "SINK", "PROMETHEUS", "GRAFANA"} {
		ports[p] = freePort(t)
	}
	c := &composeStack{t: t, root: root, project: fmt.Sprintf("tidingse2e%d", os.Getpid())}
	c.env = []string{"TIDINGS_INBOX_DIR=" + inbox}
	for p, n := range ports {
		c.env = append(c.env, fmt.Sprintf("TIDINGS_%s_PORT=%d", p, n))
	}
	t.Cleanup(func() {
		if t.Failed() {
			out, _ := c.cmd("logs", "--no-color", "--tail", "40").CombinedOutput()
			t.Logf("--- docker-compose logs:\n%s", tail(out, 16384))
		}
		c.down()
	})

	start := time.Now()
	c.run("up", "-d", "--scale", "enricher=3")
	wantServices := map[string]int{"nats": 1, "postgres": 1, "fetcher": 1, "parser": 1, "enricher": 3, "sink": 1, "prometheus": 1}
	waitFor(t, "every container healthy", 3*time.Minute, 2*time.Second, func() error {
		got := c.containers()
		for svc, n := range wantServices {
			if len(got[svc]) != n {
				return fmt.Errorf("%s: %d containers, want %d", svc, len(got[svc]), n)
			}
			for _, id := range got[svc] {
				if h := inspect(t, id, "{{.State.Health.Status}}"); h != "healthy" {
					return fmt.Errorf("%s %s is %s", svc, id, h)
				}
			}
		}
		if len(got["grafana"]) != 0 {
			return fmt.Errorf("grafana started although the CI override moves it to a profile")
		}
		return nil
	})
	t.Logf("stack healthy after %s", time.Since(start).Round(time.Second))

	const title = "Harbour reopens after storm"
	doc := title + "\n\nMARSEILLE (AFP) - The port of Marseille reopened on Wednesday after the storm, the harbour master said.\n"
	if err := os.WriteFile(filepath.Join(inbox, "harbour.txt"), []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	// A document over NATS's 1 MiB message limit: every stage moves it
	// through the object store (claim check) under its own NATS user.
	bigTitle, big := largeDocument()
	if err := os.WriteFile(filepath.Join(inbox, "long-report.txt"), big, 0o644); err != nil {
		t.Fatal(err)
	}
	// The fetcher's intake API, on its published port (127.0.0.1).
	const uploadTitle = "Ferry strike ends after talks"
	c.upload(ports["FETCHER"], uploadTitle+"\n\nCALAIS (Reuters) - The ferry crews returned to work on Thursday after talks with the operator, the union said.\n")
	start = time.Now()
	waitFor(t, "the three articles in the sink's store", 2*time.Minute, 2*time.Second, func() error {
		out, err := c.export(storeURL)
		if err != nil {
			return err
		}
		for _, want := range []string{title, bigTitle, uploadTitle} {
			if !strings.Contains(out, want) {
				return fmt.Errorf("%q not exported yet (%d bytes)", want, len(out))
			}
		}
		return nil
	})
	t.Logf("inbox to store: %s", time.Since(start).Round(time.Second))
	c.checkReadAPI(ports["SINK"], title)
	c.checkMetrics()
	c.checkPrometheus(ports["PROMETHEUS"])
}

// upload posts a text document to the fetcher's intake API on the host
// port it is published on, and requires a 202.
func (c *composeStack) upload(port int, doc string) {
	t := c.t
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "POST", fmt.Sprintf("http://127.0.0.1:%d/api/v1/documents?source=e2e-upload", port), strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "text/plain")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("upload to the fetcher: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("upload to the fetcher: %d %s", resp.StatusCode, body)
	}
}

// tidings runs the tidings image once with args in a container on the
// stack's network. The container is removed with `docker rm` before it
// returns, not with `docker run --rm`: the daemon removes an auto-remove
// container after the client has returned, and a `docker-compose down`
// started meanwhile fails with "network ... has active endpoints".
func (c *composeStack) tidings(args ...string) ([]byte, error) {
	c.oneOff++
	name := fmt.Sprintf("%s-oneoff-%d", c.project, c.oneOff)
	run := append([]string{"run", "--name", name, "--network", c.project + "_default", "tidings/tidings:latest"}, args...)
	out, err := exec.Command("docker", run...).CombinedOutput()
	if rm, rmErr := exec.Command("docker", "rm", "-f", "-v", name).CombinedOutput(); rmErr != nil {
		c.t.Logf("docker rm %s: %v %s", name, rmErr, rm)
	}
	return out, err
}

// export runs `tidings export` in a container on the stack's network,
// against the postgres service.
func (c *composeStack) export(storeURL string) (string, error) {
	out, err := c.tidings("export", "--store-url", storeURL)
	if err != nil {
		return "", fmt.Errorf("tidings export: %v: %s", err, tail(out, 2048))
	}
	return string(out), nil
}

// checkReadAPI requires the article in the sink's GET /api/v1/articles.
func (c *composeStack) checkReadAPI(port int, title string) {
	t := c.t
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	body, err := httpGet(ctx, fmt.Sprintf("http://127.0.0.1:%d/api/v1/articles", port))
	switch {
	case err != nil:
		t.Errorf("read API: %v", err)
	case !strings.Contains(string(body), title):
		t.Errorf("GET /api/v1/articles does not list %q: %s", title, tail(body, 1024))
	default:
		t.Log("GET /api/v1/articles lists the article")
	}
}

// checkMetrics runs `promtool check metrics` on the /metrics of every stage
// container, reached on its address in the compose network.
func (c *composeStack) checkMetrics() {
	t := c.t
	ports := map[string]int{"fetcher": 8081, "parser": 8082, "enricher": 8083, "sink": 8084}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for svc, ids := range c.containers() {
		port, ok := ports[svc]
		if !ok {
			continue
		}
		for _, id := range ids {
			ip := inspect(t, id, "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}")
			body, err := httpGet(ctx, fmt.Sprintf("http://%s:%d/metrics", ip, port))
			if err != nil {
				t.Errorf("%s /metrics: %v", svc, err)
				continue
			}
			promtoolCheckMetrics(t, svc+" "+id+" /metrics", body)
		}
	}
}

// checkPrometheus requires the stack's Prometheus to scrape all six stage
// instances and NATS's own figures (nats-metrics), and to have loaded the
// alert rules.
func (c *composeStack) checkPrometheus(port int) {
	t := c.t
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	waitFor(t, "Prometheus scraping the six stage instances", 60*time.Second, 2*time.Second, func() error {
		res, err := promQuery(ctx, base, `up{job=~"tidings-.*"} == 1`)
		if err == nil && len(res) != 6 {
			err = fmt.Errorf("%d instances up, want 6", len(res))
		}
		return err
	})
	waitFor(t, "Prometheus scraping NATS's own figures (job nats)", 60*time.Second, 2*time.Second, func() error {
		res, err := promQuery(ctx, base, `nats_up{job="nats"} == 1 and on() nats_server_total_streams{job="nats"} > 0`)
		if err == nil && len(res) == 0 {
			err = fmt.Errorf("no nats_up 1 with streams yet")
		}
		return err
	})
	body, err := httpGet(ctx, base+"/api/v1/rules")
	if err != nil {
		t.Fatalf("rules: %v", err)
	}
	var r struct {
		Data struct {
			Groups []struct {
				Rules []struct {
					Name string `json:"name"`
				} `json:"rules"`
			} `json:"groups"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, g := range r.Data.Groups {
		n += len(g.Rules)
	}
	if want := len(alertNames(t, filepath.Join(deployDir(t), "prometheus", "alerts.yml"))); n != want {
		t.Errorf("Prometheus loaded %d rules, want %d", n, want)
	}
}

// imageLimit is the size cap of every image. The all-in-one image
// meets it with a self-extracting binary (deploy/selfextract): its 38 MB
// binary is stored zstd-compressed behind a 2 MB stub.
const imageLimit = 30e6

// checkImages holds every image to the rules: small (imageLimit), a
// non-root user, OCI labels.
func checkImages(t *testing.T) {
	for _, name := range []string{"fetcher", "parser", "enricher", "sink", "tidings", "nats"} {
		ref := "tidings/" + name + ":latest"
		out, err := exec.Command("docker", "image", "inspect", "--format",
			`{{.Size}} {{.Config.User}} {{index .Config.Labels "org.opencontainers.image.title"}} {{index .Config.Labels "org.opencontainers.image.source"}}`, ref).Output()
		if err != nil {
			t.Errorf("%s: %v", ref, err)
			continue
		}
		var size int64
		var user, title, source string
		if _, err := fmt.Sscan(string(out), &size, &user, &title, &source); err != nil {
			t.Errorf("%s: inspect %q: %v", ref, out, err)
			continue
		}
		t.Logf("%s: %.1f MB, user %s", ref, float64(size)/1e6, user)
		if float64(size) >= imageLimit {
			t.Errorf("%s is %.1f MB, want under %.0f MB", ref, float64(size)/1e6, imageLimit/1e6)
		}
		if user == "" || strings.HasPrefix(user, "0") || strings.HasPrefix(user, "root") {
			t.Errorf("%s runs as %q, want a non-root user", ref, user)
		}
		if title == "" || source == "" {
			t.Errorf("%s lacks OCI labels (title %q, source %q)", ref, title, source)
		}
	}
}

// TestImageTidings runs the all-in-one image, whose binary is self-extracting
// (deploy/selfextract): `tidings version` answers; `tidings up` turns healthy
// through the image's HEALTHCHECK (every probe goes through the stub too)
// and is the container's only process; `docker stop` (SIGTERM to PID 1)
// reaches it and it stops cleanly. It runs with TIDINGS_E2E=1 (`make e2e`)
// and builds the images with `make images` unless a test built them already.
func TestImageTidings(t *testing.T) {
	if os.Getenv("TIDINGS_E2E") == "" {
		t.Skip("the image tests run with TIDINGS_E2E=1: make e2e")
	}
	requireDocker(t)
	buildImages(t, repoRoot(t), "images")
	const ref = "tidings/tidings:latest"

	out, err := exec.Command("docker", "run", "--rm", ref, "version").CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), "tidings ") {
		t.Fatalf("docker run %s version: %v: %q", ref, err, tail(out, 2048))
	}
	t.Logf("docker run %s version: %s", ref, strings.TrimSpace(string(out)))

	name := fmt.Sprintf("tidings-image-test-%d", os.Getpid())
	if out, err := exec.Command("docker", "run", "-d", "--name", name, ref).CombinedOutput(); err != nil {
		t.Fatalf("docker run -d %s: %v\n%s", ref, err, out)
	}
	t.Cleanup(func() {
		if t.Failed() {
			out, _ := exec.Command("docker", "logs", "--tail", "40", name).CombinedOutput()
			t.Logf("--- %s logs:\n%s", name, tail(out, 8192))
		}
		exec.Command("docker", "rm", "-f", "-v", name).Run()
	})
	start := time.Now()
	waitFor(t, "the tidings container healthy", 90*time.Second, time.Second, func() error {
		if h := inspect(t, name, "{{.State.Health.Status}}"); h != "healthy" {
			return fmt.Errorf("health %q", h)
		}
		return nil
	})
	t.Logf("tidings up healthy after %s", time.Since(start).Round(time.Second))
	top, err := exec.Command("docker", "top", name, "-o", "pid,args").Output()
	if err != nil {
		t.Fatalf("docker top: %v", err)
	}
	if lines := strings.Split(strings.TrimSpace(string(top)), "\n"); len(lines) != 2 || !strings.HasSuffix(lines[1], "/usr/local/bin/tidings up") {
		t.Errorf("docker top: want the one process /usr/local/bin/tidings up, got\n%s", top)
	}

	if out, err := exec.Command("docker", "stop", "-t", "30", name).CombinedOutput(); err != nil {
		t.Fatalf("docker stop: %v\n%s", err, out)
	}
	if code := inspect(t, name, "{{.State.ExitCode}}"); code != "0" {
		t.Errorf("tidings up exited with %s after SIGTERM, want 0", code)
	}
	logs, _ := exec.Command("docker", "logs", name).CombinedOutput()
	if !strings.Contains(string(logs), "tidings stopped cleanly") {
		t.Errorf("tidings up did not log a clean stop after SIGTERM:\n%s", tail(logs, 2048))
	}
}

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
		c.down()
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
	out, err := c.tidings("dlq", "list", "--json", "--nats-url", "nats://nats-1:4222,nats://nats-3:4222",
		"--nats-user", "admin", "--nats-password", "admin-dev")
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
