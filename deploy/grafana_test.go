package deploy

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Environment of the Grafana check: a Grafana server binary and its home
// (conf/, public/), as deploy/grafana/build.sh leaves them (make grafana).
const (
	envGrafanaBin  = "TIDINGS_GRAFANA_BIN"
	envGrafanaHome = "TIDINGS_GRAFANA_HOME"
)

// grafanaBuild returns the Grafana binary and home the environment names,
// or "" when the check is not asked for.
func grafanaBuild(t *testing.T) (bin, home string) {
	bin, home = os.Getenv(envGrafanaBin), os.Getenv(envGrafanaHome)
	if bin == "" {
		return "", ""
	}
	if home == "" {
		t.Fatalf("%s is set but %s is not", envGrafanaBin, envGrafanaHome)
	}
	return bin, home
}

// checkGrafana starts Grafana on the repository's provisioning files (the
// compose stack's, with the Prometheus URL and the dashboards path pointed
// at this test's) and requires, through Grafana's own API, that the
// datasource and the Tidings dashboard are provisioned and that every
// panel query returns numbers: what a user sees at :3000, but the drawing.
func checkGrafana(ctx context.Context, t *testing.T, bin, home, prom string, queries []panelQuery) {
	t.Helper()
	tmp := t.TempDir()
	prov := filepath.Join(tmp, "provisioning")
	for _, f := range []struct{ file, from, to string }{
		{"datasources/prometheus.yml", "http://prometheus:9090", prom},
		{"dashboards/tidings.yml", "/var/lib/grafana/dashboards", filepath.Join(deployDir(t), "grafana", "dashboards")},
	} {
		data, err := os.ReadFile(filepath.Join(deployDir(t), "grafana", "provisioning", f.file))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(data, []byte(f.from)) {
			t.Fatalf("%s no longer holds %s: update this test", f.file, f.from)
		}
		dst := filepath.Join(prov, f.file)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, bytes.ReplaceAll(data, []byte(f.from), []byte(f.to)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []string{"plugins", "notifiers", "alerting"} {
		if err := os.MkdirAll(filepath.Join(prov, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	port := freePort(t)
	ini := fmt.Sprintf(`[server]
http_addr = 127.0.0.1
http_port = %d
[paths]
data = %s
logs = %s
plugins = %s
provisioning = %s
[security]
admin_user = admin
admin_password = admin
[auth.anonymous]
enabled = true
org_role = Viewer
[analytics]
reporting_enabled = false
check_for_updates = false
check_for_plugin_updates = false
[log]
mode = console
`, port, filepath.Join(tmp, "data"), filepath.Join(tmp, "logs"), filepath.Join(tmp, "plugins"), prov)
	iniPath := filepath.Join(tmp, "grafana.ini")
	if err := os.WriteFile(iniPath, []byte(ini), 0o644); err != nil {
		t.Fatal(err)
	}
	startProcess(t, filepath.Join(tmp, "grafana.log"), bin, "server", "--homepath", home, "--config", iniPath)
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	waitFor(t, "Grafana /api/health", 2*time.Minute, 500*time.Millisecond, func() error {
		_, err := httpGet(ctx, base+"/api/health")
		return err
	})

	var dash struct {
		Meta struct {
			Provisioned bool   `json:"provisioned"`
			FolderTitle string `json:"folderTitle"`
		} `json:"meta"`
		Dashboard struct {
			Title  string            `json:"title"`
			Panels []json.RawMessage `json:"panels"`
		} `json:"dashboard"`
	}
	waitFor(t, "the Tidings dashboard provisioned", time.Minute, 500*time.Millisecond, func() error {
		data, err := httpGet(ctx, base+"/api/dashboards/uid/tidings")
		if err != nil {
			return err
		}
		return json.Unmarshal(data, &dash)
	})
	provider, err := os.ReadFile(filepath.Join(prov, "dashboards", "tidings.yml"))
	if err != nil {
		t.Fatal(err)
	}
	folder := regexp.MustCompile(`(?m)^\s*folder:\s*([^#\n]*[^#\s])`).FindSubmatch(provider)
	if folder == nil {
		t.Fatal("dashboards/tidings.yml names no folder")
	}
	if !dash.Meta.Provisioned || dash.Meta.FolderTitle != string(folder[1]) || len(dash.Dashboard.Panels) == 0 {
		t.Errorf("dashboard %q: provisioned %v in folder %q with %d panels; want provisioned in %q",
			dash.Dashboard.Title, dash.Meta.Provisioned, dash.Meta.FolderTitle, len(dash.Dashboard.Panels), folder[1])
	}

	// The $stage variable's values (the stages that consume a stream),
	// through Grafana's datasource proxy.
	values, err := httpGet(ctx, base+"/api/datasources/proxy/uid/prometheus/api/v1/label/stage/values?match[]=tidings_messages_received_total")
	if err != nil {
		t.Fatalf("stage variable: %v", err)
	}
	for _, st := range []string{"parser", "enricher", "sink"} {
		if !bytes.Contains(values, []byte(`"`+st+`"`)) {
			t.Errorf("stage variable lacks %s: %s", st, values)
		}
	}

	// Every panel query as the dashboard sends it for "All stages, last 5
	// minutes": Grafana's backend fills $__rate_interval and $__range.
	for _, q := range queries {
		expr := strings.ReplaceAll(q.expr, "$stage", ".*")
		n, err := grafanaQuery(ctx, base, expr)
		switch {
		case err != nil:
			t.Errorf("Grafana, panel %q: %s: %v", q.panel, expr, err)
		case n == 0:
			t.Errorf("Grafana, panel %q: no numbers for %s", q.panel, expr)
		default:
			t.Logf("Grafana, panel %q: %d values", q.panel, n)
		}
	}
}

// grafanaQuery runs expr as a range query over the last 5 minutes through
// Grafana's /api/ds/query on the provisioned datasource and counts the
// numbers (not null, not NaN) in the frames it answers.
func grafanaQuery(ctx context.Context, base, expr string) (int, error) {
	body, err := json.Marshal(map[string]any{
		"from": "now-5m", "to": "now",
		"queries": []map[string]any{{
			"refId": "A", "expr": expr, "range": true, "instant": false,
			"datasource": map[string]string{"type": "prometheus", "uid": "prometheus"},
			"intervalMs": 1000, "maxDataPoints": 300,
		}},
	})
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/ds/query", bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.SetBasicAuth("admin", "admin")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("%s: %s", resp.Status, data)
	}
	var out struct {
		Results map[string]struct {
			Error  string `json:"error"`
			Frames []struct {
				Data struct {
					Values []json.RawMessage `json:"values"`
				} `json:"data"`
			} `json:"frames"`
		} `json:"results"`
	}
	if err := json.Unmarshal(data, &out); err != nil {
		return 0, fmt.Errorf("decode %s: %w", data, err)
	}
	res := out.Results["A"]
	if res.Error != "" {
		return 0, fmt.Errorf("query error: %s", res.Error)
	}
	n := 0
	for _, f := range res.Frames {
		if len(f.Data.Values) < 2 {
			continue
		}
		var vals []*float64 // the value field (the first is time); NaN arrives as null
		if err := json.Unmarshal(f.Data.Values[1], &vals); err != nil {
			return 0, fmt.Errorf("decode values: %w", err)
		}
		for _, v := range vals {
			if v != nil {
				n++
			}
		}
	}
	return n, nil
}
