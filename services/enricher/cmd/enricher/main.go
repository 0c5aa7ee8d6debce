// Command enricher runs the enricher stage of Tidings: it consumes parsed
// articles, extracts entities, quotes and CAMEO events, and publishes the
// enriched records for the sink, and each event, entity and quote on its
// own subject.
package main

import (
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/services/enricher"
)

func main() { stage.Main(enricher.Component(&enricher.Config{})) }
