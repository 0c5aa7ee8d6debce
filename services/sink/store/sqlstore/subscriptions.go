package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/tidings-news/tidings/services/sink/store"
)

// Subscriptions implements store.Subscriptions on database/sql: reads on
// one pool, writes on another (SQLite's writer connection; PostgreSQL's one
// pool twice).
type Subscriptions struct {
	read, write *sql.DB
	d           Dialect
}

// NewSubscriptions keeps subscriptions through read and write in dialect d.
func NewSubscriptions(read, write *sql.DB, d Dialect) Subscriptions {
	return Subscriptions{read: read, write: write, d: d}
}

// CreateSubscription stores s.
func (s Subscriptions) CreateSubscription(ctx context.Context, sub store.Subscription) error {
	_, err := s.write.ExecContext(ctx, s.d.Bind(`INSERT INTO subscriptions (id, name, subject, url, secret, created_at) VALUES (?, ?, ?, ?, ?, ?)`),
		sub.ID, sub.Name, sub.Subject, sub.URL, sub.Secret, s.d.TimeArg(sub.CreatedAt))
	if err != nil {
		return fmt.Errorf("create subscription %s: %w", sub.ID, err)
	}
	return nil
}

// ListSubscriptions returns every subscription, oldest first.
func (s Subscriptions) ListSubscriptions(ctx context.Context) ([]store.Subscription, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, name, subject, url, secret, created_at FROM subscriptions ORDER BY created_at, id`)
	var out []store.Subscription
	if err := EachRow(rows, err, func(rows *sql.Rows) error {
		sub, err := scanSubscription(rows)
		if err != nil {
			return err
		}
		out = append(out, sub)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("list subscriptions: %w", err)
	}
	return out, nil
}

// GetSubscription returns the subscription id.
func (s Subscriptions) GetSubscription(ctx context.Context, id string) (store.Subscription, error) {
	row := s.read.QueryRowContext(ctx, s.d.Bind(`SELECT id, name, subject, url, secret, created_at FROM subscriptions WHERE id = ?`), id)
	sub, err := scanSubscription(row)
	if errors.Is(err, sql.ErrNoRows) {
		return sub, fmt.Errorf("subscription %s: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return sub, fmt.Errorf("subscription %s: %w", id, err)
	}
	return sub, nil
}

// DeleteSubscription removes the subscription id.
func (s Subscriptions) DeleteSubscription(ctx context.Context, id string) error {
	res, err := s.write.ExecContext(ctx, s.d.Bind(`DELETE FROM subscriptions WHERE id = ?`), id)
	if err != nil {
		return fmt.Errorf("delete subscription %s: %w", id, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("subscription %s: %w", id, store.ErrNotFound)
	}
	return nil
}

func scanSubscription(row interface{ Scan(...any) error }) (store.Subscription, error) {
	var sub store.Subscription
	var created any
	if err := row.Scan(&sub.ID, &sub.Name, &sub.Subject, &sub.URL, &sub.Secret, &created); err != nil {
		return sub, err
	}
	t, err := toTime(created)
	if err != nil {
		return sub, err
	}
	sub.CreatedAt = t
	return sub, nil
}
