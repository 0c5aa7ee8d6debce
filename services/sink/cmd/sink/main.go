// Command sink is the last stage of the Tidings pipeline: it stores every
// enriched article exactly once by id in the store named by --store-url
// (TIDINGS_STORE_URL), SQLite by default.
package main

import (
	"context"
	"errors"
	"fmt"

	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/services/sink"
	"github.com/tidings-news/tidings/services/sink/store"
)

func main() {
	var storeURL string
	stage.Main(events.StageSink, ":8084", func(f *stage.Flags) {
		f.String(&storeURL, "store-url", "sqlite://./data/tidings.db",
			"where articles are stored: sqlite:///abs/path.db, sqlite://rel/path.db or a file path")
	}, func(ctx context.Context, svc *stage.Service) error {
		return run(ctx, svc, storeURL)
	})
}

func run(ctx context.Context, svc *stage.Service, url string) (err error) {
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
	return sink.Run(ctx, svc, st)
}
