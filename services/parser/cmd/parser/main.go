// Command parser runs the parser stage of Tidings: it consumes documents,
// extracts articles and publishes them for the enricher.
package main

import (
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/services/parser"
)

func main() { stage.Main(parser.Component()) }
