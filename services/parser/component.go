package parser

import (
	"context"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
)

// Component is the parser stage: it consumes documents and publishes the
// articles parsed from them. It has no flags of its own.
func Component() stage.Component {
	return stage.Consuming(events.StageParser, ":8082", events.ParserConsumer(),
		func(context.Context, *stage.Service) (stage.Handler, error) { return NewHandler(), nil })
}
