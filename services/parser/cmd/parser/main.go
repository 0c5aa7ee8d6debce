// Command parser runs the parser stage of Tidings: it consumes documents,
// extracts articles and publishes them for the enricher.
package main

import (
	"context"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/services/parser"
)

func main() {
	stage.Main(events.StageParser, ":8082", nil, func(ctx context.Context, svc *stage.Service) error {
		return svc.Router(stage.RouterConfig{Consumer: events.ParserConsumer()}, parser.NewHandler()).Run(ctx)
	})
}
