package fetcher

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/services/fetcher/feeds"
	"github.com/tidings-news/tidings/services/fetcher/web"
)

// Pages is the handler of the URL requests (events.FetcherConsumer): it
// fetches each page politely and sends it on as an HTML document with its
// canonical URL and the feed's date, deduplicated by the canonical URL
// (events.PageItemID). A failure that may pass (timeout, server error) is
// retried with backoff; one that cannot, or the last retry's, goes to the
// DLQ with its reason (robots, http_4xx, too_large, not_html,
// blocked_address…) and, for a feed's item, into the feed's status.
func (in *Intake) Pages() stage.Handler {
	return stage.HandlerFunc(func(ctx context.Context, d *stage.Delivery) ([]stage.Output, error) {
		var req events.URLRequest
		if err := json.Unmarshal(d.Data, &req); err != nil {
			return nil, stage.Permanent(stage.ReasonDecode, fmt.Errorf("decode URL request: %w", err))
		}
		return nil, in.fetchPage(ctx, d, &req)
	})
}

// maxDeliver is the deliveries a URL request gets.
var maxDeliver = uint64(events.FetcherConsumer().MaxDeliver)

// fetchPage fetches the page of req and publishes it; the request is
// acknowledged once the server has stored the document.
func (in *Intake) fetchPage(ctx context.Context, d *stage.Delivery, req *events.URLRequest) error {
	page, err := in.client.Page(ctx, req.URL)
	if err != nil {
		return in.pageFailed(ctx, d, req, err)
	}
	res, err := in.publishItem(ctx, Item{Name: page.URL, MediaType: events.MediaHTML, Raw: page.HTML,
		SourceURL: page.URL, Published: req.Published, TraceID: req.TraceID, ItemID: events.PageItemID(page.URL)})
	var rej *rejection
	if errors.As(err, &rej) {
		in.metrics.pages.WithLabelValues("dead_lettered").Inc()
		in.f.metrics.rejects.WithLabelValues(string(rej.reason)).Inc()
		return stage.Permanent(string(rej.reason), fmt.Errorf("page %s: %w", page.URL, rej))
	}
	if err != nil {
		return fmt.Errorf("publish page %s: %w", page.URL, err)
	}
	if err := in.queue.Fetched(ctx, uniq(page.URL, req.URL)...); err != nil {
		d.Log.Warn("page fetched, but not recorded in the seen window", zap.Error(err))
	}
	in.metrics.pages.WithLabelValues("published").Inc()
	d.Log.Info("page fetched", zap.String("url", page.URL), zap.String("doc_id", res.Doc.ID),
		zap.String("feed", req.Feed), zap.Bool("duplicate", res.Duplicate))
	return nil
}

// pageFailed counts a failed fetch and decides its fate: retried later
// when it may pass and deliveries remain, else dead-lettered with its
// reason and recorded in its feed's status.
func (in *Intake) pageFailed(ctx context.Context, d *stage.Delivery, req *events.URLRequest, err error) error {
	if ctx.Err() != nil {
		return err
	}
	reason := web.ReasonOf(err)
	if reason == "" {
		reason = web.ReasonNetwork
	}
	in.metrics.failures.WithLabelValues(string(reason)).Inc()
	if web.IsTemporary(err) && d.NumDelivered < maxDeliver {
		in.metrics.pages.WithLabelValues("failed").Inc()
		return err
	}
	in.metrics.pages.WithLabelValues("dead_lettered").Inc()
	if req.Feed != "" {
		now := time.Now().UTC()
		_, ferr := in.feeds.Modify(context.WithoutCancel(ctx), req.Feed, func(f *feeds.Feed) {
			f.ItemFailures++
			f.LastItemError, f.LastItemReason, f.LastItemErrAt = err.Error(), string(reason), &now
		})
		if ferr != nil && !errors.Is(ferr, feeds.ErrNotFound) {
			d.Log.Warn("item failure not recorded in its feed", zap.Error(ferr))
		}
	}
	return stage.Permanent(string(reason), err)
}

// uniq lists the distinct non-empty strings of ss.
func uniq(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" && (len(out) == 0 || out[len(out)-1] != s) {
			out = append(out, s)
		}
	}
	return out
}
