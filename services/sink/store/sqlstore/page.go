package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/tidings-news/tidings/services/sink/store"
)

// readPage runs query, whose conditions' arguments are w's and whose last
// placeholder is the page size, and scans each row with scan, limit rows a
// page: when a row follows the limit-th, Next is what next returns after
// the limit-th row's scan. A bad cursor w was given fails first. A
// non-empty what prefixes every error.
func readPage[T any](ctx context.Context, r Reads, what, query string, w where, limit int,
	scan func(*sql.Rows) (T, error), next func() string) (store.Page[T], error) {
	page, err := queryPage(ctx, r, query, w, limit, scan, next)
	if err != nil && what != "" {
		err = fmt.Errorf("%s: %w", what, err)
	}
	return page, err
}

func queryPage[T any](ctx context.Context, r Reads, query string, w where, limit int,
	scan func(*sql.Rows) (T, error), next func() string) (store.Page[T], error) {
	if w.err != nil {
		return store.Page[T]{}, w.err
	}
	rows, err := r.db.QueryContext(ctx, r.d.Bind(query), append(w.args, limit+1)...)
	if err != nil {
		return store.Page[T]{}, err
	}
	defer rows.Close()
	var page store.Page[T]
	for rows.Next() {
		if len(page.Items) == limit {
			page.Next = next()
			break
		}
		item, err := scan(rows)
		if err != nil {
			return store.Page[T]{}, err
		}
		page.Items = append(page.Items, item)
	}
	if err := rows.Err(); err != nil {
		return store.Page[T]{}, err
	}
	return page, nil
}
