// Command fetcher runs the Tidings fetcher stage: it watches an inbox folder
// and publishes each document dropped there to the documents stream.
package main

import (
	"context"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/services/fetcher"
)

func main() {
	var cfg fetcher.Config
	stage.Main(events.StageFetcher, ":8081", cfg.Bind, func(ctx context.Context, svc *stage.Service) error {
		cfg.StageMetrics, cfg.Replicas = svc.Metrics, svc.Config.StreamReplicas
		f, err := fetcher.New(svc.JS, cfg, svc.Registry, svc.Log)
		if err != nil {
			return err
		}
		svc.HTTP.AddCheck("inbox", f.Ready)
		return f.Run(ctx)
	})
}
