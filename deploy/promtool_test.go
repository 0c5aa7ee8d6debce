package deploy

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

const promInstall = "apt-get install -y prometheus (Debian ships promtool with it)"

// promtool runs promtool in dir and fails the test on a non-zero exit.
func promtool(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command(requireTool(t, "promtool", promInstall), args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("promtool %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// promtoolCheckMetrics runs `promtool check metrics` on an exposition; any
// finding (lint problems included) fails the test.
func promtoolCheckMetrics(t *testing.T, what string, exposition []byte) {
	t.Helper()
	cmd := exec.Command(requireTool(t, "promtool", promInstall), "check", "metrics")
	cmd.Stdin = bytes.NewReader(exposition)
	out, err := cmd.CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "" {
		t.Errorf("promtool check metrics on %s is not clean (%v):\n%s", what, err, out)
	}
}

// TestAlertRules runs `promtool check rules` and `promtool test rules`, and
// checks that every alert has a unit test and a runbook section.
func TestAlertRules(t *testing.T) {
	dir := filepath.Join(deployDir(t), "prometheus")
	promtool(t, dir, "check", "rules", "alerts.yml")
	out := promtool(t, dir, "test", "rules", "alerts_test.yml")
	if !strings.Contains(out, "SUCCESS") {
		t.Errorf("promtool test rules did not report SUCCESS:\n%s", out)
	}

	alerts := alertNames(t, filepath.Join(dir, "alerts.yml"))
	if len(alerts) < 5 {
		t.Fatalf("only %d alerts: %v", len(alerts), alerts)
	}
	tests, err := os.ReadFile(filepath.Join(dir, "alerts_test.yml"))
	if err != nil {
		t.Fatal(err)
	}
	runbook, err := os.ReadFile(filepath.Join(deployDir(t), "RUNBOOK.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range alerts {
		if !regexp.MustCompile(`alertname: ` + a + `\n`).Match(tests) {
			t.Errorf("alert %s has no promtool unit test in alerts_test.yml", a)
		}
		if !regexp.MustCompile(`(?m)^## ` + a + `$`).Match(runbook) {
			t.Errorf("alert %s has no section \"## %s\" in RUNBOOK.md", a, a)
		}
	}
}

// TestPrometheusConfig checks the compose stack's prometheus.yml with
// promtool, its rule file path pointed at the repository's alerts.yml.
func TestPrometheusConfig(t *testing.T) {
	dir := filepath.Join(deployDir(t), "prometheus")
	data, err := os.ReadFile(filepath.Join(dir, "prometheus.yml"))
	if err != nil {
		t.Fatal(err)
	}
	const inContainer = "/etc/prometheus/alerts.yml"
	if !strings.Contains(string(data), inContainer) {
		t.Fatalf("prometheus.yml does not load %s", inContainer)
	}
	tmp := t.TempDir()
	cfg := strings.ReplaceAll(string(data), inContainer, filepath.Join(dir, "alerts.yml"))
	if err := os.WriteFile(filepath.Join(tmp, "prometheus.yml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	promtool(t, tmp, "check", "config", "prometheus.yml")
}

// alertNames lists the alerts of a rule file.
func alertNames(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Groups []struct {
			Rules []struct {
				Alert string `json:"alert"`
			} `json:"rules"`
		} `json:"groups"`
	}
	if err := yaml.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, g := range f.Groups {
		for _, r := range g.Rules {
			if r.Alert != "" {
				names = append(names, r.Alert)
			}
		}
	}
	return names
}
