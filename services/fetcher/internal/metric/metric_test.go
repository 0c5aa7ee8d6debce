package metric

import (
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

func TestCounterVecStartsAtZero(t *testing.T) {
	type reason string
	c := CounterVec("test_total", "Test.", "reason", reason("a"), reason("b"))
	if n := testutil.CollectAndCount(c); n != 2 {
		t.Fatalf("series: got %d, want 2 (one a value)", n)
	}
	if v := testutil.ToFloat64(c.WithLabelValues("a")); v != 0 {
		t.Fatalf("a: got %v, want 0", v)
	}
}

func TestRegisterReportsEveryFailure(t *testing.T) {
	if err := Register(nil, "test", prometheus.NewCounter(prometheus.CounterOpts{Name: "x_total", Help: "X."})); err != nil {
		t.Fatalf("nil registry: %v", err)
	}
	reg := prometheus.NewRegistry()
	a := prometheus.NewCounter(prometheus.CounterOpts{Name: "a_total", Help: "A."})
	b := prometheus.NewCounter(prometheus.CounterOpts{Name: "b_total", Help: "B."})
	if err := Register(reg, "test", a, b); err != nil {
		t.Fatal(err)
	}
	err := Register(reg, "test", a, b)
	if err == nil || !strings.HasPrefix(err.Error(), "register test metrics: ") || strings.Count(err.Error(), "duplicate") < 2 {
		t.Fatalf("registering twice: got %v, want both failures under register test metrics", err)
	}
}
