package store

import (
	"context"
	"time"
)

// Subscription is a webhook subscription: matching fan-out messages are
// POSTed to URL, signed with Secret.
type Subscription struct {
	ID string
	// Name labels the subscription's metrics (chosen by whoever made it).
	Name string
	// Subject is a subject filter within the fan-out subjects, e.g.
	// tidings.events.v1.19.>.
	Subject   string
	URL       string
	Secret    string
	CreatedAt time.Time
}

// Subscriptions keeps webhook subscriptions in the store's database.
type Subscriptions interface {
	// CreateSubscription stores s (its ID must be new).
	CreateSubscription(ctx context.Context, s Subscription) error
	// ListSubscriptions returns every subscription, oldest first.
	ListSubscriptions(ctx context.Context) ([]Subscription, error)
	// GetSubscription returns the subscription id, or an error wrapping ErrNotFound.
	GetSubscription(ctx context.Context, id string) (Subscription, error)
	// DeleteSubscription removes the subscription id, or returns an error
	// wrapping ErrNotFound.
	DeleteSubscription(ctx context.Context, id string) error
}
