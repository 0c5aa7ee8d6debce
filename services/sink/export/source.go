package export

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/sink/store"
)

// Options say what to export.
type Options struct {
	// Table is one of Tables, Format one of Formats.
	Table, Format string
	// Since keeps the articles whose time (published, else received) is not
	// before it, with their events and quotes, and the entities last seen
	// since; zero keeps everything.
	Since time.Time
	// Progress, if set, is called now and then with the rows and articles
	// written so far.
	Progress func(rows, articles int)
}

// Check reports an unknown table or format.
func (o Options) Check() error {
	var errs []error
	if !slices.Contains(Tables(), o.Table) {
		errs = append(errs, fmt.Errorf("unknown table %q: give articles, entities, events or quotes", o.Table))
	}
	if !slices.Contains(Formats(), o.Format) {
		errs = append(errs, fmt.Errorf("unknown format %q: give jsonl, csv or parquet", o.Format))
	}
	return errors.Join(errs...)
}

// Run writes o.Table of st to w in o.Format and returns how many rows it
// wrote. Articles, events and quotes are read from the stored records,
// oldest first; entities from the registry, most articles first.
func Run(ctx context.Context, st store.Store, o Options, w io.Writer) (int, error) {
	if err := o.Check(); err != nil {
		return 0, err
	}
	p := progress{fn: o.Progress}
	records := func(fn func(*events.EnrichedArticle) error) error {
		return st.Export(ctx, func(rec *events.EnrichedArticle) error {
			if !o.Since.IsZero() && store.SeenAt(rec).Before(o.Since) {
				return nil
			}
			p.articles++
			return fn(rec)
		})
	}
	var err error
	switch o.Table {
	case TableArticles:
		err = write(o.Format, w, &p, func(emit func(Article) error) error {
			return records(func(rec *events.EnrichedArticle) error { return emit(ArticleOfRecord(rec)) })
		})
	case TableEvents:
		err = write(o.Format, w, &p, func(emit func(Event) error) error {
			var rows []Event
			return records(func(rec *events.EnrichedArticle) error {
				for i, e := range rec.Events {
					rows = EventsOf(rows[:0], rec, e, i)
					for _, r := range rows {
						if err := emit(r); err != nil {
							return err
						}
					}
				}
				return nil
			})
		})
	case TableQuotes:
		err = write(o.Format, w, &p, func(emit func(Quote) error) error {
			return records(func(rec *events.EnrichedArticle) error {
				for _, q := range rec.Quotes {
					if err := emit(QuoteOf(rec.ID, q)); err != nil {
						return err
					}
				}
				return nil
			})
		})
	case TableEntities:
		err = write(o.Format, w, &p, func(emit func(Entity) error) error {
			return Entities(ctx, st, store.EntityQuery{}, func(e Entity) error {
				if !o.Since.IsZero() && e.LastSeen.Before(o.Since) {
					return nil
				}
				return emit(e)
			})
		})
	}
	p.report(true)
	return p.rows, err
}

// write runs each with an emit that writes one row in format to w.
func write[T any](format string, w io.Writer, p *progress, each func(emit func(T) error) error) error {
	tw, err := NewWriter[T](format, w)
	if err != nil {
		return err
	}
	err = each(func(row T) error {
		if err := tw.Write(row); err != nil {
			return fmt.Errorf("write %s: %w", format, err)
		}
		p.rows++
		p.report(false)
		return nil
	})
	if cerr := tw.Close(); err == nil {
		err = cerr
	}
	return err
}

// progress counts what was written and reports it at most every 200 ms.
type progress struct {
	fn             func(rows, articles int)
	rows, articles int
	last           time.Time
}

func (p *progress) report(final bool) {
	if p.fn == nil || !final && p.rows%256 != 0 {
		return
	}
	if now := time.Now(); final || now.Sub(p.last) >= 200*time.Millisecond {
		p.last = now
		p.fn(p.rows, p.articles)
	}
}
