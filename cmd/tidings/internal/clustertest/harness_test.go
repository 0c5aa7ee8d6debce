package clustertest

import (
	"context"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/moby/moby/api/types/container"
	mobynet "github.com/moby/moby/api/types/network"
	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/network"
	"github.com/testcontainers/testcontainers-go/wait"

	"github.com/tidings-news/tidings/pkg/stage/stagetest"
)

// Images the suite runs: `make images-ci` builds them FROM scratch.
const (
	imageNATS     = "tidings/nats:latest"
	imagePostgres = "tidings/postgres-ci:latest"
	imagePrefix   = "tidings/"
	pgPassword    = "tidings-test"
)

// stageHTTP is the metrics/health port of each stage in its container.
var stageHTTP = map[string]string{"fetcher": "8081", "parser": "8082", "enricher": "8083", "sink": "8084"}

// requireChaos skips unless TIDINGS_CHAOS is set (make chaos), and fails
// under CI=true when Docker or an image is missing.
func requireChaos(t testing.TB) {
	t.Helper()
	if os.Getenv("TIDINGS_CHAOS") == "" {
		t.Skip("the cluster tests run with TIDINGS_CHAOS=1: make chaos")
	}
	os.Setenv("TESTCONTAINERS_RYUK_DISABLED", "true")
	missing := func(what string) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true and %s", what)
		}
		t.Skipf("%s; run make chaos (it builds the images first)", what)
	}
	if out, err := exec.Command("docker", "version", "--format", "{{.Server.Version}}").CombinedOutput(); err != nil {
		missing(fmt.Sprintf("Docker is not usable: %v %s", err, out))
	}
	for _, img := range []string{imageNATS, imagePostgres, "tidings/fetcher:latest", "tidings/parser:latest", "tidings/enricher:latest", "tidings/sink:latest"} {
		if err := exec.Command("docker", "image", "inspect", img).Run(); err != nil {
			missing("image " + img + " is missing (make images-ci)")
		}
	}
}

// node is one NATS server of the cluster, reachable from the test on fixed
// host ports (the same after a restart).
type node struct {
	name        string
	ctr         testcontainers.Container
	clientPort  int
	monitorPort int
}

// stageCtr is one stage container.
type stageCtr struct {
	kind     string
	name     string
	ctr      testcontainers.Container
	httpPort int
}

// cluster is one run of the suite: the network, three NATS nodes,
// PostgreSQL, the stages, the inbox, and the faults injected.
type cluster struct {
	t      testing.TB
	ctx    context.Context
	net    *testcontainers.DockerNetwork
	nodes  []*node
	pg     testcontainers.Container
	pgPort int
	inbox  string

	// urls is how every stage reaches NATS: every node by its network alias.
	urls string

	mu     sync.Mutex
	stages []*stageCtr
	faults []fault
}

// fault is one event of a fault injection (a kill, a restart, a cut, a heal).
type fault struct {
	at   time.Time
	what string
}

