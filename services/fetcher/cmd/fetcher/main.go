// Command fetcher runs the Tidings fetcher stage: it watches an inbox folder
// and publishes each document dropped there to the documents stream.
package main

import (
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/services/fetcher"
)

func main() { stage.Main(fetcher.Component(&fetcher.Config{})) }
