package deploy

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// panelQuery is one PromQL target of a dashboard panel.
type panelQuery struct{ panel, expr string }

// dashboardQueries lists every target of every panel of the dashboard.
func dashboardQueries(t *testing.T) []panelQuery {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(deployDir(t), "grafana", "dashboards", "tidings.json"))
	if err != nil {
		t.Fatal(err)
	}
	type panel struct {
		Title   string `json:"title"`
		Type    string `json:"type"`
		Targets []struct {
			Expr string `json:"expr"`
		} `json:"targets"`
		Panels []json.RawMessage `json:"panels"`
	}
	var dash struct {
		UID    string  `json:"uid"`
		Panels []panel `json:"panels"`
	}
	if err := json.Unmarshal(data, &dash); err != nil {
		t.Fatalf("dashboard JSON: %v", err)
	}
	if dash.UID != "tidings" {
		t.Errorf("dashboard uid %q, want tidings", dash.UID)
	}
	var qs []panelQuery
	for _, p := range dash.Panels {
		if p.Type == "row" {
			continue
		}
		if len(p.Targets) == 0 {
			t.Errorf("panel %q has no query", p.Title)
		}
		for _, tg := range p.Targets {
			qs = append(qs, panelQuery{p.Title, tg.Expr})
		}
	}
	return qs
}

// grafanaVars replaces the dashboard's variables by what Grafana would send
// for "All stages, last 15 minutes".
var grafanaVars = strings.NewReplacer(
	"$__rate_interval", "1m",
	"$__range", "15m",
	"$stage", ".*",
)

