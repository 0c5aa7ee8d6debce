package enricher

import (
	"context"
	"fmt"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/services/enricher/extract"
	"github.com/tidings-news/tidings/services/enricher/registry"
)

// Component is the enricher stage: it consumes parsed articles and publishes
// the enriched records. Canonical entity ids are kept in the JetStream
// key-value bucket "tidings-entities" (with the streams' replicas), shared
// by all replicas of the stage. It has no flags of its own.
func Component() stage.Component {
	return stage.Component{
		Name:     events.StageEnricher,
		HTTPAddr: ":8083",
		Start: func(ctx context.Context, svc *stage.Service) (func(context.Context) error, error) {
			kv, err := stage.Topology{Replicas: svc.Config.StreamReplicas, Log: svc.Log}.EnsureKeyValue(ctx, svc.JS)
			if err != nil {
				return nil, err
			}
			x, err := extract.New(extract.Options{Registry: registry.NewKV(kv)})
			if err != nil {
				return nil, fmt.Errorf("enricher: %w", err)
			}
			return svc.Router(stage.RouterConfig{Consumer: events.EnricherConsumer()}, NewHandler(x)).Run, nil
		},
	}
}