// newCluster creates the private network and the inbox; nothing runs yet.
func newCluster(t testing.TB) *cluster {
	t.Helper()
	ctx := context.Background()
	nw, err := network.New(ctx)
	if err != nil {
		t.Fatal(err)
	}
	testcontainers.CleanupNetwork(t, nw)
	inbox := filepath.Join(t.TempDir(), "inbox")
	if err := os.MkdirAll(inbox, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(inbox, 0o777); err != nil { // the stages run as uid 65532
		t.Fatal(err)
	}
	c := &cluster{t: t, ctx: ctx, net: nw, inbox: inbox}
	t.Cleanup(c.removeInboxLeftovers)
	return c
}

// removeInboxLeftovers lets the test's TempDir be removed: the fetcher
// (uid 65532) created processed/ and failed/ inside it.
func (c *cluster) removeInboxLeftovers() {
	_ = os.RemoveAll(c.inbox)
}

// portBinding publishes container ports on fixed 127.0.0.1 host ports.
func portBinding(ports map[string]int) func(*container.HostConfig) {
	return func(hc *container.HostConfig) {
		hc.PortBindings = mobynet.PortMap{}
		for cport, hport := range ports {
			hc.PortBindings[mobynet.MustParsePort(cport+"/tcp")] = []mobynet.PortBinding{
				{HostIP: netip.MustParseAddr("127.0.0.1"), HostPort: strconv.Itoa(hport)},
			}
		}
	}
}

// tryRun starts a container on the cluster's network and schedules its removal.
func (c *cluster) tryRun(req testcontainers.ContainerRequest) (testcontainers.Container, error) {
	req.Networks = []string{c.net.Name}
	ctr, err := testcontainers.GenericContainer(c.ctx, testcontainers.GenericContainerRequest{ContainerRequest: req, Started: true})
	testcontainers.CleanupContainer(c.t, ctr)
	return ctr, err
}

// runOnPorts starts the container build makes for host ports chosen for
// cports (container ports), choosing again when another process took one
// of them meanwhile; it returns the container and the host ports.
func (c *cluster) runOnPorts(cports []string, build func(host map[string]int) testcontainers.ContainerRequest) (testcontainers.Container, map[string]int) {
	c.t.Helper()
	for attempt := 1; ; attempt++ {
		host := map[string]int{}
		for _, p := range cports {
			host[p] = freePort(c.t)
		}
		req := build(host)
		ctr, err := c.tryRun(req)
		if err == nil {
			return ctr, host
		}
		if !strings.Contains(err.Error(), "port is already allocated") || attempt == 5 {
			c.t.Fatalf("start %s: %v", req.Image, err)
		}
	}
}

// natsUsers are the passwords of deploy/nats/users.conf's users.
func natsUsers() map[string]string {
	env := map[string]string{}
	for _, u := range []string{"fetcher", "parser", "enricher", "sink", "admin"} {
		env["NATS_"+strings.ToUpper(u)+"_PASSWORD"] = u + "-test"
	}
	return env
}

// startNATS starts the three nodes at once (as a cluster must: each waits
// for the others' routes) on deploy/nats/cluster.conf.
func (c *cluster) startNATS() { c.startNodes(3) }

// startNodes starts n NATS nodes at once: three on cluster.conf, or one on
// the single node's nats.conf.
func (c *cluster) startNodes(count int) {
	c.t.Helper()
	c.nodes = make([]*node, count)
	conf := "/etc/nats/cluster.conf"
	if count == 1 {
		conf = "/etc/nats/nats.conf"
	}
	var urls []string
	var wg sync.WaitGroup
	for i := range c.nodes {
		n := &node{name: fmt.Sprintf("nats-%d", i+1)}
		c.nodes[i] = n
		urls = append(urls, "nats://"+n.name+":4222")
		env := natsUsers()
		env["NATS_SERVER_NAME"] = n.name
		build := func(host map[string]int) testcontainers.ContainerRequest {
			return testcontainers.ContainerRequest{
				Image:              imageNATS,
				Cmd:                []string{"--config", conf},
				Env:                env,
				ExposedPorts:       []string{"4222/tcp", "8222/tcp"},
				NetworkAliases:     map[string][]string{c.net.Name: {n.name}},
				HostConfigModifier: portBinding(host),
				WaitingFor:         wait.ForLog("Server is ready").WithStartupTimeout(60 * time.Second),
			}
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			var host map[string]int
			n.ctr, host = c.runOnPorts([]string{"4222", "8222"}, build)
			n.clientPort, n.monitorPort = host["4222"], host["8222"]
		}()
	}
	wg.Wait()
	c.urls = strings.Join(urls, ",")
}

// waitJetStream waits until every running node answers /healthz with its
// JetStream current (a meta leader elected, its assets caught up).
func (c *cluster) waitJetStream(timeout time.Duration, nodes ...*node) {
	c.t.Helper()
	if len(nodes) == 0 {
		nodes = c.nodes
	}
	waitFor(c.t, "JetStream healthy on every node", timeout, func() error {
		for _, n := range nodes {
			if err := httpOK(fmt.Sprintf("http://127.0.0.1:%d/healthz", n.monitorPort)); err != nil {
				return fmt.Errorf("%s: %w", n.name, err)
			}
		}
		return nil
	})
}

// startPostgres starts PostgreSQL (alias postgres) for the sinks.
func (c *cluster) startPostgres() {
	c.t.Helper()
	var host map[string]int
	c.pg, host = c.runOnPorts([]string{"5432"}, func(host map[string]int) testcontainers.ContainerRequest {
		return testcontainers.ContainerRequest{
			Image:              imagePostgres,
			Env:                map[string]string{"POSTGRES_USER": "tidings", "POSTGRES_PASSWORD": pgPassword, "POSTGRES_DB": "tidings"},
			ExposedPorts:       []string{"5432/tcp"},
			NetworkAliases:     map[string][]string{c.net.Name: {"postgres"}},
			HostConfigModifier: portBinding(host),
			WaitingFor:         wait.ForLog("database system is ready to accept connections").WithStartupTimeout(60 * time.Second),
		}
	})
	c.pgPort = host["5432"]
}

// stageRequest is the container of one stage (on host port port): every
// URL of the cluster, its own NATS user, as many replicas as nodes.
func (c *cluster) stageRequest(kind string, port int) testcontainers.ContainerRequest {
	env := map[string]string{
		"TIDINGS_NATS_URL":        c.urls,
		"TIDINGS_NATS_USER":       kind,
		"TIDINGS_NATS_PASSWORD":   kind + "-test",
		"TIDINGS_STREAM_REPLICAS": strconv.Itoa(len(c.nodes)),
		"TIDINGS_HTTP_ADDR":       ":" + stageHTTP[kind],
		"TIDINGS_LOG_FORMAT":      "json",
		"TIDINGS_LOG_LEVEL":       "info",
	}
	binds := []string(nil)
	switch kind {
	case "fetcher":
		env["TIDINGS_INBOX"] = "/inbox"
		binds = []string{c.inbox + ":/inbox"}
	case "sink":
		env["TIDINGS_STORE_URL"] = "postgres://tidings:" + pgPassword + "@postgres:5432/tidings?sslmode=disable"
	}
	return testcontainers.ContainerRequest{
		Image:        imagePrefix + kind + ":latest",
		Env:          env,
		ExposedPorts: []string{stageHTTP[kind] + "/tcp"},
		HostConfigModifier: func(hc *container.HostConfig) {
			portBinding(map[string]int{stageHTTP[kind]: port})(hc)
			hc.Binds = binds
		},
	}
}

// startStages starts 1 fetcher, 2 parsers, 3 enrichers and 2 sinks at once
// and, with waitReady, waits until each answers /readyz.
func (c *cluster) startStages(waitReady bool) {
	c.t.Helper()
	var wg sync.WaitGroup
	for kind, n := range map[string]int{"fetcher": 1, "parser": 2, "enricher": 3, "sink": 2} {
		for i := range n {
			wg.Add(1)
			go func() { defer wg.Done(); c.startStage(kind, i+1) }()
		}
	}
	wg.Wait()
	if waitReady {
		c.waitStagesReady(2 * time.Minute)
	}
}

// startStage starts the i-th stage container of kind (fetcher-1, ...).
func (c *cluster) startStage(kind string, i int) *stageCtr {
	s := &stageCtr{kind: kind, name: fmt.Sprintf("%s-%d", kind, i)}
	var host map[string]int
	s.ctr, host = c.runOnPorts([]string{stageHTTP[kind]}, func(host map[string]int) testcontainers.ContainerRequest {
		return c.stageRequest(kind, host[stageHTTP[kind]])
	})
	s.httpPort = host[stageHTTP[kind]]
	c.mu.Lock()
	c.stages = append(c.stages, s)
	c.mu.Unlock()
	return s
}

// waitStagesReady waits until every stage answers /readyz 200.
func (c *cluster) waitStagesReady(timeout time.Duration) {
	c.t.Helper()
	waitFor(c.t, "every stage ready", timeout, func() error {
		for _, s := range c.stages {
			if err := httpOK(fmt.Sprintf("http://127.0.0.1:%d/readyz", s.httpPort)); err != nil {
				return fmt.Errorf("%s: %w", s.name, err)
			}
		}
		return nil
	})
}

// stage returns the stage container called name (fetcher-1, sink-2, ...).
func (c *cluster) stage(name string) *stageCtr {
	for _, s := range c.stages {
		if s.name == name {
			return s
		}
	}
	c.t.Fatalf("no stage %s", name)
	return nil
}

// docker runs the docker CLI and fails the test on error.
func (c *cluster) docker(args ...string) string {
	c.t.Helper()
	out, err := exec.Command("docker", args...).CombinedOutput()
	if err != nil {
		c.t.Fatalf("docker %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// record notes a fault event, logged with the time since the test began.
func (c *cluster) record(what string) {
	c.mu.Lock()
	c.faults = append(c.faults, fault{at: time.Now(), what: what})
	c.mu.Unlock()
	c.t.Logf("%s: %s", time.Now().Format("15:04:05.000"), what)
}

// kill sends SIGKILL to a container.
func (c *cluster) kill(ctr testcontainers.Container, what string) {
	c.docker("kill", "--signal", "KILL", ctr.GetContainerID())
	c.record("SIGKILL " + what)
}

// start starts a stopped or killed container again.
func (c *cluster) start(ctr testcontainers.Container, what string) {
	c.docker("start", ctr.GetContainerID())
	c.record("started " + what)
}

// disconnect cuts a node off the network (peers and clients alike).
func (c *cluster) disconnect(n *node) {
	c.docker("network", "disconnect", c.net.Name, n.ctr.GetContainerID())
	c.record("disconnected " + n.name + " from the network")
}

// connect puts a node back on the network under its alias.
func (c *cluster) connect(n *node) {
	c.docker("network", "connect", "--alias", n.name, c.net.Name, n.ctr.GetContainerID())
	c.record("reconnected " + n.name)
}

// stopAll sends SIGTERM to every stage at once and requires each to exit 0.
func (c *cluster) stopAll() {
	c.t.Helper()
	var wg sync.WaitGroup
	for _, s := range c.stages {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = exec.Command("docker", "stop", "-t", "40", s.ctr.GetContainerID()).CombinedOutput()
		}()
	}
	wg.Wait()
	for _, s := range c.stages {
		if code := c.docker("inspect", "--format", "{{.State.ExitCode}}", s.ctr.GetContainerID()); code != "0" {
			c.t.Errorf("%s exited %s after SIGTERM, want 0\n%s", s.name, code, c.logs(s.ctr, 30))
		}
	}
}

// logs is the tail of a container's log.
func (c *cluster) logs(ctr testcontainers.Container, lines int) string {
	out, _ := exec.Command("docker", "logs", "--tail", strconv.Itoa(lines), ctr.GetContainerID()).CombinedOutput()
	return string(out)
}

// exited lists the stages that are not running (and how they ended).
func (c *cluster) exited() []string {
	var out []string
	for _, s := range c.stages {
		st := c.docker("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", s.ctr.GetContainerID())
		if !strings.HasPrefix(st, "running") {
			out = append(out, s.name+" "+st)
		}
	}
	return out
}

// waitFor polls cond every 250 ms until it returns nil or timeout passes.
func waitFor(t testing.TB, what string, timeout time.Duration, cond func() error) {
	t.Helper()
	stagetest.Eventually(t, what, timeout, 250*time.Millisecond, cond)
}

// httpOK GETs url and fails unless it answers 200.
func httpOK(url string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	_, err := stagetest.HTTPGet(ctx, url)
	return err
}

// freePort is a TCP port on 127.0.0.1 that was free a moment ago.
var freePort = stagetest.FreePort