// TestDashboardAgainstPrometheus runs `tidings up`, makes it process
// articles and a page with no text (a dead letter), has Debian's Prometheus
// scrape it, and requires every dashboard query to return data. It also
// runs `promtool check metrics` on the pipeline's /metrics. With a Grafana
// build in TIDINGS_GRAFANA_BIN and TIDINGS_GRAFANA_HOME (make grafana-check)
// it then serves the dashboard from Grafana and queries every panel there.
func TestDashboardAgainstPrometheus(t *testing.T) {
	if testing.Short() {
		t.Skip("starts tidings up and Prometheus; skipped with -short")
	}
	prometheus := requireTool(t, "prometheus", promInstall)
	requireTool(t, "promtool", promInstall)
	queries := dashboardQueries(t)
	grafana, grafanaHome := grafanaBuild(t)
	tidings := goBuild(t, "cmd/tidings")

	tmp := t.TempDir()
	dataDir := filepath.Join(tmp, "data")
	tidingsAddr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	site := intakeSite(t)
	startProcess(t, filepath.Join(tmp, "tidings.log"), tidings, "up",
		"--data-dir", dataDir, "--http-addr", tidingsAddr, "--nats-listen", "",
		"--settle-time", "50ms", "--rescan-interval", "1s", "--fetch-allow-private")
	timeout := 3 * time.Minute
	if grafana != "" {
		timeout += 3 * time.Minute
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	waitFor(t, "tidings /readyz", time.Minute, 200*time.Millisecond, func() error {
		_, err := httpGet(ctx, "http://"+tidingsAddr+"/readyz")
		return err
	})

	natsMetricsAddr := startNATSMetrics(ctx, t, tidings, tmp)

	promAddr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	cfg := fmt.Sprintf(`global: {scrape_interval: 1s, evaluation_interval: 1s}
rule_files: [%q]
scrape_configs:
  - job_name: tidings
    static_configs: [{targets: [%q]}]
  - job_name: nats
    static_configs: [{targets: [%q]}]
`, filepath.Join(deployDir(t), "prometheus", "alerts.yml"), tidingsAddr, natsMetricsAddr)
	cfgPath := filepath.Join(tmp, "prometheus.yml")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	startProcess(t, filepath.Join(tmp, "prometheus.log"), prometheus,
		"--config.file="+cfgPath, "--storage.tsdb.path="+filepath.Join(tmp, "tsdb"),
		"--web.listen-address="+promAddr)
	prom := "http://" + promAddr
	waitFor(t, "Prometheus scraping tidings", time.Minute, 300*time.Millisecond, func() error {
		res, err := promQuery(ctx, prom, `up{job="tidings"} == 1`)
		if err == nil && len(res) == 0 {
			err = fmt.Errorf("target not up yet")
		}
		return err
	})

	// Work arrives after Prometheus has seen the counters at zero, in two
	// waves: histogram series only appear with their first observation, so
	// the first wave creates them and the second gives rate() an increase.
	time.Sleep(2 * time.Second)
	inbox := filepath.Join(dataDir, "inbox")
	const articles = 12
	drop := func(from, to int) {
		for i := from; i < to; i++ {
			name := filepath.Join(inbox, fmt.Sprintf("article-%02d.txt", i))
			if err := os.WriteFile(name, []byte(article(i)), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	drop(0, 2)
	// A page with no text passes the inbox's checks and is dead-lettered by
	// the parser (broken JSON no longer gets that far: the fetcher rejects it).
	broken := `<html><head><title></title><script>var x = 1;</script></head><body><div><img src="a.png"></div></body></html>`
	if err := os.WriteFile(filepath.Join(inbox, "broken.html"), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the first wave in Prometheus", time.Minute, 500*time.Millisecond, func() error {
		res, err := promQuery(ctx, prom, `tidings_end_to_end_latency_seconds_count{stage="sink"} >= 2`)
		if err == nil && len(res) == 0 {
			err = fmt.Errorf("not scraped yet")
		}
		return err
	})
	time.Sleep(1500 * time.Millisecond)
	drop(2, articles)
	// The intake too: an upload, a page, a feed of one item.
	exerciseIntake(ctx, t, tidingsAddr, site.URL)
	const intakeArticles = 3
	var metrics []byte
	waitFor(t, "the sink to store every article and the parser to dead-letter the broken one", 90*time.Second, 500*time.Millisecond, func() error {
		var err error
		metrics, err = httpGet(ctx, "http://"+tidingsAddr+"/metrics")
		if err != nil {
			return err
		}
		acked := metricValue(metrics, "tidings_messages_processed_total", `stage="sink"`, `outcome="ack"`)
		dead := metricValue(metrics, "tidings_dead_letters_total")
		if acked < articles+intakeArticles || dead < 1 {
			return fmt.Errorf("sink acked %v of %d, %v dead letters", acked, articles+intakeArticles, dead)
		}
		return nil
	})
	promtoolCheckMetrics(t, "tidings up /metrics", metrics)

	checkAlertMetricNames(t, metrics)

	// Let Prometheus scrape the final counters a few times.
	time.Sleep(4 * time.Second)
	intakeSeen(ctx, t, prom)
	checkDeadLetterAlert(ctx, t, prom)
	checkNATSMetrics(ctx, t, prom, natsMetricsAddr)
	for _, q := range queries {
		expr := grafanaVars.Replace(q.expr)
		if strings.Contains(expr, "$") {
			t.Errorf("panel %q: unknown variable left in %s", q.panel, expr)
			continue
		}
		res, err := promQuery(ctx, prom, expr)
		switch {
		case err != nil:
			t.Errorf("panel %q: %s: %v", q.panel, expr, err)
		case len(res) == 0:
			t.Errorf("panel %q: no data for %s", q.panel, expr)
		case !anyNumber(res):
			t.Errorf("panel %q: only NaN for %s: %v", q.panel, expr, res)
		default:
			t.Logf("panel %q: %d series", q.panel, len(res))
		}
	}
	if grafana != "" {
		checkGrafana(ctx, t, grafana, grafanaHome, prom, queries)
	}
}

// sample is one series of an instant-query answer.
type sample struct {
	Metric map[string]string `json:"metric"`
	Value  [2]any            `json:"value"`
}

// promQuery runs an instant query against the Prometheus HTTP API.
func promQuery(ctx context.Context, base, expr string) ([]sample, error) {
	body, err := httpGet(ctx, base+"/api/v1/query?query="+url.QueryEscape(expr))
	if err != nil {
		return nil, fmt.Errorf("%w: %s", err, body)
	}
	var r struct {
		Status string `json:"status"`
		Error  string `json:"error"`
		Data   struct {
			ResultType string   `json:"resultType"`
			Result     []sample `json:"result"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, err
	}
	if r.Status != "success" {
		return nil, fmt.Errorf("query failed: %s", r.Error)
	}
	if r.Data.ResultType != "vector" {
		return nil, fmt.Errorf("result type %s, want vector", r.Data.ResultType)
	}
	return r.Data.Result, nil
}

// anyNumber reports whether some sample is a number (not NaN).
func anyNumber(res []sample) bool {
	for _, s := range res {
		str, _ := s.Value[1].(string)
		if v, err := strconv.ParseFloat(str, 64); err == nil && !math.IsNaN(v) {
			return true
		}
	}
	return false
}

// checkAlertMetricNames requires every tidings_* metric an alert uses to be
// exposed by the pipeline, so that the promtool unit tests' synthetic series
// cannot drift from the real names.
func checkAlertMetricNames(t *testing.T, exposition []byte) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(deployDir(t), "prometheus", "alerts.yml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range regexp.MustCompile(`tidings_[a-z_]+`).FindAllString(string(data), -1) {
		if !regexp.MustCompile(`(?m)^` + name + `[{ ]`).Match(exposition) {
			t.Errorf("alerts.yml uses %s, which /metrics does not expose", name)
		}
	}
}

// checkDeadLetterAlert requires the real dead letter to have set off
// TidingsDeadLettersGrowing (pending, or firing after its minute).
func checkDeadLetterAlert(ctx context.Context, t *testing.T, prom string) {
	t.Helper()
	waitFor(t, "TidingsDeadLettersGrowing for the parser", 20*time.Second, time.Second, func() error {
		body, err := httpGet(ctx, prom+"/api/v1/alerts")
		if err != nil {
			return err
		}
		var r struct {
			Data struct {
				Alerts []struct {
					Labels map[string]string `json:"labels"`
					State  string            `json:"state"`
				} `json:"alerts"`
			} `json:"data"`
		}
		if err := json.Unmarshal(body, &r); err != nil {
			return err
		}
		for _, a := range r.Data.Alerts {
			if a.Labels["alertname"] == "TidingsDeadLettersGrowing" && a.Labels["stage"] == "parser" && a.Labels["reason"] == "unparseable" {
				return nil
			}
		}
		return fmt.Errorf("not active: %s", tail(body, 1024))
	})
}

// startNATSMetrics runs a NATS server on deploy/nats/nats.conf (its
// monitoring port moved to a free one), declares the pipeline's streams
// there with `tidings topology apply` as the admin user, and starts
// `tidings nats-metrics` on it, as the compose stack does; it returns the
// address of its /metrics.
func startNATSMetrics(ctx context.Context, t *testing.T, tidings, tmp string) string {
	t.Helper()
	ns := natsServerWithConfig(t, true)
	out, err := exec.CommandContext(ctx, tidings, "topology", "apply", "--replicas", "1",
		"--nats-url", ns.ClientURL(), "--nats-user", "admin", "--nats-password", "admin-test").CombinedOutput()
	if err != nil {
		t.Fatalf("tidings topology apply: %v\n%s", err, out)
	}
	addr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	startProcess(t, filepath.Join(tmp, "nats-metrics.log"), tidings, "nats-metrics",
		"--nats-monitor-url", "http://"+ns.MonitorAddr().String(), "--http-addr", addr)
	waitFor(t, "tidings nats-metrics /readyz", time.Minute, 200*time.Millisecond, func() error {
		_, err := httpGet(ctx, "http://"+addr+"/readyz")
		return err
	})
	return addr
}

// checkNATSMetrics requires the NATS figures of both jobs in Prometheus:
// `tidings up`'s embedded server (job tidings) and the server read by
// `tidings nats-metrics` (job nats), streams and traffic included, and a
// clean `promtool check metrics` on the latter's /metrics.
func checkNATSMetrics(ctx context.Context, t *testing.T, prom, addr string) {
	t.Helper()
	for _, job := range []string{"tidings", "nats"} {
		for _, expr := range []string{
			`min by (job) (nats_up{job="%s"}) == 1`,
			`nats_varz_total_connections{job="%s"} >= 1`,
			`nats_varz_in_msgs{job="%s"} > 0`,
			`nats_server_total_streams{job="%s"} >= 6`,
			`nats_consumer_num_pending{job="%s", stream_name="TIDINGS_DOCUMENTS"}`,
		} {
			expr := fmt.Sprintf(expr, job)
			res, err := promQuery(ctx, prom, expr)
			if err != nil || len(res) == 0 {
				t.Errorf("no NATS figure in Prometheus for %s (%v)", expr, err)
			}
		}
	}
	metrics, err := httpGet(ctx, "http://"+addr+"/metrics")
	if err != nil {
		t.Fatal(err)
	}
	promtoolCheckMetrics(t, "tidings nats-metrics /metrics", metrics)
}

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

// metricValue sums the samples of a metric family in a text exposition whose
// labels contain every given label pair (`stage="sink"`).
func metricValue(exposition []byte, name string, labels ...string) float64 {
	var sum float64
	re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name) + `(\{[^}]*\})? (\S+)$`)
	for _, m := range re.FindAllSubmatch(exposition, -1) {
		ok := true
		for _, l := range labels {
			if !bytes.Contains(m[1], []byte(l)) {
				ok = false
			}
		}
		if v, err := strconv.ParseFloat(string(m[2]), 64); ok && err == nil {
			sum += v
		}
	}
	return sum
}
