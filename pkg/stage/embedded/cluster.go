package embedded

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// Cluster is a JetStream cluster of servers in this process (tests and
// benchmarks of replicated streams).
type Cluster struct {
	Servers []*Server
}

// StartCluster runs n clustered JetStream servers (nodes n1…nN) on free
// loopback ports with their stores under dir, and waits until they have
// elected a meta leader.
func StartCluster(n int, dir string) (*Cluster, error) {
	ports := make([]int, n)
	for i := range ports {
		p, err := FreePort()
		if err != nil {
			return nil, err
		}
		ports[i] = p
	}
	var routes []*url.URL
	for _, p := range ports {
		routes = append(routes, &url.URL{Scheme: "nats-route", Host: fmt.Sprintf("127.0.0.1:%d", p)})
	}
	c := &Cluster{}
	for i := range n {
		name := fmt.Sprintf("n%d", i+1)
		opts := &server.Options{
			ServerName: name, Host: "127.0.0.1", Port: -1,
			JetStream: true, StoreDir: filepath.Join(dir, name), NoSigs: true, NoLog: true,
			Cluster: server.ClusterOpts{Name: "tidings-test", Host: "127.0.0.1", Port: ports[i]},
			Routes:  routes,
		}
		ns, err := server.NewServer(opts)
		if err != nil {
			c.Stop()
			return nil, fmt.Errorf("embedded cluster node %s: %w", name, err)
		}
		go ns.Start()
		c.Servers = append(c.Servers, &Server{ns})
	}
	for _, s := range c.Servers {
		if !s.ReadyForConnections(30 * time.Second) {
			c.Stop()
			return nil, fmt.Errorf("embedded cluster: node %s not ready after 30s", s.Name())
		}
	}
	deadline := time.Now().Add(30 * time.Second)
	for !c.ready() {
		if time.Now().After(deadline) {
			c.Stop()
			return nil, errors.New("embedded cluster: no JetStream meta leader after 30s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	return c, nil
}

// ready reports whether every node is current with an elected meta leader.
func (c *Cluster) ready() bool {
	leader := false
	for _, s := range c.Servers {
		if !s.JetStreamIsClustered() || !s.JetStreamIsCurrent() {
			return false
		}
		leader = leader || s.JetStreamIsLeader()
	}
	return leader
}

// URLs are the client URLs of every node, comma separated.
func (c *Cluster) URLs() string {
	var urls []string
	for _, s := range c.Servers {
		urls = append(urls, s.ClientURL())
	}
	return strings.Join(urls, ",")
}

// Stop shuts every node down.
func (c *Cluster) Stop() {
	for _, s := range c.Servers {
		s.Stop()
	}
}

// FreePort is a TCP port on 127.0.0.1 that was free a moment ago.
func FreePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}
