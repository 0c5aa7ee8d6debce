// Command sink is the last stage of the Tidings pipeline: it stores every
// enriched article exactly once by id in the store named by --store-url
// (TIDINGS_STORE_URL), SQLite by default, and serves the read API under
// /api/v1 on its HTTP address (bearer token from --api-token, TIDINGS_API_TOKEN).
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"strconv"

	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/services/sink"
	"github.com/tidings-news/tidings/services/sink/api"
	"github.com/tidings-news/tidings/services/sink/store"
)

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(sink.GCPercent)
	}
	var storeURL, apiToken string
	stage.Main(events.StageSink, ":8084", func(f *stage.Flags) {
		f.String(&storeURL, "store-url", "sqlite://./data/tidings.db",
			"where articles are stored: sqlite:///abs/path.db, sqlite://rel/path.db, a file path or postgres://user:pass@host/db")
		f.String(&apiToken, "api-token", "",
			"bearer token the read API under /api/v1 requires (empty: no token)")
		f.Default("concurrency", strconv.Itoa(sink.DefaultConcurrency))
	}, func(ctx context.Context, svc *stage.Service) error {
		return run(ctx, svc, storeURL, apiToken)
	})
}

func run(ctx context.Context, svc *stage.Service, url, apiToken string) (err error) {
	kind, _, err := store.ParseURL(url)
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, url)
	if err != nil {
		return fmt.Errorf("open store: %w", err)
	}
	defer func() { err = errors.Join(err, st.Close()) }()
	fields := []zap.Field{zap.String("kind", kind)}
	if s, ok := st.(*store.SQLite); ok {
		fields = append(fields, zap.String("path", s.Path()))
	}
	svc.Log.Info("store open", fields...)
	api.Mount(svc.HTTP.Mux(), st, apiToken, svc.Log.Named("api"))
	return sink.Run(ctx, svc, st)
}
