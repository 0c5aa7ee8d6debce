// Package metric builds the fetcher's Prometheus series: counters by one
// label, created at zero for every value known in advance, and their
// registration, every failure reported at once.
package metric

import (
	"errors"
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
)

// CounterVec is a counter by label whose series for values exist (at zero)
// from the start.
func CounterVec[V ~string](name, help, label string, values ...V) *prometheus.CounterVec {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, []string{label})
	for _, v := range values {
		c.WithLabelValues(string(v))
	}
	return c
}

// Register registers every collector with reg (nil registers nothing); the
// error names what the collectors are the metrics of.
func Register(reg prometheus.Registerer, what string, cs ...prometheus.Collector) error {
	if reg == nil {
		return nil
	}
	var errs []error
	for _, c := range cs {
		errs = append(errs, reg.Register(c))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("register %s metrics: %w", what, err)
	}
	return nil
}
