package parser

import (
	"context"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
)

// Component is the parser stage: it consumes documents and publishes the
// articles parsed from them. It has no flags of its own.
func Component() stage.Component {
	return stage.Component{
		Name:     events.StageParser,
		HTTPAddr: ":8082",
		Start: func(_ context.Context, svc *stage.Service) (func(context.Context) error, error) {
			return svc.Router(stage.RouterConfig{Consumer: events.ParserConsumer()}, NewHandler()).Run, nil
		},
	}
}
