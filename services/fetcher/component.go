package fetcher

import (
	"context"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
)

// Component is the fetcher stage on cfg (its flags bind into cfg): it
// watches the inbox, takes uploads, URLs and feeds over HTTP (mounted on the
// service's server under /api/v1), polls the feeds it holds leases on and
// fetches the pages asked for, and publishes each document. Its readiness
// checks are "inbox" and the URL consumer's.
func Component(cfg *Config) stage.Component {
	return stage.Component{
		Name:     events.StageFetcher,
		HTTPAddr: ":8081",
		Bind:     cfg.Bind,
		Start: func(ctx context.Context, svc *stage.Service) (func(context.Context) error, error) {
			c := *cfg
			c.StageMetrics, c.Replicas = svc.Metrics, svc.Config.StreamReplicas
			in, err := NewIntake(ctx, svc.JS, c, svc.Registry, svc.Log)
			if err != nil {
				return nil, err
			}
			if err := in.RegisterFeedsFile(ctx); err != nil {
				return nil, err
			}
			pages := svc.Router(stage.RouterConfig{Consumer: events.FetcherConsumer()}, in.Pages())
			f, err := New(svc.JS, c, svc.Registry, svc.Log, in.Sources(pages)...)
			if err != nil {
				return nil, err
			}
			in.Use(f)
			in.Mount(svc.HTTP.Mux())
			svc.AddCheck("inbox", f.Ready)
			return f.Run, nil
		},
	}
}
