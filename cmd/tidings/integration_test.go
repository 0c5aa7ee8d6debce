package main_test

import (
	"context"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/network"
	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/wait"

	"github.com/tidings-news/tidings/cmd/tidings/internal/fixtures"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
	"github.com/tidings-news/tidings/services/sink/store"
)

// requireDocker skips on a laptop without Docker and fails under CI=true,
// where the integration prerequisites are mandatory.
func requireDocker(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("integration test: needs Docker (skipped with -short)")
	}
	os.Setenv("TESTCONTAINERS_RYUK_DISABLED", "true")
	p, err := testcontainers.NewDockerProvider()
	if err == nil {
		defer p.Close()
		err = p.Health(context.Background())
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true and Docker is not usable: %v", err)
		}
		t.Skipf("Docker is not usable here (%v); run with a Docker engine for the integration tests", err)
	}
}

// natsDockerfile is a plain JetStream server FROM scratch: the test image
// (deploy/docker/nats.Dockerfile is the production one, with users and
// permissions). Nothing is pulled.
const natsDockerfile = `FROM scratch
COPY nats-server /nats-server
EXPOSE 4222
ENTRYPOINT ["/nats-server"]
CMD ["--jetstream", "--store_dir", "/data"]
`

// natsContext prepares a Docker build context: the NATS server compiled from
// its Go module and natsDockerfile.
func natsContext(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	build := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w", "-o", filepath.Join(dir, "nats-server"), "github.com/nats-io/nats-server/v2")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build nats-server: %v\n%s", err, out)
	}
	if err := os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte(natsDockerfile), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// startService builds (once) and runs the binary of the stage called name
// with its TIDINGS_* environment.
func startService(t *testing.T, name string, env ...string) *proc {
	t.Helper()
	bin := stagetest.Build(t, "github.com/tidings-news/tidings/services/"+name+"/cmd/"+name)
	addr := freeAddr(t)
	env = append(env, "TIDINGS_HTTP_ADDR="+addr, "TIDINGS_LOG_FORMAT=console", "TIDINGS_LOG_LEVEL=warn")
	return start(t, name, bin, addr, nil, env)
}

// TestServicesOnContainerNATS runs the four stage binaries against NATS in a
// container, restarts the container mid-run, and checks every document is
// stored exactly once and every service stops cleanly on SIGTERM.
func TestServicesOnContainerNATS(t *testing.T) {
	requireDocker(t)
	ctx := context.Background()
	hostPort := strings.Split(freeAddr(t), ":")[1]
	nats, err := testcontainers.GenericContainer(ctx, testcontainers.GenericContainerRequest{
		ContainerRequest: testcontainers.ContainerRequest{
			FromDockerfile: testcontainers.FromDockerfile{Context: natsContext(t), Repo: "tidings-test/nats", Tag: "local", KeepImage: true},
			ExposedPorts:   []string{"4222/tcp"},
			// A fixed host port, so that clients find the server again after a restart.
			HostConfigModifier: func(hc *container.HostConfig) {
				hc.PortBindings = network.PortMap{network.MustParsePort("4222/tcp"): []network.PortBinding{
					{HostIP: netip.MustParseAddr("127.0.0.1"), HostPort: hostPort},
				}}
			},
			WaitingFor: wait.ForLog("Server is ready").WithStartupTimeout(60 * time.Second),
		},
		Started: true,
	})
	testcontainers.CleanupContainer(t, nats)
	if err != nil {
		t.Fatal(err)
	}
	natsURL := "TIDINGS_NATS_URL=nats://127.0.0.1:" + hostPort

	dir := t.TempDir()
	inbox := filepath.Join(dir, "inbox")
	dbURL := "sqlite://" + filepath.Join(dir, "tidings.db")
	procs := []*proc{
		startService(t, "fetcher", natsURL, "TIDINGS_INBOX="+inbox, "TIDINGS_SETTLE_TIME=50ms"),
		startService(t, "parser", natsURL),
		startService(t, "enricher", natsURL),
		startService(t, "sink", natsURL, "TIDINGS_STORE_URL="+dbURL),
	}
	for _, p := range procs {
		waitFor(t, p.name+" ready", 60*time.Second, p.ready)
	}
	st, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stored := func() int { n, _ := st.Count(ctx); return n }

	arts := fixtures.Generate(20, 21)
	if _, err := fixtures.Write(inbox, arts[:10]); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "10 records", 60*time.Second, func() bool { return stored() == 10 })

	// NATS goes away and comes back on the same port with the same store.
	timeout := 10 * time.Second
	if err := nats.Stop(ctx, &timeout); err != nil {
		t.Fatal(err)
	}
	if _, err := fixtures.Write(inbox, arts[10:]); err != nil { // written during the outage
		t.Fatal(err)
	}
	time.Sleep(time.Second)
	if err := nats.Start(ctx); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "all 20 records after the NATS restart", 90*time.Second, func() bool { return stored() == 20 })
	for _, p := range procs {
		waitFor(t, p.name+" ready again", 30*time.Second, p.ready)
	}

	for _, p := range procs {
		p.terminate(t)
	}
	for _, p := range procs {
		if err := p.exit(30 * time.Second); err != nil {
			t.Errorf("%s on SIGTERM: %v\n%s", p.name, err, p.logs)
		}
	}
	if n := stored(); n != 20 {
		t.Fatalf("%d records, want 20", n)
	}
}
