// Command enricher runs the enricher stage of Tidings: it consumes parsed
// articles, extracts entities, quotes and CAMEO events, and publishes the
// enriched records for the sink. Canonical entity ids are kept in the
// JetStream key-value bucket "tidings-entities", shared by all replicas.
package main

import (
	"context"
	"fmt"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/services/enricher"
	"github.com/tidings-news/tidings/services/enricher/extract"
	"github.com/tidings-news/tidings/services/enricher/registry"
)

func main() {
	stage.Main(events.StageEnricher, ":8083", nil, func(ctx context.Context, svc *stage.Service) error {
		kv, err := registry.EnsureBucket(ctx, svc.JS, svc.Config.StreamReplicas)
		if err != nil {
			return err
		}
		x, err := extract.New(extract.Options{Registry: registry.NewKV(kv)})
		if err != nil {
			return fmt.Errorf("enricher: %w", err)
		}
		return svc.Router(stage.RouterConfig{Consumer: events.EnricherConsumer()}, enricher.NewHandler(x)).Run(ctx)
	})
}
