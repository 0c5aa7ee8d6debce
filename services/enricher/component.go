package enricher

import (
	"context"
	"fmt"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/services/enricher/extract"
	"github.com/tidings-news/tidings/services/enricher/neardup"
	"github.com/tidings-news/tidings/services/enricher/registry"
	"github.com/tidings-news/tidings/services/enricher/stories"
)

// Config configures the enricher stage.
type Config struct {
	// NoFanout turns off the messages of every event, entity and quote
	// published beside the enriched record (see Fanout).
	NoFanout bool
}

// Bind registers the enricher's flags (with TIDINGS_* environment defaults).
func (c *Config) Bind(f *stage.Flags) {
	f.Bool(&c.NoFanout, "no-fanout", false,
		"do not publish each event, entity and quote on its own subject (tidings.events.v1.<root>.<code>, tidings.entities.v1.<type>, tidings.quotes.v1)")
}

// Component is the enricher stage on cfg (its flags bind into cfg): it
// consumes parsed articles and publishes the enriched records, and their
// events, entities and quotes as messages of their own. Canonical entity
// ids are kept in the JetStream key-value bucket "tidings-entities" (with
// the streams' replicas), shared by all replicas of the stage.
func Component(cfg *Config) stage.Component {
	return stage.Component{
		Name:     events.StageEnricher,
		HTTPAddr: ":8083",
		Bind:     cfg.Bind,
		Start: func(ctx context.Context, svc *stage.Service) (func(context.Context) error, error) {
			var kv jetstream.KeyValue
			err := svc.Declare(ctx, "entity KV bucket", func(ctx context.Context) (err error) {
				kv, err = stage.Topology{Replicas: svc.Config.StreamReplicas, Log: svc.Log}.EnsureKeyValue(ctx, svc.JS)
				return err
			})
			if err != nil {
				return nil, err
			}
			x, err := extract.New(extract.Options{Registry: registry.NewKV(kv)})
			if err != nil {
				return nil, fmt.Errorf("enricher: %w", err)
			}
			var fan *Fanout
			if !cfg.NoFanout {
				fan = &Fanout{FirstSeen: registry.NewFirstSeen(kv)}
			}
			group, err := openGrouping(ctx, svc)
			if err != nil {
				return nil, err
			}
			return svc.Router(stage.RouterConfig{Consumer: events.EnricherConsumer()}, NewGroupingHandler(x, fan, group)).Run, nil
		},
	}
}

// openGrouping opens the near-duplicate and story buckets the replicas share.
func openGrouping(ctx context.Context, svc *stage.Service) (*Grouping, error) {
	top := stage.Topology{Replicas: svc.Config.StreamReplicas, Log: svc.Log}
	var dups, sts jetstream.KeyValue
	err := svc.Declare(ctx, "near-duplicate and story buckets", func(ctx context.Context) (err error) {
		if dups, err = top.KeyValue(ctx, svc.JS, events.BucketNearDup); err != nil {
			return err
		}
		sts, err = top.KeyValue(ctx, svc.JS, events.BucketStories)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &Grouping{Dups: neardup.NewIndex(neardup.NewKVStore(dups)),
		Stories: stories.NewAssigner(stories.Config{}, stories.NewKVStore(sts))}, nil
}
