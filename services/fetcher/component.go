package fetcher

import (
	"context"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
)

// Component is the fetcher stage on cfg (its flags bind into cfg): it
// watches the inbox and publishes each document dropped there. Its
// readiness check is "inbox".
func Component(cfg *Config) stage.Component {
	return stage.Component{
		Name:     events.StageFetcher,
		HTTPAddr: ":8081",
		Bind:     cfg.Bind,
		Start: func(_ context.Context, svc *stage.Service) (func(context.Context) error, error) {
			c := *cfg
			c.StageMetrics, c.Replicas = svc.Metrics, svc.Config.StreamReplicas
			f, err := New(svc.JS, c, svc.Registry, svc.Log)
			if err != nil {
				return nil, err
			}
			svc.AddCheck("inbox", f.Ready)
			return f.Run, nil
		},
	}
}
