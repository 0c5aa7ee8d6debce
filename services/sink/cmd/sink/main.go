// Command sink is the last stage of the Tidings pipeline: it stores every
// enriched article exactly once by id in the store named by --store-url
// (TIDINGS_STORE_URL), SQLite by default, and serves the read API under
// /api/v1 on its HTTP address (bearer token from --api-token, TIDINGS_API_TOKEN).
package main

import (
	"os"
	"runtime/debug"

	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/services/sink"
)

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(sink.GCPercent)
	}
	stage.Main(sink.Component(&sink.Config{}))
}
